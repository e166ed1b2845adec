"""Reads of the city side, scoped by who asks: another city's work is simply not there (a 404)."""
import datetime
from dataclasses import dataclass, field
from typing import Any

import rules
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from applications.constants import Status
from applications.models import Application, StampedScan
from applications.selectors import applications_visible_to
from portal.accounts.constants import Role
from portal.accounts.permissions import is_provincial_staff
from review.models import CityDocument, Filing, FilingStatus, PrescreenDecision, RecommendationLetter
from tiers.constants import Authority, TierCode
from tiers.models import CityQuota, Round, Tier

from .quota import COUNTS_AGAINST_QUOTA, QUOTA_REQUIRED
from .workflow import RANKABLE


def city_queue(user: Any) -> Any:
    """The city official's applications (their city's, submitted at least once), with the date of the
    latest submission, the city's rank, the latest pre-screen decision at hand and ``stamped_kinds``: how
    many of the current version's stamped documents (申报书, 承诺书) the enterprise uploaded."""
    stamped = (StampedScan.objects.filter(application=OuterRef("pk"), version__number=OuterRef("current_version"))
               .order_by().values("application").annotate(n=Count("kind", distinct=True)).values("n"))
    return (
        applications_visible_to(user)
        .annotate(stamped_kinds=Coalesce(Subquery(stamped), 0))
        .select_related("city_ranking")
        .prefetch_related(Prefetch("prescreen_decisions", queryset=PrescreenDecision.objects.select_related(
            "decided_by"), to_attr="decisions"), "segments__segment")
    )


def _by_city(qs: Any, user: Any) -> Any:
    """``qs`` as ``user`` may see it: the province and admins all of it, a city official their city's
    rows (``city``), anyone else none."""
    if is_provincial_staff(user):
        return qs
    if rules.has_perm("portal.city_area", user) and user.city_id:
        return qs.filter(city_id=user.city_id)
    return qs.none()


def filings_visible_to(user: Any) -> Any:
    """Province and admins: every city's filings. A city official: their city's. Others: none."""
    return _by_city(Filing.objects.select_related("city", "title__tier", "application__enterprise", "filed_by",
                                                  "responded_by", "replied_by"), user)


# A filing the province has left unanswered this long is shown as waiting (the dashboards, the lists).
FILING_WAITING_DAYS = 7


def waiting_filings(qs: Any) -> Any:
    """The filings of ``qs`` filed with the province more than ``FILING_WAITING_DAYS`` ago and still
    unanswered (Art. 11): neither acknowledged nor queried."""
    return qs.filter(status=FilingStatus.FILED,
                     filed_at__lt=timezone.now() - datetime.timedelta(days=FILING_WAITING_DAYS))


def letters_visible_to(user: Any) -> Any:
    """A city's letters to its officials; every letter to the province and admins."""
    return _by_city(RecommendationLetter.objects.select_related("city", "round", "tier", "uploaded_by"), user)


def city_documents_visible_to(user: Any) -> Any:
    """The letters and summary tables printed for a city: to its officials; all to the province and admins."""
    return _by_city(CityDocument.objects.select_related("city", "round", "tier", "requested_by"), user)


@dataclass
class RecommendationGroup:
    """One round and tier of the city's recommendations page."""

    round: Round
    tier: Tier
    quota: CityQuota | None = None
    used: int = 0
    ranked: list = field(default_factory=list)     # passed and recommended: the city's working list, by rank
    sent_on: list = field(default_factory=list)    # accepted by the province and beyond: rank kept, frozen
    letters: list = field(default_factory=list)
    documents: list = field(default_factory=list)  # the latest printed letter and summary table (documents.py)

    @property
    def key(self) -> Any:
        return f"{self.round.pk}-{self.tier.code}"

    @property
    def remaining(self) -> Any:
        return None if self.quota is None else max(self.quota.final - self.used, 0)

    @property
    def quota_required(self) -> Any:
        return self.tier.code in QUOTA_REQUIRED

    @property
    def needs_letter(self) -> Any:
        return self.tier.authority == Authority.MIIT

    @property
    def letter(self) -> Any:
        return self.letters[0] if self.letters else None

    @property
    def recommended(self) -> Any:
        return [a for a in self.ranked if a.status == Status.RECOMMENDED]


def _rank_key(app: Any) -> Any:
    ranking = getattr(app, "city_ranking", None)
    return (ranking.rank if ranking else 10**6, app.pk)


# What the recommendations page reads of each application (its template, its permission rules).
RECOMMENDATION_ROW_FIELDS = ("id", "status", "kind", "submitted_at", "round_id", "tier_id", "city_id", "enterprise_id",
                             "enterprise__name", "enterprise__district", "city_ranking__rank")


