"""The city side's background work, as outbox handlers (``portal.outbox``): load by primary key, call a service."""
from portal import outbox
from portal.rendering import RenderStatus
from review.models import CityDocument

RENDER_MAX_ATTEMPTS = 6


def _record_render_failure(exc, document_id, *, final):
    from .documents import record_render_failure

    document = CityDocument.objects.filter(pk=document_id).first()
    if document is not None:
        record_render_failure(document, exc, final=final)


@outbox.handler("review.render_city_document", max_attempts=RENDER_MAX_ATTEMPTS, on_error=_record_render_failure,
                soft_time_limit=60, time_limit=90)
def render_city_document(document_id):
    """Render a city's recommendation letter or summary table; a ready one is left as it is (safe twice).
    After the last failed attempt it is failed, and the recommendations page offers to print again."""
    from .documents import render_city_document as render

    document = CityDocument.objects.filter(pk=document_id).select_related("city", "tier").first()
    if document is None:
        return "missing"
    if document.status == RenderStatus.READY:
        return "ready"
    render(document)
    return "ready"
