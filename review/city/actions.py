"""How the city's transitions are offered on pages (labels, styles, confirm forms and pages)."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.actions import APPLICATION_ACTIONS
from portal.actions import Action

from .forms import PassForm, RejectForm

APPLICATION_ACTIONS.present(
    Action("city_pass", label=_("Pass the pre-screen"), done_label=_("Passed the city's pre-screen"),
           form_class=PassForm, style="success", order=20),
    Action("city_reject", label=_("Reject at pre-screen"), done_label=_("Rejected at the city's pre-screen"),
           form_class=RejectForm, style="outline-danger", order=60),
    Action("city_recognize", label=_("Recognize as a basic smart factory"),
           done_label=_("Recognized by the city and filed with the province"),
           confirm_url=lambda app: reverse("review:city_recognize", args=[app.pk]), style="success", order=20),
    Action("recommend", label=_("Recommend to the province"), done_label=_("Recommended by the city"),
           confirm_url=lambda app: reverse("review:city_recommend", args=[app.pk]), style="success", order=20),
    Action("withdraw_recommendation", label=_("Withdraw the recommendation"),
           done_label=_("Recommendation withdrawn by the city"),
           confirm_url=lambda app: reverse("review:city_withdraw_recommendation", args=[app.pk]),
           style="outline-warning", order=40),
)
