from celery import shared_task

from portal.models import AuditEntry


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=600,
             max_retries=8)
def notify_enterprise_task(self, audit_entry_id):
    """E-mail the enterprise about one transition of its application; safe to run twice (sends once)."""
    from .notifications import notify_enterprise

    entry = AuditEntry.objects.filter(pk=audit_entry_id).first()
    if entry is None:
        return "gone"
    notify_enterprise(entry)
    return "sent"
