"""The enterprise's home: its applications with status and timeline, and what to do next (its titles are
the titles panel's, ``tiers.titles.panels``)."""
from portal.accounts.constants import Role
from portal.dashboards import register_panel

from .next_steps import next_step
from .selectors import applications_visible_to
from .timeline import timelines_for


@register_panel(Role.ENTERPRISE, order=10)
def enterprise_applications_panel(request):
    applications = list(applications_visible_to(request.user).order_by("-updated_at")[:20])
    timelines = timelines_for(applications)
    # No buttons here (the application's page has them): asking each application's steps and their checks
    # would read a round's window per draft.
    items = [{"application": app, "timeline": timelines[app.pk], "step": next_step(app)} for app in applications]
    return {
        "template": "applications/_enterprise_panel.html",
        "items": items,
        # A draft to finish, or a step only the enterprise can take (the stamped scans the city's pass waits for).
        "todo": [item for item in items if item["application"].is_editable or item["step"].url],
    }
