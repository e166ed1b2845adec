"""The background work of applications, as outbox handlers (``portal.outbox``)."""
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
