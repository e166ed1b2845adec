"""Celery tasks of titles: thin interfaces that load by primary key and call a service."""
import logging

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from . import certificates
from .constants import RenderStatus
from .models import Certificate

logger = logging.getLogger(__name__)

RENDER_MAX_RETRIES = 5


def render_backoff(retries, *, jitter=True):
    """Seconds before retry number ``retries + 1``: up to 10, 20, 40, 80, 160 s, at most 10 min.

    Full jitter (a random delay up to the cap) spreads the retries of a batch certified together, so
    they do not all hit a recovering dependency at the same moment.
    """
    return get_exponential_backoff_interval(factor=10, retries=retries, maximum=600, full_jitter=jitter)


@shared_task(bind=True, acks_late=True, max_retries=RENDER_MAX_RETRIES, soft_time_limit=60, time_limit=90)
def render_certificate_task(self, certificate_id):
    """Render a certificate's PDF.

    Safe to run twice (acks_late redelivers after a worker crash): a ready certificate returns at
    once. A failed attempt is recorded and retried with exponential back-off; after the last retry
    the certificate is marked failed, for an admin to retry, and the task ends without raising (the
    failure is in the database, where people see it).
    """
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        logger.warning("Certificate %s does not exist; nothing to render.", certificate_id)
        return "missing"
    if certificate.status == RenderStatus.READY:
        return "ready"
    try:
        certificates.render_certificate(certificate)
    except Exception as exc:
        final = self.request.retries >= self.max_retries
        certificates.record_render_failure(certificate, exc, final=final)
        if final:
            logger.exception("Certificate %s failed to render after %s attempts.", certificate.number,
                             self.request.retries + 1)
            return "failed"
        countdown = render_backoff(self.request.retries)
        if self.request.is_eager:
            # Eager mode (embedded default, tests) with task_eager_propagates: a raised Retry escapes
            # Task.apply(); a returned one makes apply() run the retry inline (without the countdown).
            return self.retry(exc=exc, countdown=countdown, throw=False)
        raise self.retry(exc=exc, countdown=countdown) from exc
    return "ready"
