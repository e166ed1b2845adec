"""Writes of the city side (Art. 11-13).

The status changes are ``applications.workflow`` transitions (``review/city_workflow.py``); the
functions here are their named entry points, plus what is not a change of an application's status:
the city's ranking, its recommendation letters, and the filings of basic recognitions with the
province (acknowledge, query, answer and file again). Each is one transaction with one audit row.
"""
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from applications import workflow
from portal.accounts.constants import Role
from portal.audit import audit
from portal.audit_sentences import register_verbs
from portal.errors import ensure
from portal.uploads import check_upload
from review.models import CityRanking, RecommendationLetter
from tiers.constants import TierCode

from . import workflow as city_workflow
from .filings import FILING

# What the audit trail says of the verbs written here (``portal.audit_sentences``).
register_verbs({
    "review.city_ranked": gettext_lazy("Recommendations ranked"),
    "review.recommendation_letter_uploaded": gettext_lazy("Stamped recommendation letter uploaded"),
})

# --- application transitions ---------------------------------------------------------------------

def pass_prescreen(application: Any, *, actor: Any, opinion: Any = "") -> Any:
    """The city's pre-screen passes a submitted application (Art. 11-12); ``opinion`` is shown to the enterprise."""
    return workflow.perform(application, "city_pass", actor=actor, data={"reason": opinion})


def reject(application: Any, *, actor: Any, reasons: Any, grounds: Any = ()) -> Any:
    """The city's pre-screen rejects a submitted application; ``reasons`` are required and shown to the enterprise."""
    return workflow.perform(application, "city_reject", actor=actor,
                            data=city_workflow.rejection_data(reasons=reasons, grounds=grounds))


def recognize(application: Any, *, actor: Any, document: Any = "") -> Any:
    """Art. 11: recognize a passed basic application: its Title, certificate and Filing in one transaction."""
    city_workflow.ensure_basic(application)  # name the article before the generic permission check
    return workflow.perform(application, "city_recognize", actor=actor, data={"document": document})


def recommend(application: Any, *, actor: Any) -> Any:
    """Art. 12-13: recommend a passed application to the province, within the city's quota."""
    city_workflow.ensure_recommendable(application)
    return workflow.perform(application, "recommend", actor=actor)


def withdraw_recommendation(application: Any, *, actor: Any, reason: str) -> Any:
    """Take a recommendation back before the province accepts it; ``reason`` is shown to the enterprise."""
    return workflow.perform(application, "withdraw_recommendation", actor=actor, data={"reason": reason})


# --- ranking ---------------------------------------------------------------------------------------

def _ensure_city_official(actor: Any, city: Any) -> None:
    ensure(getattr(actor, "role", None) == Role.CITY_OFFICIAL and actor.city_id == city.pk,
           _("Only an official of this city may do this."))


@transaction.atomic
def rank(*, city: Any, round: Any, tier: Any, ordered: Any, actor: Any) -> Any:
    """Set the city's order of its working list (passed and recommended applications) for ``round`` and ``tier``.

    Pre: ``actor`` is an official of ``city``; ``ordered`` holds exactly the working list (so nobody's
    change made meanwhile is lost silently). Post: ranks 1..n in that order; one audit row on the
    city when the order changed. Art. 12: the city ranks what it puts forward.
    """
    _ensure_city_official(actor, city)
    listed = list(city_workflow.working_list(city_id=city.pk, round_id=round.pk, tier_id=tier.pk)
                  .select_for_update(of=("self",)).order_by("pk"))
    ensure({a.pk for a in listed} == {a.pk for a in ordered} and len(ordered) == len(listed),
           _("The list changed while you were ranking it; here it is again as it is now."))
    city_workflow.lock_city_rankings(city.pk)
    current = dict(CityRanking.objects.filter(application__in=listed).values_list("application_id", "rank"))
    new = {app.pk: position for position, app in enumerate(ordered, start=1)}
    if current == new:
        return False
    now = timezone.now()
    for app in ordered:
        CityRanking.objects.update_or_create(
            application=app, defaults={"city": city, "round": round, "tier": tier, "rank": new[app.pk],
                                       "ranked_by": actor, "ranked_at": now})
    order = lambda ranks: [pk for pk, _r in sorted(ranks.items(), key=lambda item: item[1])]  # noqa: E731
    audit(actor, "review.city_ranked", city, before={"round": round.pk, "tier": tier.code, "order": order(current)},
          after={"round": round.pk, "tier": tier.code, "order": order(new)})
    return True


# --- recommendation letters (Art. 13) -------------------------------------------------------------------

@transaction.atomic
def upload_letter(*, city: Any, round: Any, tier: Any, uploaded: Any, actor: Any) -> Any:
    """Store the city's signed and stamped recommendation letter for a round and a tier it recommends:
    a real PDF, checked by content. Required before recommending to MIIT's tiers (Art. 13); sent with
    every other tier the city recommends, as real calls ask.

    Earlier letters stay on record; the latest is the current one and notes the letter the portal
    printed (``documents``) that was the latest then. One audit row on the city.
    """
    from review.models import CityDocument, CityDocumentKind

    _ensure_city_official(actor, city)
    ensure(tier.code != TierCode.BASIC,
           _("Basic-tier applications are recognized by the city itself, not recommended (Art. 11)."),
           article="Art. 11")
    checked = check_upload(uploaded)
    ensure(checked.content_type == "application/pdf",
           _("“%(name)s” is not a PDF; upload the letter as a PDF.") % {"name": uploaded.name})
    printed = (CityDocument.objects.filter(city=city, round=round, tier=tier, kind=CityDocumentKind.LETTER)
               .order_by("-created_at", "-pk").first())
    letter = RecommendationLetter(city=city, round=round, tier=tier, original_name=uploaded.name[:255],
                                  size=checked.size, sha256=checked.sha256, uploaded_by=actor, answers=printed)
    letter.file.save("letter.pdf", uploaded, save=False)  # the name is replaced by letter_path
    letter.save()
    audit(actor, "review.recommendation_letter_uploaded", city,
          after={"round": round.pk, "tier": tier.code, "letter": letter.pk, "sha256": checked.sha256,
                 "name": letter.original_name, "answers": printed.pk if printed else None})
    return letter


# --- filings (Art. 11) ---------------------------------------------------------------------------------
# The filing lifecycle is ``review.city.filings.FILING``; these are its named entry points.

def acknowledge_filing(filing: Any, *, actor: Any, note: str = "") -> Any:
    """The province records a filed basic recognition as acknowledged (Art. 11). Final."""
    return FILING.perform(filing, "acknowledge", actor=actor, data={"note": note})


def query_filing(filing: Any, *, actor: Any, reason: str) -> Any:
    """The province queries a filed recognition: the city sees the query and must answer it (Art. 11)."""
    return FILING.perform(filing, "query", actor=actor, data={"reason": reason})


def refile(filing: Any, *, actor: Any, reply: Any) -> Any:
    """The city answers the province's query and files the recognition again."""
    return FILING.perform(filing, "refile", actor=actor, data={"reason": reply})
