"""The city's quota (名额, Art. 12): a city recommends at most its quota for a round and tier.

``ensure_within_quota`` is the rule, in one place: the recommendation transition calls it with the
application row already locked; it locks the city's quota row and counts the places used under that
lock, so two officials recommending at the same moment queue on the row and the second sees the
first's recommendation (tests/review/city/test_quota_race.py proves it on PostgreSQL).
"""
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from applications.constants import Status
from applications.models import Application
from portal.errors import ActionRefused
from tiers.models import CityQuota
from tiers.quotas import QUOTA_REQUIRED, quota_for  # QUOTA_REQUIRED: the tiers needing a plan (Art. 12)

# The statuses an application holds once its city has recommended it: each one uses one place of the
# city's quota for its round and tier (Art. 12). Withdrawing the recommendation, a return, the
# province sending it back to the city, or the enterprise withdrawing gives the place back.
COUNTS_AGAINST_QUOTA = frozenset({
    Status.RECOMMENDED, Status.ACCEPTED, Status.UNDER_REVIEW, Status.APPROVED, Status.REJECTED,
    Status.IN_NOTICE, Status.CERTIFIED, Status.RECOMMENDED_TO_MIIT, Status.MIIT_APPROVED, Status.MIIT_REJECTED,
})


def used_counts(*, round: Any, tier: Any, city_id: Any = None) -> Any:
    """{city_id: applications of ``tier`` in ``round`` holding a status in COUNTS_AGAINST_QUOTA}."""
    qs = Application.objects.filter(round=round, tier=tier, status__in=COUNTS_AGAINST_QUOTA)
    if city_id is not None:
        qs = qs.filter(city_id=city_id)
    return dict(qs.values_list("city_id").annotate(n=Count("pk")).values_list("city_id", "n"))


@dataclass(frozen=True)
class Standing:
    """Where a city stands against its quota for one round and tier: the quota row (None without a
    plan), the places used and those left (None without a quota)."""

    quota: Any
    used: int

    @property
    def final(self) -> int | None:
        return None if self.quota is None else self.quota.final

    @property
    def remaining(self) -> int | None:
        return None if self.quota is None else max(self.quota.final - self.used, 0)


def standing(*, round: Any, tier: Any, city: Any) -> Standing:
    """The city's quota for ``round`` and ``tier`` with the places used and left (two queries)."""
    return Standing(quota_for(round=round, tier=tier, city=city),
                    used_counts(round=round, tier=tier, city_id=city.pk).get(city.pk, 0))


def used_by_city(plan: Any) -> Any:
    """The counter ``tiers.quotas`` asks for: recommendations counted against ``plan``'s quotas."""
    return used_counts(round=plan.round, tier=plan.tier)


def locked_quota(app: Application) -> Any:
    """The city's quota row for the application's round and tier, locked until the transaction ends; or None."""
    # of=("self",): lock the city's row only, not the plan that every city's recommendations share.
    return (CityQuota.objects.select_for_update(of=("self",)).select_related("plan")
            .filter(plan__round_id=app.round_id, plan__tier_id=app.tier_id, city_id=app.city_id).first())


def quota_refusal(*, tier: Any, quota: Any, used: int) -> ActionRefused | None:
    """The rule (Art. 12), on plain data: why a city holding ``quota`` (a CityQuota, or None without a
    plan) with ``used`` places used cannot recommend one more application of ``tier``; None if it can.
    Without a quota plan, the advanced tier and the scenario award wait for it; MIIT's tiers do not
    (Art. 13 leaves the number to MIIT's annual notice)."""
    if quota is None:
        if tier.code in QUOTA_REQUIRED:
            return ActionRefused(_("No quota has been set for your city in this round and tier yet; "
                                   "recommendations wait for it (Art. 12)."), article="Art. 12")
        return None
    if used >= quota.final:
        return ActionRefused(_("Your city's quota for this round and tier is used up: %(used)s of %(quota)s "
                               "recommended (Art. 12).") % {"used": used, "quota": quota.final}, article="Art. 12")
    return None


def _used(app: Application) -> int:
    return used_counts(round=app.round, tier=app.tier, city_id=app.city_id).get(app.city_id, 0)


def ensure_quota_place(app: Application) -> None:
    """A check of the recommendation (``Transition.checks``): refuse (Art. 12) when the city has no place
    left for ``app``'s round and tier, read without a lock — it also shows the button disabled. The
    effect asks again under the lock (``ensure_within_quota``)."""
    refused = quota_refusal(tier=app.tier, quota=quota_for(round=app.round, tier=app.tier, city=app.city),
                            used=_used(app))
    if refused is not None:
        raise refused


def ensure_within_quota(app: Application) -> Any:
    """Refuse (Art. 12) when the city has no place left for ``app``'s round and tier (``quota_refusal``).

    Pre: inside the transaction that recommends ``app``; the quota row stays locked until it ends.
    Returns the facts for the audit row (quota, places used with this one).
    """
    quota = locked_quota(app)
    used = _used(app) if quota is not None else 0
    refused = quota_refusal(tier=app.tier, quota=quota, used=used)
    if refused is not None:
        raise refused
    return {} if quota is None else {"quota": quota.final, "used": used + 1}


def used_by_keys(keys: set[tuple[int, int, int]]) -> dict[tuple[int, int, int], int]:
    """{(round_id, tier_id, city_id): places used} for several quotas at once, in one query (the counter
    ``tiers.quotas.annotate_used`` asks for)."""
    if not keys:
        return {}
    rounds, tiers, cities = ({k[i] for k in keys} for i in range(3))
    rows = (Application.objects.filter(round_id__in=rounds, tier_id__in=tiers, city_id__in=cities,
                                       status__in=COUNTS_AGAINST_QUOTA)
            .order_by().values("round_id", "tier_id", "city_id").annotate(n=Count("pk")))
    counts = {(r["round_id"], r["tier_id"], r["city_id"]): r["n"] for r in rows}
    return {key: counts.get(key, 0) for key in keys}