def recommendation_groups(user: Any, *, round_id: Any = None, tier_code: Any = None) -> Any:
    """The city's non-basic applications it has passed or recommended, grouped by round and tier, with
    the quota of each (final, used, remaining), in the city's rank order; also the rounds and tiers
    where the city has a quota but nothing passed yet."""
    if getattr(user, "role", None) != Role.CITY_OFFICIAL or not user.city_id:
        return []
    # The page shows a few columns of each of a big city's hundred-odd applications: read only those,
    # and give each row the round and tier objects of its group (a handful, read once) instead of
    # building them for every row: the selector 37 -> 29 ms at Qingdao's scale (docs/benchmarks.md).
    apps = (applications_visible_to(user).exclude(tier__code=TierCode.BASIC)
            .filter(status__in=RANKABLE | COUNTS_AGAINST_QUOTA)
            .select_related(None).select_related("enterprise", "city_ranking")
            .only(*RECOMMENDATION_ROW_FIELDS))
    quotas = CityQuota.objects.filter(city_id=user.city_id).select_related("plan__round", "plan__tier")
    if round_id:
        apps, quotas = apps.filter(round_id=round_id), quotas.filter(plan__round_id=round_id)
    if tier_code:
        apps, quotas = apps.filter(tier__code=tier_code), quotas.filter(plan__tier__code=tier_code)
    groups = {}
    for quota in quotas:
        groups[(quota.plan.round_id, quota.plan.tier_id)] = RecommendationGroup(
            round=quota.plan.round, tier=quota.plan.tier, quota=quota)
    apps = list(apps)
    tiers = Tier.objects.in_bulk({app.tier_id for app in apps})
    rounds = Round.objects.in_bulk({app.round_id for app in apps})
    for app in apps:
        app.tier, app.round = tiers[app.tier_id], rounds[app.round_id]
        group = groups.setdefault((app.round_id, app.tier_id), RecommendationGroup(round=app.round, tier=app.tier))
        (group.ranked if app.status in RANKABLE else group.sent_on).append(app)
    # The places used and the letters of every group in one query each, not one per round and tier.
    round_ids = {round_id for round_id, _tier_id in groups}
    counted = (Application.objects.filter(city_id=user.city_id, status__in=COUNTS_AGAINST_QUOTA,
                                          round_id__in=round_ids)
               .order_by().values("round_id", "tier_id").annotate(n=Count("pk")))
    used = {(row["round_id"], row["tier_id"]): row["n"] for row in counted}
    letters: dict[tuple[int, int], list[Any]] = {}
    for letter in letters_visible_to(user).filter(round_id__in=round_ids):
        letters.setdefault((letter.round_id, letter.tier_id), []).append(letter)
    for key, group in groups.items():
        group.ranked.sort(key=_rank_key)
        group.sent_on.sort(key=_rank_key)
        group.used = used.get(key, 0)
        group.letters = letters.get(key, [])
    return sorted(groups.values(), key=lambda g: (-g.round.year, -g.round.opens_at.timestamp(), g.tier.order))


def ranked_working_list(user: Any, *, round: Round, tier: Tier) -> Any:
    """The city's working list for one round and tier, in rank order (for the ranking form)."""
    apps = (applications_visible_to(user).filter(round=round, tier=tier, status__in=RANKABLE)
            .select_related("city_ranking"))
    return sorted(apps, key=_rank_key)


def summary_rows(user: Any, *, round: Round, tier: Tier) -> Any:
    """The city's recommendation summary table (推荐汇总表) for one round and tier: what it recommended
    and what the province has taken on from it, in rank order."""
    apps = (applications_visible_to(user).filter(round=round, tier=tier, status__in=COUNTS_AGAINST_QUOTA)
            .select_related("city_ranking")
            .prefetch_related("segments__segment", "segments__scenarios__segment", "scenarios__segment"))
    return sorted(apps, key=_rank_key)


def rounds_to_recommend_in(user: Any) -> Any:
    """Of ``rounds_of_city``, those with work to recommend (Art. 12, 13): a quota of the city, or an application
    of a tier other than the basic one, which the city's bureau recognizes itself (Art. 11). Newest first."""
    with_quota = CityQuota.objects.filter(city_id=user.city_id).values("plan__round_id")
    with_applications = (Application.objects.filter(city_id=user.city_id).exclude(tier__code=TierCode.BASIC)
                         .values("round_id"))
    return Round.objects.filter(Q(pk__in=with_quota) | Q(pk__in=with_applications)).order_by("-year", "-opens_at")


def rounds_of_city(user: Any) -> Any:
    """Rounds in which the official's city has a quota or an application (the recommendations page's filter).

    Two id subqueries, not one join of rounds with quotas and applications (millions of intermediate
    rows at provincial scale, deduplicated by DISTINCT)."""
    with_quota = CityQuota.objects.filter(city_id=user.city_id).values("plan__round_id")
    with_applications = Application.objects.filter(city_id=user.city_id).values("round_id")
    return Round.objects.filter(Q(pk__in=with_quota) | Q(pk__in=with_applications)).order_by("-year", "-opens_at")
