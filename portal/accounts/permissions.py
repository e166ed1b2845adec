"""Who a user is, as django-rules predicates: the base every app's permissions are built from.

The portal has one permission mechanism: predicates on the object, registered with django-rules and
asked by name (``rules.has_perm(name, user, obj)``: the engine for every transition, the views through
``portal.decorators.permission_required`` and ``{% can %}``), plus selectors scoped to the user, so an
object outside the user's scope is a 404. "A provincial officer or an admin" is said once, here.

Django's own ``user.has_perm`` is not asked: admins are superusers for the Django admin site, and
Django answers every ``has_perm`` of a superuser with yes, which would let an admin submit an
enterprise's application.
"""
import rules

from .constants import Role


def role_of(user):
    """The user's role, or None for an anonymous or inactive user."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return None
    return getattr(user, "role", None)


@rules.predicate
def is_enterprise_user(user, obj=None):
    """A user of an enterprise (what it may see of an object is each app's predicate on the object)."""
    return role_of(user) == Role.ENTERPRISE


@rules.predicate
def is_city_official(user, obj=None):
    """An official of a city bureau (which city's work is each app's predicate on the object)."""
    return role_of(user) == Role.CITY_OFFICIAL


@rules.predicate
def is_provincial_staff(user, obj=None):
    """A provincial officer, or an admin (admins hold the provincial department's full rights)."""
    return role_of(user) in (Role.PROVINCIAL_OFFICER, Role.ADMIN)


@rules.predicate
def is_provincial_officer(user, obj=None):
    """A provincial officer, not an admin (for the few pages of the officer's own work)."""
    return role_of(user) == Role.PROVINCIAL_OFFICER


@rules.predicate
def is_expert(user, obj=None):
    return role_of(user) == Role.EXPERT


@rules.predicate
def is_admin(user, obj=None):
    return role_of(user) == Role.ADMIN


is_official = is_city_official | is_provincial_staff

# The areas of the portal, by who works there (views ask these through permission_required).
AREAS = {
    "portal.enterprise_area": is_enterprise_user,
    "portal.city_area": is_city_official,
    "portal.province_area": is_provincial_staff,
    "portal.officer_area": is_provincial_officer,
    "portal.expert_area": is_expert,
    "portal.admin_area": is_admin,
    "portal.officials_area": is_official,
    "portal.titles_area": is_enterprise_user | is_official,
    "portal.review_area": is_expert | is_provincial_staff,
}
for _name, _predicate in AREAS.items():
    rules.add_perm(_name, _predicate)

# The industries open to branches (Art. 5 (1) "等"): the province adds one, with a reason.
rules.add_perm("accounts.add_branch_industry", is_provincial_staff)
