"""How the rename, evaluation and revocation-case lifecycles' steps are offered on pages: label, style and what the confirm page asks."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.actions import Action, ActionSet

from . import aftercare_forms
from .forms import MiitApprovalForm, RenameNoteForm, RenameReasonForm
from .monitoring import EVALUATION
from .renames import RENAME
from .revocation import CASE


def _confirm_page(rename, name):
    return reverse("titles:rename_step_confirm", args=[rename.pk, name])


RENAME_ACTIONS = ActionSet(RENAME, default_url=_confirm_page)
RENAME_ACTIONS.present(
    Action("city_approve", label=_("Approve the rename and file it with the province"),
           done_label=_("The rename is approved and filed with the provincial department."),
           form_class=RenameNoteForm, style="success"),
    Action("city_forward", label=_("Forward to the provincial department"),
           done_label=_("The request is forwarded to the provincial department."), form_class=RenameNoteForm),
    Action("city_reject", label=_("Reject"), done_label=_("The request is rejected."), form_class=RenameReasonForm,
           style="outline-danger"),
    Action("province_approve", label=_("Approve the rename"), done_label=_("The rename is approved."),
           form_class=RenameNoteForm, style="success"),
    Action("record_miit_approval", label=_("Record MIIT's approval"),
           done_label=_("MIIT's approval is recorded and the rename carried out."), form_class=MiitApprovalForm,
           style="success"),
    Action("province_reject", label=_("Reject"), done_label=_("The request is rejected."),
           form_class=RenameReasonForm, style="outline-danger"),
    Action("acknowledge_filing", label=_("Acknowledge the filing"), done_label=_("The filing is acknowledged."),
           form_class=RenameNoteForm, style="outline-primary"),
)

# The steps that carry the rename out, for the confirm page's warning.
APPROVING_STEPS = frozenset({"city_approve", "province_approve", "record_miit_approval"})


# --- life after recognition: monitoring evaluations and revocation cases (Art. 15) ------------------

def _evaluation_step(evaluation, name):
    return reverse("titles:evaluation_step", args=[evaluation.pk, name])


def _case_step(case, name):
    return reverse("titles:case_step", args=[case.pk, name])


EVALUATION_ACTIONS = ActionSet(EVALUATION, default_url=_evaluation_step)
EVALUATION_ACTIONS.present(
    Action("submit_report", label=_("Submit the monitoring report"), done_label=_("Monitoring report submitted"),
           form_class=aftercare_forms.MonitoringReportForm, style="primary", order=10),
    Action("pass", label=_("Record: passed"), done_label=_("Evaluation passed"), form_class=aftercare_forms.PassForm,
           style="success", order=20),
    Action("fail", label=_("Record: not passed, rectification required"),
           done_label=_("Not passed: rectification required"), form_class=aftercare_forms.FailForm,
           style="outline-danger", order=30),
    Action("submit_rectification", label=_("Submit the rectification"), done_label=_("Rectification submitted"),
           form_class=aftercare_forms.RectificationForm, style="primary", order=10),
    Action("pass_reevaluation", label=_("Record: passed after rectification"),
           done_label=_("Passed after rectification"), form_class=aftercare_forms.ReevaluationPassForm,
           style="success", order=20),
    Action("fail_reevaluation", label=_("Record: failed after rectification"),
           done_label=_("Failed after rectification: a revocation case on Art. 15 (3) is opened"),
           form_class=aftercare_forms.ReevaluationFailForm, style="danger", order=30),
    Action("close", label=_("Close without a conclusion"), done_label=_("Closed without a conclusion"),
           form_class=aftercare_forms.CloseEvaluationForm, style="outline-secondary", order=90),
)

CASE_ACTIONS = ActionSet(CASE, default_url=_case_step)
CASE_ACTIONS.present(
    Action("submit_statement", label=_("Submit your statement"), done_label=_("Statement submitted"),
           form_class=aftercare_forms.StatementForm, order=10),
    Action("revoke", label=_("Decide: revoke"), done_label=_("Decided: the titles are revoked"),
           form_class=aftercare_forms.RevokeDecisionForm, style="danger", order=20),
    Action("record_miit_revocation", label=_("Record MIIT's revocation"),
           done_label=_("MIIT's revocation recorded: the titles are revoked"),
           form_class=aftercare_forms.RevokeDecisionForm, style="danger", order=20),
    Action("dismiss", label=_("Decide: dismiss, the title stands"), done_label=_("Dismissed: the titles stand"),
           form_class=aftercare_forms.DecisionForm, style="outline-success", order=30),
    Action("overturn", label=_("Record that the revocation was overturned"),
           done_label=_("Overturned: the titles are restored"), form_class=aftercare_forms.OverturnForm,
           style="outline-warning", order=40),
    Action("acknowledge_filing", label=_("Acknowledge the filing"), done_label=_("Filing acknowledged"),
           form_class=aftercare_forms.NoteForm, style="outline-primary", order=50),
)

# The steps whose confirm page states the consequences for the titles.
REVOKING_STEPS = frozenset({"revoke", "record_miit_revocation"})
