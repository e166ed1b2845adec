"""Template access to the maturity assessment's provenance and its check (Art. 5 (5)), for every page that
shows an application's content: the enterprise's, the officials' and the experts'."""
from django import template

from ..actions import assessment_actions_for
from ..constants import ASSESSMENT_REPORT
from ..models import AssessmentCheck

register = template.Library()


@register.inclusion_tag("applications/_assessment.html", takes_context=True)
def assessment_provenance(context, application):
    """``{% assessment_provenance application %}``: rows of a ``<dl class="row">`` with the level, where it
    comes from, the report, the officials' mark and the marks the reader may give."""
    check = AssessmentCheck.objects.filter(application=application).select_related("checked_by").first()
    user = context.get("user")
    actions = assessment_actions_for(check or AssessmentCheck(application=application), user) if user else []
    return {
        "application": application, "check": check, "actions": actions,
        "reports": [a for a in application.active_attachments() if a.section == ASSESSMENT_REPORT],
    }
