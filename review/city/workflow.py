"""The city bureau's transitions (Art. 11-13), declared into ``applications.workflow``'s table.

- ``city_pass``: submitted → city_passed. Records the pre-screen decision; a non-basic application is
  placed last in the city's ranking. Refused while the enterprise has not uploaded the signed and
  stamped 申报书 and 承诺书 of the version screened (``applications.documents.ensure_stamped_documents``):
  real calls ask for both printed from the online system, and the city sends on nothing unstamped.
  Rejecting or returning the application needs neither.
- ``city_reject``: submitted → city_rejected. Records the decision with its reasons (required).
- ``city_recognize``: city_passed → city_recognized, basic tier only (Art. 11). Creates the Title,
  requests its certificate and files the recognition with the province (a Filing).
- ``recommend``: city_passed → recommended, other tiers. Checks the prerequisite title (Art. 12-13),
  the city's letter for MIIT's tiers (Art. 13, ``letter_refusal``) and a place in the quota (Art. 12,
  ``quota.quota_refusal``) — the checks that also show the button disabled — and the quota again under a
  row lock in the effect.
- ``withdraw_recommendation``: recommended → city_passed, with a reason. The quota place is freed by
  the status itself (see ``quota.COUNTS_AGAINST_QUOTA``).

``perform`` has already locked the application row and checked the status and the permission when an
effect runs; effects may refuse with ActionRefused naming the article. ``register_transitions`` is
called once, from ``ReviewConfig.ready``.
"""

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.checks import ensure_not_dishonest, ensure_prerequisite_held
from applications.constants import Status
from applications.documents import ensure_stamped_documents
from applications.models import Application
from applications.workflow import APPLICATION
from portal.accounts.models import City
from portal.audit import audit
from portal.errors import ActionRefused, ensure
from portal.lifecycle import Transition
from review.models import CityRanking, Filing, PrescreenDecision, PrescreenOutcome, RecommendationLetter
from tiers.constants import Authority, TierCode
from tiers.titles.certificates import current_certificate
from tiers.titles.grants import grant_title

from .quota import ensure_quota_place, ensure_within_quota

# The city's working list for a round and tier: what it may still rank (and recommend or withdraw).
RANKABLE = frozenset({Status.CITY_PASSED, Status.RECOMMENDED})

# --- the ranking ---------------------------------------------------------------------------------


def lock_city_rankings(city_id):
    """Serialize every change of a city's rankings: lock the city's row.

    Lock order, to stay free of deadlocks: application rows first (``perform`` and ``city_services.rank``
    lock them), then the quota row, then the city row.
    """
    City.objects.select_for_update().filter(pk=city_id).first()


def working_list(*, city_id, round_id, tier_id):
    """The applications the city may still rank for one round and tier."""
    return Application.objects.filter(
        city_id=city_id, round_id=round_id, tier_id=tier_id, status__in=RANKABLE
    )


def place_last(app, actor):
    """Rank ``app`` in its city's working list: it keeps a rank it already holds there that no other
    application of the list holds (e.g. passed, then recommended); otherwise it goes after the last."""
    city_id = app.city_id
    lock_city_rankings(city_id)
    others = working_list(city_id=city_id, round_id=app.round_id, tier_id=app.tier_id).exclude(pk=app.pk)
    existing = CityRanking.objects.filter(application=app).first()
    if (
        existing is not None
        and existing.city_id == city_id
        and not (CityRanking.objects.filter(application__in=others, rank=existing.rank).exists())
    ):
        return existing
    last = CityRanking.objects.filter(application__in=others).aggregate(m=Max("rank"))["m"] or 0
    ranking, _created = CityRanking.objects.update_or_create(
        application=app,
        defaults={
            "city_id": city_id,
            "round_id": app.round_id,
            "tier_id": app.tier_id,
            "rank": last + 1,
            "ranked_by": actor,
            "ranked_at": timezone.now(),
        },
    )
    return ranking


# --- effects -------------------------------------------------------------------------------------


def _pass(app, actor, data):
    """Pre-screen passed: recorded, and a non-basic application joins the end of the city's ranking."""
    PrescreenDecision.objects.create(
        application=app,
        version=app.current_version,
        outcome=PrescreenOutcome.PASSED,
        reasons=(data.get("reason") or "").strip(),
        decided_by=actor,
    )
    extra = {"version": app.current_version}
    if app.tier.code != TierCode.BASIC:
        extra["rank"] = place_last(app, actor).rank
    return [], extra


REJECTION_GROUNDS = {
    "art5_1": _("Art. 5 (1): registration, legal form or size"),
    "art5_2": _("Art. 5 (2): operation, finances, accidents or credit"),
    "art5_3": _("Art. 5 (3): security and controllability"),
    "art5_4": _("Art. 5 (4): organisation and team"),
    "art5_5": _("Art. 5 (5): maturity level"),
    "requirements": _("Art. 6-10: the tier's requirements for the segments and outcomes"),
}


def rejection_data(*, reasons, grounds=()):
    """The transition data of a rejection: ``reason`` is the audit message the enterprise reads (the
    grounds, then the official's words); ``reasons`` and ``grounds`` are kept apart for the record."""
    reasons = (reasons or "").strip()
    grounds = [g for g in grounds if g in REJECTION_GROUNDS]
    labels = "; ".join(str(REJECTION_GROUNDS[g]) for g in grounds)
    message = f"{labels} — {reasons}" if labels and reasons else reasons
    return {"reason": message, "reasons": reasons, "grounds": grounds}


