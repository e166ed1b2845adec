"""How the rename lifecycle's steps are offered on pages: label, style and what the confirm page asks."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.actions import Action, ActionSet

from .forms import MiitApprovalForm, RenameNoteForm, RenameReasonForm
from .renames import RENAME


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
