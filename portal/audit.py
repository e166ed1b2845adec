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


def audit_trails(objects: Any) -> dict[Any, list[AuditEntry]]:
    """{pk: the audit rows about that object, oldest first} for objects of one model, in one query."""
    objects = list(objects)
    if not objects:
        return {}
    rows = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(objects[0]), object_id__in=[str(o.pk) for o in objects]
    ).select_related("actor").order_by("created_at", "pk")
    trails: dict[str, list[AuditEntry]] = {str(o.pk): [] for o in objects}
    for row in rows:
        trails[row.object_id].append(row)
    return {o.pk: trails[str(o.pk)] for o in objects}


def audit_trail(obj: Any) -> Any:
    """The audit rows about ``obj``, oldest first."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor").order_by("created_at", "pk")
