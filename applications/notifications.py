"""E-mail to the enterprise when someone else moves its application (a return, a decision, a title).

The enterprise's own actions (submit, resubmit, withdraw) send nothing: it knows. Experts' names and
scores never appear; a return or rejection reason does, since it concerns the enterprise.
"""
from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.accounts.constants import Role
from portal.notifications import city_officials, notify, provincial_officers, register_kind

from .constants import APPLICANT_VIEW
from .models import Application
from .next_steps import next_step
from .workflow import application_transitioned


def concerns_enterprise(application, actor):
    """True when the transition was done by someone other than the applicant's own users."""
    return getattr(actor, "enterprise_id", None) != application.enterprise_id


@receiver(application_transitioned, dispatch_uid="applications.notify_enterprise")
def _on_transition(sender, instance, transition, actor, audit_entry=None, **kwargs):
    """Inside the transition's transaction: the e-mail goes into the outbox with it."""
    application = instance
    if audit_entry is not None and concerns_enterprise(application, actor):
        from portal import outbox

        from .tasks import notify_enterprise_of_transition

        outbox.schedule(notify_enterprise_of_transition, audit_entry.pk)


STATUS = register_kind("applications.status", _("My applications: each decision and return"), audience="enterprise")


def enterprise_users(application):
    return application.enterprise.users.filter(role=Role.ENTERPRISE, is_active=True)


def notify_enterprise(audit_entry):
    """Notify the enterprise's users of one audited transition (``portal.notifications``), once per user:
    in the centre, and by e-mail unless they turned it off. Returns the notifications new now."""
    application = Application.objects.select_related("enterprise", "tier", "round").get(pk=audit_entry.object_id)
    # Enterprises read Chinese by default; the notice is in the portal's default language.
    with translation.override(settings.LANGUAGE_CODE):
        label = APPLICANT_VIEW.get(application.status, (application.get_status_display(), ""))[0]
        context = {
            "application": application,
            "status_label": label,
            "next_step": str(next_step(application)),
            "reason": audit_entry.message,
        }
        subject = render_to_string("applications/email/status_subject.txt", context).strip()
        body = render_to_string("applications/email/status_body.txt", context)
    with transaction.atomic():
        return notify(enterprise_users(application), kind=STATUS.code, key=f"audit:{audit_entry.pk}",
                      subject=subject, body=body, url=reverse("applications:detail", args=[application.pk]))


# --- the officials: what waits for them ------------------------------------------------------------

SUBMITTED = register_kind("applications.submitted", _("An application of my city submitted for the pre-screen"),
                          audience="city")
RETURNED_TO_CITY = register_kind("applications.returned_to_city",
                                 _("A recommendation of my city returned by the province"), audience="city")
RECOMMENDED = register_kind("applications.recommended", _("An application recommended to the province"),
                            audience="province")


def _officials(application, transition_name):
    """(kind, users, page) of the officials who act next after ``transition_name``, or None: the city's
    bureau on a submission and when the province sends its recommendation back (its place in the quota
    is free again, Art. 12); the province on a recommendation."""
    if transition_name in ("submit", "resubmit"):
        return (SUBMITTED, city_officials(application.city_id),
                reverse("applications:detail", args=[application.pk]))
    if transition_name == "return_to_city":
        return (RETURNED_TO_CITY, city_officials(application.city_id),
                reverse("applications:detail", args=[application.pk]))
    if transition_name == "recommend":
        return (RECOMMENDED, provincial_officers(), reverse("review:province_application", args=[application.pk]))
    return None


@receiver(application_transitioned, dispatch_uid="applications.notify_officials")
def _tell_officials(sender, instance, transition, actor, audit_entry=None, **kwargs):
    """Inside the transition's transaction: the officials who must act next are told (the centre and
    e-mail, through the outbox after the commit); a city whose recommendation came back reads why."""
    found = _officials(instance, getattr(transition, "name", "")) if audit_entry is not None else None
    if found is None:
        return
    kind, users, url = found
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[Shandong smart factories] %(what)s: %(enterprise)s, %(tier)s") % {
            "what": kind.label, "enterprise": instance.enterprise.name, "tier": instance.tier.name}
        body = _("%(enterprise)s (%(city)s), %(tier)s, %(round)s.") % {
            "enterprise": instance.enterprise.name, "city": instance.enterprise.city.name,
            "tier": instance.tier.name, "round": instance.round.name}
        if kind is RETURNED_TO_CITY and audit_entry.message:  # the city reads why before it acts again
            body = f"{body}\n\n" + _("Reasons: %(text)s") % {"text": audit_entry.message}
    notify(users, kind=kind.code, key=f"audit:{audit_entry.pk}", subject=str(subject), body=str(body), url=url)


# --- the enterprise: a query of its maturity assessment report ------------------------------------------

def _on_assessment_check(sender, instance, transition, actor, audit_entry=None, **kwargs):
    """An official queried the enterprise's maturity assessment report (Art. 5 (5)): its users are told
    what is in doubt, in the centre and by e-mail, so it can answer before the review goes on."""
    if getattr(transition, "name", "") != "query" or audit_entry is None:
        return
    application = instance.application
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[Shandong smart factories] Your maturity assessment report is queried: %(tier)s, %(round)s") % {
            "tier": application.tier.name, "round": application.round.name}
        body = _("The official who checked the report of your maturity assessment asks: %(note)s") % {
            "note": instance.note}
    notify(enterprise_users(application), kind=STATUS.code, key=f"audit:{audit_entry.pk}", subject=str(subject),
           body=str(body), url=reverse("applications:detail", args=[application.pk]))


def _connect_assessment_check():
    from .assessment import ASSESSMENT_CHECK

    ASSESSMENT_CHECK.transitioned.connect(_on_assessment_check, dispatch_uid="applications.assessment_queried")


_connect_assessment_check()
