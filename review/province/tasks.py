"""The province's background work, as outbox handlers (``portal.outbox``): thin interfaces that load
by primary key and call a service."""
from portal import outbox
from portal.models import AuditEntry

from .services import notify_expert_assigned


@outbox.handler("review.notify_expert_assigned", max_attempts=8)
def notify_expert_of_assignment(audit_entry_id):
    """E-mail an expert that an application was assigned to them; safe to run twice (sends once)."""
    entry = AuditEntry.objects.filter(pk=audit_entry_id).first()
    if entry is None:
        return "gone"
    notify_expert_assigned(entry)
    return "sent"
