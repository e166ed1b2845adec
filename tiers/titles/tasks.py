"""The background work of titles, as outbox handlers (``portal.outbox``): thin interfaces that load by
primary key and call a service. The worker imports this module at start (Celery's autodiscovery)."""
import logging

from portal import outbox

from . import certificates
from .constants import RenderStatus
from .models import Certificate

logger = logging.getLogger(__name__)

RENDER_MAX_ATTEMPTS = 6


# The outbox's back-off (10, 20, 40, 80, 160 s, at most 5 min, jittered), under the name the render's
# tests and handler registration look up.
render_backoff = outbox.default_backoff


def _record_render_failure(exc, certificate_id, *, final):
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is not None:
        certificates.record_render_failure(certificate, exc, final=final)


@outbox.handler("titles.render_certificate", max_attempts=RENDER_MAX_ATTEMPTS,
                backoff=lambda attempt: render_backoff(attempt),  # looked up when called
                on_error=_record_render_failure,
                soft_time_limit=60, time_limit=90)
def render_certificate(certificate_id):
    """Render a certificate's PDF; a ready certificate is left as it is (safe to run twice).

    A failed attempt is recorded on the certificate and retried with back-off; after the last attempt
    the certificate is failed, with the reason, for an admin to retry.
    """
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        logger.warning("Certificate %s does not exist; nothing to render.", certificate_id)
        return "missing"
    if certificate.status == RenderStatus.READY:
        return "ready"
    certificates.render_certificate(certificate)
    return "ready"


# --- life after recognition: notices of steps and deadline reminders (``reminders``) ----------------

@outbox.handler("titles.notify_enterprise_of_step", max_attempts=8)
def notify_enterprise_of_step(audit_entry_id):
    """E-mail the enterprise about one step on its evaluation or revocation case (sends once)."""
    from .reminders import send_step_notice

    return send_step_notice(audit_entry_id)


@outbox.handler("titles.notify_evaluation_batch", max_attempts=8)
def notify_evaluation_batch(batch):
    """E-mail each enterprise whose title an evaluation opened as ``batch`` covers (each once)."""
    from .reminders import send_batch_notices

    return f"sent {send_batch_notices(batch)}"
