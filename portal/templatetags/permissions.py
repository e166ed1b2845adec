"""``{% can "perm" obj as name %}``: the template asks a django-rules permission, as the views do.

Not Django's ``{% if perms %}`` or rules' ``{% has_perm %}``: those ask ``user.has_perm``, which says
yes to every superuser (the portal's admins), whatever the predicate says.
"""
import rules
from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, perm, obj=None):
    """True when the signed-in user has ``perm`` (on ``obj``)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return rules.has_perm(perm, user, obj)
