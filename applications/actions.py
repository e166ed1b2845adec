"""How the application lifecycle's transitions are offered on pages: label, style, confirm form, URL.

The review stages present their own transitions here too (``review.city.actions``,
``review.province.actions``); every declared transition has exactly one face (a test checks it).
"""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.actions import Action, ActionSet

from .assessment import ASSESSMENT_CHECK
from .forms import QueryAssessmentForm, ReturnForRevisionForm, StopForm, VerifyAssessmentForm, WithdrawForm
from .workflow import APPLICATION


def _confirm_page(application, name):
    return reverse("applications:transition", args=[application.pk, name])


def _review_step(application):
    return reverse("applications:step", args=[application.pk, "review"])


APPLICATION_ACTIONS = ActionSet(APPLICATION, default_url=_confirm_page)

APPLICATION_ACTIONS.present(
    Action("submit", label=_("Submit the application"), done_label=_("Submitted"), confirm_url=_review_step,
           order=10),
    Action("resubmit", label=_("Resubmit the revised application"), done_label=_("Resubmitted"),
           confirm_url=_review_step, order=10),
    Action("return_for_revision", label=_("Return for revision"), done_label=_("Returned for revision"),
           form_class=ReturnForRevisionForm, style="warning", order=50),
    Action("withdraw", label=_("Withdraw the application"), done_label=_("Withdrawn"), form_class=WithdrawForm,
           style="outline-danger", order=90),
    # Offered only where the title the tier needs is no longer held; a revocation stops it by itself.
    Action("stop", label=_("Stop: the title it needs was revoked"), done_label=_("Stopped"), form_class=StopForm,
           style="outline-danger", order=95),
)


# An official's mark on the maturity assessment report (Art. 5 (5)); ``reopen`` is the service's own move.
ASSESSMENT_ACTIONS = ActionSet(
    ASSESSMENT_CHECK,
    default_url=lambda check, name: reverse("applications:check_assessment", args=[check.application_id, name]),
)
ASSESSMENT_ACTIONS.present(
    Action("verify", label=_("Mark the report verified"), done_label=_("Assessment report verified"),
           form_class=VerifyAssessmentForm, style="outline-success", order=10),
    Action("query", label=_("Query the report"), done_label=_("Assessment report queried"),
           form_class=QueryAssessmentForm, style="outline-warning", order=20),
)


def assessment_actions_for(check, user):
    """The marks ``user`` may give the assessment ``check`` (unsaved before the first) now, with their URLs."""
    return ASSESSMENT_ACTIONS.for_user(check, user)


def actions_for(application, user):
    """The action buttons ``user`` has on ``application``: each with its URL."""
    return APPLICATION_ACTIONS.for_user(application, user)
