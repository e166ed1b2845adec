"""Write and read the audit trail."""
from typing import Any

from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry


def audit(actor: Any, verb: str, obj: Any = None, *, before: Any = None, after: Any = None, message: Any = "") -> Any:
    """Record that ``actor`` did ``verb`` (e.g. "review.recommended") to ``obj``.

    Call inside the same transaction as the change, so the row exists exactly when the change does.
    """
    entry = AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        before=before,
        after=after,
        message=str(message),
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:200]
    entry.save()
    return entry


def audit_trail(obj: Any) -> Any:
    """The audit rows about ``obj``, oldest first."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor").order_by("created_at", "pk")
