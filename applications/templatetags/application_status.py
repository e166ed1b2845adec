"""``{% status_badge application %}``: an application's state as a badge, on every list and header.

A tag, not an included template: lists show it on every row, and an include costs a template context
and a node walk per row (the city's recommendations page renders over a hundred)."""
from django import template
from django.utils.html import format_html

from ..constants import Status

register = template.Library()

BADGE_CLASSES = {
    Status.RETURNED: "text-bg-warning",
    Status.DRAFT: "text-bg-secondary",
    Status.WITHDRAWN: "text-bg-dark",
    Status.CITY_REJECTED: "text-bg-dark",
    Status.REJECTED: "text-bg-dark",
    Status.MIIT_REJECTED: "text-bg-dark",
}


@register.simple_tag(takes_context=True)
def status_badge(context, application):
    """The enterprise reads its own wording of the state (APPLICANT_VIEW); officials the state's name."""
    user = context.get("user")
    label = application.applicant_label if getattr(user, "is_enterprise", False) else application.get_status_display()
    return format_html('<span class="badge rounded-pill {}" data-status="{}">{}</span>',
                       BADGE_CLASSES.get(application.status, "text-bg-primary"), application.status, label)
