"""How the province's transitions are offered on pages (labels, styles, confirm forms and pages)."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.actions import APPLICATION_ACTIONS
from portal.actions import Action
from review.models import MiitResult

from .forms import NoteForm, ReasonForm

APPLICATION_ACTIONS.present(
    Action("accept", label=_("Accept the recommendation"), done_label=_("Accepted by the province"),
           form_class=NoteForm, order=20),
    Action("return_to_city", label=_("Return to the city"), done_label=_("Returned to the city by the province"),
           form_class=ReasonForm, style="warning", order=40),
    Action("start_review", label=_("Assign experts and start the review"), done_label=_("Expert review started"),
           confirm_url=lambda app: reverse("review:assign_experts", args=[app.pk]), order=20),
    Action("approve", label=_("Approve"), done_label=_("Approved by the province"),
           form_class=NoteForm, style="success", order=20),
    Action("reject", label=_("Reject"), done_label=_("Not approved by the province"),
           form_class=ReasonForm, style="outline-danger", order=60),
    Action("publish_notice", label=_("Publish for public notice"), done_label=_("Published for public notice"),
           confirm_url=lambda app: (f"{reverse('review:notice_new')}?round={app.round_id}&tier={app.tier_id}"
                                   f"&application={app.pk}"), order=20),
    Action("certify", label=_("Certify"), done_label=_("Certified"), style="success", order=20),
    Action("reject_after_objection", label=_("Reject after an upheld objection"), done_label=_("Not approved after an objection"),
           form_class=ReasonForm, style="outline-danger", order=60),
    Action("recommend_to_miit", label=_("Recommend to MIIT"), done_label=_("Recommended to MIIT by the province"),
           form_class=NoteForm, order=30),
    Action("record_miit_approval", label=_("Record MIIT's approval"), done_label=_("Approved by MIIT"),
           confirm_url=lambda app: reverse("review:miit_outcome", args=[app.pk, MiitResult.APPROVED]), style="success", order=20),
    Action("record_miit_rejection", label=_("Record MIIT's rejection"), done_label=_("Not approved by MIIT"),
           confirm_url=lambda app: reverse("review:miit_outcome", args=[app.pk, MiitResult.REJECTED]), style="outline-danger", order=60),
)
