"""The city side's background work, as outbox handlers (``portal.outbox``): load by primary key, call a service."""
from portal import outbox
from portal.rendering import record_failure_by_id, render_by_id
from review.models import CityDocument

RENDER_MAX_ATTEMPTS = 6


def _record_render_failure(exc, document_id, *, final):
    from .documents import record_render_failure

    record_failure_by_id(CityDocument.objects, document_id, exc, final=final, record=record_render_failure)


@outbox.handler("review.render_city_document", max_attempts=RENDER_MAX_ATTEMPTS, on_error=_record_render_failure,
                soft_time_limit=60, time_limit=90)
def render_city_document(document_id):
    """Render a city's recommendation letter or summary table; a ready one is left as it is (safe twice).
    After the last failed attempt it is failed, and the recommendations page offers to print again."""
    from .documents import render_city_document as render

    return render_by_id(CityDocument.objects.select_related("city", "tier"), document_id, render)
