"""The city's recommendation letter (推荐函) and summary table (推荐汇总表), printed for its stamp.

Real calls ask the city to send both, stamped, with what it recommends in priority order. The portal
prints them the way it prints an application's documents (``portal.rendering``): the city asks for
them on its recommendations page (``request_city_documents``), a task renders both PDFs
(``review.tasks.render_city_document``), the bureau downloads, stamps and uploads the letter back as
its ``RecommendationLetter`` (``services.upload_letter``, which notes the printed letter it answers).

What they list: the applications the city has recommended for the round and tier and those the
province has taken on from it (the summary table's rows, ``selectors.summary_rows``), in the city's
rank order; before anything is recommended (MIIT's tiers want the letter first, Art. 13), the ranked
working list of passed applications. The list is frozen into each document's ``snapshot`` when it is
asked for; asking again after the list changed prints a new pair, earlier ones stay on record.
"""
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from portal import rendering
from portal.accounts.constants import Role
from portal.audit import audit
from portal.audit_sentences import register_verbs
from portal.errors import ensure
from portal.rendering import RenderStatus, canonical_digest
from review.models import CityDocument, CityDocumentKind
from tiers.constants import TierCode

from . import quota, selectors

# What the audit trail says of the verbs written here (``portal.audit_sentences``).
register_verbs({
    "review.city_documents_requested": gettext_lazy("Recommendation letter and summary table asked for"),
    "review.city_document_rendered": gettext_lazy("Recommendation document ready to print"),
    "review.city_document_render_failed": gettext_lazy("A recommendation document could not be printed"),
})

TEMPLATES: dict[str, str] = {CityDocumentKind.LETTER: "pdf/recommendation_letter.html",
             CityDocumentKind.SUMMARY: "pdf/recommendation_summary.html"}


def _row(app: Any, position: int) -> dict[str, Any]:
    ranking = getattr(app, "city_ranking", None)
    return {
        "rank": ranking.rank if ranking else position, "application": app.pk, "enterprise": app.enterprise.name,
        "credit_code": app.enterprise.credit_code, "district": app.enterprise.district,
        "industry": str(app.enterprise.get_industry_display()),
        "maturity": str(app.get_maturity_level_display()) if app.maturity_level else "",
        "segments": [s.segment.name_zh for s in app.segments.all() if s.is_covered],
        "scenarios": [f"{s.name_zh}（{s.segment.name_zh}）" for s in app.named_scenarios()],
        "contact": app.enterprise.contact_name, "phone": app.enterprise.contact_phone,
    }


def content(user: Any, *, round: Any, tier: Any) -> dict[str, Any]:
    """What both documents print, as JSON-ready data (Chinese, whatever the official's language)."""
    with translation.override("zh-hans"):
        apps = selectors.summary_rows(user, round=round, tier=tier)
        if not apps:
            apps = selectors.ranked_working_list(user, round=round, tier=tier)
        city = user.city
        standing = quota.standing(round=round, tier=tier, city=city)  # as the Excel summary table says it
        return {
            "city": city.name_zh, "bureau": city.bureau_name or f"{city.name_zh}市工业和信息化局",
            "round": round.name, "year": round.year, "tier": tier.name_zh, "tier_code": tier.code,
            "is_scenario": tier.is_scenario,
            "quota": {"final": standing.final, "used": standing.used, "remaining": standing.remaining},
            "rows": [_row(app, position) for position, app in enumerate(apps, start=1)],
        }


def _latest(city: Any, round: Any, tier: Any) -> dict[str, CityDocument]:
    latest: dict[str, CityDocument] = {}
    for document in CityDocument.objects.filter(city=city, round=round, tier=tier).order_by("-created_at", "-pk"):
        latest.setdefault(document.kind, document)
    return latest


def _schedule(document: CityDocument) -> None:
    from portal import outbox

    from .tasks import render_city_document

    outbox.schedule(render_city_document, document.pk)


@transaction.atomic
def request_city_documents(*, city: Any, round: Any, tier: Any, actor: Any) -> list[CityDocument]:
    """Print the city's recommendation letter and summary table of ``round`` and ``tier``.

    Pre: ``actor`` is an official of ``city``; the tier is one the city recommends (not basic, Art. 11);
    the list is not empty. Idempotent: when the latest pair prints the same list and did not fail, it is
    returned and nothing changes; a failed one of the same list is asked for again. Post: a pending pair
    with the list frozen, both renders scheduled after commit; one audit row
    ``review.city_documents_requested`` on the city.
    """
    ensure(getattr(actor, "role", None) == Role.CITY_OFFICIAL and actor.city_id == city.pk,
           _("Only an official of this city may do this."))
    ensure(tier.code != TierCode.BASIC,
           _("Basic-tier applications are recognized by the city itself, not recommended (Art. 11)."),
           article="Art. 11")
    data = content(actor, round=round, tier=tier)
    ensure(data["rows"], _("Nothing to print yet: pass or recommend an application of this round and tier first."))
    digest = canonical_digest(data)
    latest = _latest(city, round, tier)
    if set(latest) == set(CityDocumentKind.values) and all(d.content_digest == digest for d in latest.values()):
        failed = [d for d in latest.values() if d.status == RenderStatus.FAILED]
        for document in failed:
            rendering.requeue(document)
            _schedule(document)
        if failed:
            audit(actor, "review.city_documents_requested", city,
                  after={"round": round.pk, "tier": tier.code, "documents": [d.pk for d in failed], "again": True})
        return list(latest.values())
    documents = [CityDocument.objects.create(city=city, round=round, tier=tier, kind=kind, snapshot=data,
                                             content_digest=digest, requested_by=actor)
                 for kind in CityDocumentKind.values]
    for document in documents:
        _schedule(document)
    audit(actor, "review.city_documents_requested", city,
          after={"round": round.pk, "tier": tier.code, "documents": [d.pk for d in documents],
                 "applications": [row["application"] for row in data["rows"]]})
    return documents


def _chinese_date(day: Any) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def document_context(document: CityDocument) -> dict[str, Any]:
    data = document.snapshot
    return {"document": document, "data": data, "rows": data.get("rows", []),
            "requested_on": _chinese_date(timezone.localtime(document.created_at).date())}


def render_city_document(document: CityDocument) -> CityDocument:
    """Render the letter or the table and mark it ready (``portal.rendering.render_once``): safe twice.
    Post: one audit row ``review.city_document_rendered`` on the city."""
    with translation.override("zh-hans"):
        return rendering.render_once(
            document, template=TEMPLATES[document.kind], context=document_context,
            directory=f"city_documents/{document.city.code}/{document.round_id}-{document.tier.code}",
            verb="review.city_document_rendered", audit_object=lambda d: d.city)


def record_render_failure(document: CityDocument, error: BaseException, *, final: bool) -> CityDocument:
    return rendering.record_failure(document, error, final=final, verb="review.city_document_render_failed",
                                    audit_object=lambda d: d.city)


def latest_documents(user: Any, groups: Any) -> None:
    """Give each recommendations group ``documents``: {kind: the latest printed document}, one query."""
    if not groups:
        return
    round_ids = {g.round.pk for g in groups}
    found: dict[tuple[int, int], dict[str, CityDocument]] = {}
    for document in selectors.city_documents_visible_to(user).filter(round_id__in=round_ids):
        found.setdefault((document.round_id, document.tier_id), {}).setdefault(document.kind, document)
    for group in groups:
        latest = found.get((group.round.pk, group.tier.pk), {})
        group.documents = [latest[kind] for kind in CityDocumentKind.values if kind in latest]
