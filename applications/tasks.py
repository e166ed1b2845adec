"""The background work of applications, as outbox handlers (``portal.outbox``), and the daily screening of
titled enterprises against the dishonest-entity list (Celery beat)."""
from celery import shared_task

from portal import outbox
from portal.models import AuditEntry


@outbox.handler("applications.notify_enterprise", max_attempts=8)
def notify_enterprise_of_transition(audit_entry_id):
    """E-mail the enterprise about one transition of its application; safe to run twice (sends once)."""
    from .notifications import notify_enterprise

    entry = AuditEntry.objects.filter(pk=audit_entry_id).first()
    if entry is None:
        return "gone"
    notify_enterprise(entry)
    return "sent"


@shared_task(name="applications.screen_dishonest_entities", ignore_result=True, acks_late=True, time_limit=1800,
             soft_time_limit=1700)
def screen_dishonest_entities_task():
    """Daily (Celery beat): open a revocation case for each titled enterprise newly found on the latest list
    of seriously dishonest entities (``applications.screening``); safe to run twice (opens none)."""
    from .screening import screen_dishonest_entities

    return screen_dishonest_entities()
