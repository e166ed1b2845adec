"""E-mail to the enterprise when someone else moves its application (a return, a decision, a title).

The enterprise's own actions (submit, resubmit, withdraw) send nothing: it knows. Experts' names and
scores never appear; a return or rejection reason does, since it concerns the enterprise.
"""
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .constants import APPLICANT_VIEW
from .models import Application, Notification
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


def notify_enterprise(audit_entry):
    """Send the e-mail for one audited transition, once. Returns the Notification (new or existing)."""
    application = Application.objects.select_related("enterprise", "tier", "round").get(pk=audit_entry.object_id)
    existing = Notification.objects.filter(audit_entry=audit_entry).first()
    if existing:
        return existing
    recipient = application.enterprise.contact_email
    # Enterprises read Chinese by default; the e-mail is in the portal's default language.
    with translation.override(settings.LANGUAGE_CODE):
        label, next_step = APPLICANT_VIEW.get(application.status, (application.get_status_display(), ""))
        context = {
            "application": application,
            "status_label": label,
            "next_step": next_step,
            "reason": audit_entry.message,
            "url": settings.SITE_URL.rstrip("/") + reverse("applications:detail", args=[application.pk]),
        }
        subject = render_to_string("applications/email/status_subject.txt", context).strip()
        body = render_to_string("applications/email/status_body.txt", context)
    return send_once(audit_entry=audit_entry, application=application, recipient=recipient,
                     subject=subject, body=body)


def send_once(*, audit_entry, application, recipient, subject, body):
    """Send one e-mail per audited event: a second call for the same ``audit_entry`` sends nothing."""
    existing = Notification.objects.filter(audit_entry=audit_entry).first()
    if existing:
        return existing
    with transaction.atomic():
        # Row first, then the e-mail: if sending fails the row rolls back and the retry sends again.
        notification = Notification.objects.create(
            audit_entry=audit_entry, application=application, recipient=recipient, subject=subject[:200]
        )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    return notification