def _reject(app, actor, data):
    """Pre-screen rejected: the reasons are required; the enterprise reads them in its timeline."""
    reasons = (data.get("reasons") or "").strip()
    ensure(
        reasons and (data.get("reason") or "").strip(),
        _("Give the reasons for the rejection; the enterprise will read them."),
    )
    grounds = [g for g in (data.get("grounds") or []) if g in REJECTION_GROUNDS]
    PrescreenDecision.objects.create(
        application=app,
        version=app.current_version,
        outcome=PrescreenOutcome.REJECTED,
        grounds=grounds,
        reasons=reasons,
        decided_by=actor,
    )
    return [], {"version": app.current_version, "grounds": grounds}


def ensure_basic(app):
    ensure(
        app.tier.code == TierCode.BASIC,
        _(
            "Only basic-tier applications are recognized by the city; higher tiers are recommended to the "
            "province (Art. 11)."
        ),
        article="Art. 11",
    )


def ensure_recommendable(app):
    ensure(
        app.tier.code != TierCode.BASIC,
        _("Basic-tier applications are recognized by the city itself, not recommended (Art. 11)."),
        article="Art. 11",
    )


def _recognize(app, actor, data):
    """Art. 11: the city recognizes a basic factory. Grants the basic title (with its certificate)
    and files the recognition with the province, all in the transition's transaction."""
    ensure_basic(app)
    enterprise = app.enterprise
    document = (data.get("document") or "").strip()
    title = grant_title(
        enterprise=enterprise,
        tier=app.tier,
        round=app.round,
        recognized_on=timezone.localdate(),
        actor=actor,
        source=document or str(_("City recognition of application #%(pk)s") % {"pk": app.pk}),
    )
    certificate = current_certificate(title)
    filing = Filing.objects.create(application=app, title=title, city=enterprise.city, filed_by=actor)
    audit(
        actor,
        "review.filing_filed",
        filing,
        after={"status": filing.status, "title": title.pk, "application": app.pk},
    )
    return [], {"title": title.pk, "certificate": certificate.number, "filing": filing.pk}


def letter_refusal(*, tier, has_letter):
    """The rule (Art. 13), on plain data: an application of MIIT's tiers is recommended with the city's
    recommendation letter for its round and tier uploaded; why not, or None."""
    if tier.authority == Authority.MIIT and not has_letter:
        return ActionRefused(_("Upload your city's recommendation letter for this round and tier first (Art. 13)."),
                             article="Art. 13")
    return None


def ensure_recommendation_letter(app):
    """A check of the recommendation (``letter_refusal``); reads only."""
    refused = letter_refusal(tier=app.tier, has_letter=app.tier.authority == Authority.MIIT and RecommendationLetter
                             .objects.filter(city_id=app.city_id, round_id=app.round_id, tier_id=app.tier_id).exists())
    if refused is not None:
        raise refused


def _recommend(app, actor, data):
    """Art. 12-13: the city recommends a passed application to the province, within its quota.

    The checks have refused it without the letter or a place left; the quota is asked again under a
    lock (``quota.ensure_within_quota``): its row stays locked until the transaction ends.
    """
    ensure_recommendable(app)
    extra = ensure_within_quota(app)
    extra["rank"] = place_last(app, actor).rank
    return [], extra


def _withdraw_recommendation(app, actor, data):
    """Until the province accepts it, the city may take a recommendation back; the place returns to the quota.
    The reason is the audit message, which the enterprise reads."""
    ensure((data.get("reason") or "").strip(), _("Give a reason for withdrawing the recommendation."))
    return [], {"rank": getattr(CityRanking.objects.filter(application=app).first(), "rank", None)}


def register_transitions():
    """Declare the city's transitions into the application lifecycle (called once, from ``ReviewConfig.ready``)."""
    APPLICATION.declare(
        Transition(
            name="city_pass",
            sources=frozenset({Status.SUBMITTED}),
            target=Status.CITY_PASSED,
            permission="review.prescreen",
            verb="review.city_passed",
            effect=_pass,
            checks=(ensure_not_dishonest, ensure_stamped_documents),
            article="Art. 11",
        ),
        Transition(
            name="city_reject",
            sources=frozenset({Status.SUBMITTED}),
            target=Status.CITY_REJECTED,
            permission="review.prescreen",
            verb="review.city_rejected",
            effect=_reject,
            article="Art. 11",
        ),
        Transition(
            name="city_recognize",
            sources=frozenset({Status.CITY_PASSED}),
            target=Status.CITY_RECOGNIZED,
            permission="review.recognize",
            verb="review.city_recognized",
            effect=_recognize,
            checks=(ensure_not_dishonest,),
            article="Art. 11",
        ),
        Transition(
            name="recommend",
            sources=frozenset({Status.CITY_PASSED}),
            target=Status.RECOMMENDED,
            permission="review.recommend",
            verb="review.recommended",
            effect=_recommend,
            checks=(ensure_prerequisite_held, ensure_not_dishonest, ensure_recommendation_letter, ensure_quota_place),
            article="Art. 12",
        ),
        Transition(
            name="withdraw_recommendation",
            sources=frozenset({Status.RECOMMENDED}),
            target=Status.CITY_PASSED,
            permission="review.withdraw_recommendation",
            verb="review.recommendation_withdrawn",
            effect=_withdraw_recommendation,
            article="Art. 12",
        ),
    )
