"""Celery tasks of the province: thin interfaces that load by primary key and call a service."""
from celery import shared_task

from portal.models import AuditEntry

from .services import notify_expert_assigned


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=600,
             max_retries=8)
def notify_expert_assigned_task(self, audit_entry_id):
    """E-mail an expert that an application was assigned to them; safe to run twice (sends once)."""
    entry = AuditEntry.objects.filter(pk=audit_entry_id).first()
    if entry is None:
        return "gone"
    notify_expert_assigned(entry)
    return "sent"
