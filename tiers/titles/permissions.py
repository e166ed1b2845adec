"""Who may see and act on titles and rename requests (django-rules predicates, also registered as perms).

Revocation (Art. 15): the provincial department (its officers, and admins, who hold full rights)
revokes any title; a city bureau revokes only basic titles of its own city, because it is the city
that recognized them (Art. 11). Renames (Art. 16): the enterprise asks for its own titles; the city
bureau of the enterprise's city decides or forwards; the provincial department decides what was
forwarded and acknowledges the city's filings. The status a step starts from is the business of the
transition table in ``tiers.renames``, not of these predicates.
"""
import rules

from portal.accounts.constants import Role
from portal.accounts.permissions import is_admin, is_provincial_staff, role_of
from tiers.constants import Authority

is_province = is_provincial_staff


@rules.predicate
def is_city_official_of_title(user, title):
    """A city official of the city the title's enterprise is registered in."""
    return bool(title is not None and role_of(user) == Role.CITY_OFFICIAL and user.city_id
                and user.city_id == title.enterprise.city_id)


@rules.predicate
def is_city_tier(user, title):
    """The title's tier is recognized by the city bureau (basic, Art. 11)."""
    return title is not None and title.tier.authority == Authority.CITY


@rules.predicate
def is_enterprise_of(user, rename_request):
    """The user works for the enterprise that asked for the rename."""
    return bool(rename_request is not None and role_of(user) == Role.ENTERPRISE
                and user.enterprise_id == rename_request.enterprise_id)


@rules.predicate
def is_city_official_of_request(user, rename_request):
    """A city official of the city the requesting enterprise is registered in."""
    return bool(rename_request is not None and role_of(user) == Role.CITY_OFFICIAL and user.city_id
                and user.city_id == rename_request.enterprise.city_id)


can_view_title = is_province | is_city_official_of_title
can_revoke_title = is_province | (is_city_official_of_title & is_city_tier)
can_view_rename = is_enterprise_of | is_city_official_of_request | is_province
can_city_decide_rename = is_city_official_of_request
can_province_decide_rename = is_province

can_supersede_title = can_revoke_title  # who decides a rename of the title (Art. 16) is who could revoke it


@rules.predicate
def may_revoke_certificates_title(user, certificate):
    """Whoever may revoke (or, by a rename, supersede) the certificate's title."""
    return certificate is not None and can_revoke_title(user, certificate.title)


rules.add_perm("titles.view_title_record", can_view_title)
rules.add_perm("titles.supersede_title", can_supersede_title)
rules.add_perm("titles.supersede_certificate", may_revoke_certificates_title)
rules.add_perm("titles.revoke_certificate", may_revoke_certificates_title)
rules.add_perm("titles.revoke_title", can_revoke_title)
rules.add_perm("titles.view_rename_request", can_view_rename)
rules.add_perm("titles.city_decide_rename", can_city_decide_rename)
rules.add_perm("titles.province_decide_rename", can_province_decide_rename)


# --- certificates ---------------------------------------------------------------------------------

@rules.predicate
def can_download_certificate(user, certificate):
    """The title's enterprise, the officials of its city, provincial officers and admins."""
    role = role_of(user)
    if role is None or certificate is None:
        return False
    if role == Role.ENTERPRISE:
        return user.enterprise_id == certificate.title.enterprise_id
    if role == Role.CITY_OFFICIAL:
        return user.city_id == certificate.title.enterprise.city_id
    return is_provincial_staff(user)


# Admins only: re-queueing a render is an operational act on the whole register.
can_retry_render = is_admin


rules.add_perm("titles.download_certificate", can_download_certificate)
rules.add_perm("titles.retry_certificate_render", can_retry_render)
