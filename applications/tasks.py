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


RENDER_MAX_ATTEMPTS = 6


def _record_render_failure(exc, document_id, *, final):
    from portal.rendering import record_failure_by_id

    from .documents import record_render_failure
    from .models import GeneratedDocument

    record_failure_by_id(GeneratedDocument.objects, document_id, exc, final=final, record=record_render_failure)


@outbox.handler("applications.render_document", max_attempts=RENDER_MAX_ATTEMPTS, on_error=_record_render_failure,
                soft_time_limit=60, time_limit=90)
def render_document(document_id):
    """Render a submitted version's 申报书 or 承诺书; a ready one is left as it is (safe to run twice).

    A failed attempt is recorded and retried with the outbox's back-off; after the last the document is
    failed, and the application's page offers to ask for it again."""
    from portal.rendering import render_by_id

    from .documents import render_document as render
    from .models import GeneratedDocument

    return render_by_id(GeneratedDocument.objects.select_related("version"), document_id, render)
