"""The dashboards' figures, each one GROUP BY (or a handful) so they stay fast at provincial scale,
each scoped by who reads it (the province: every city; a city official: its own city), and each
with the URL of the filtered list behind it.

The dashboards sit in ``review`` (the top layer) because they read across every app: applications,
quotas, the review stages, titles, monitoring and revocation.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from applications.constants import STAGES, Status
from applications.selectors import applications_visible_to
from portal.accounts.models import City
from review.city.selectors import filings_visible_to, waiting_filings
from review.models import PublicNotice
from review.province.selectors import missing_scores_visible_to
from tiers.models import CityQuota, Round, Tier
from tiers.quotas import annotate_used
from tiers.titles.constants import (
    CASE_OPEN_STATUSES,
    EVALUATION_OPEN_STATUSES,
    NOT_SUPERSEDED,
    UNDER_WAY,
    CaseStatus,
    TitleStatus,
)
from tiers.titles.models import MonitoringEvaluation, RevocationCase, Title

NOTICE_ENDING_DAYS = 3


@dataclass
class Scope:
    """Whose figures: ``user`` reads them (its scope is the applications list's), ``city`` None for the
    province (every city)."""

    user: Any
    city: City | None
    round: Round | None
    rounds: list[Round] = field(default_factory=list)
    _tiers: list[Tier] | None = None

    @property
    def tiers(self) -> list[Tier]:
        """The tiers in their order, read once for all the figures."""
        if self._tiers is None:
            self._tiers = list(Tier.objects.order_by("order"))
        return self._tiers

    @property
    def is_province(self) -> bool:
        return self.city is None


def list_url(name: str, **params: Any) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return reverse(name) + (f"?{urlencode(params)}" if params else "")


def _applications(scope: Scope) -> Any:
    """The applications the reader sees in the applications list (``applications_visible_to``: never a
    draft; a city official its city's), of the round."""
    qs = applications_visible_to(scope.user)
    if scope.round is not None:
        qs = qs.filter(round=scope.round)
    return qs


def _list_params(scope: Scope) -> dict[str, Any]:
    return {"round": scope.round.pk if scope.round else None}


def applications_by_tier_and_status(scope: Scope) -> dict[str, Any]:
    """{"tiers": [...], "statuses": [...], "series": {status: [count per tier]}, "urls": {...}} for a stacked bar."""
    tiers = scope.tiers
    counts: dict[tuple[str, str], int] = {}
    for row in _applications(scope).values("tier__code", "status").annotate(n=Count("id")).order_by():
        counts[(row["tier__code"], row["status"])] = row["n"]
    statuses = [s for s in Status if any(counts.get((t.code, s), 0) for t in tiers)]
    return {
        "tiers": [{"code": t.code, "name": str(t.name)} for t in tiers],
        "statuses": [{"code": s.value, "name": str(s.label)} for s in statuses],
        "series": {s.value: [counts.get((t.code, s), 0) for t in tiers] for s in statuses},
        "urls": {f"{t.code}:{s.value}": list_url("applications:list", **_list_params(scope), tier=t.code, status=s.value)
                 for t in tiers for s in statuses},
        "total": sum(counts.values()),
    }


def funnel(scope: Scope) -> list[dict[str, Any]]:
    """How many applications reached each stage from submitted to titled (``applications.constants.STAGES``)."""
    by_status = dict(_applications(scope).values_list("status").annotate(n=Count("id")).order_by())
    return [{"stage": key, "name": str(label), "count": sum(by_status.get(s, 0) for s in statuses),
             "url": list_url("applications:list", **_list_params(scope), stage=key)}
            for key, (label, statuses) in STAGES.items()]


def quota_use(scope: Scope) -> list[dict[str, Any]]:
    """For the round: each city's quota per tier with a plan, and how much it has used (Art. 12)."""
    if scope.round is None:
        return []
    rows = CityQuota.objects.filter(plan__round=scope.round).select_related("plan__tier", "city", "plan")
    if scope.city is not None:
        rows = rows.filter(city=scope.city)

    def url(row: CityQuota) -> str:
        # The plan behind the bar: the province's page of the plan (every city's row), or the city's own
        # quota of that round and tier.
        if scope.is_province:
            return reverse("tiers:quota_plan", args=[row.plan_id])
        return list_url("tiers:my_quota", round=row.plan.round_id, tier=row.plan.tier.code)

    return [{"city": row.city.code, "city_name": str(row.city.name), "tier": row.plan.tier.code,
             "tier_name": str(row.plan.tier.name), "final": row.final, "used": row.used, "url": url(row)}
            for row in annotate_used(rows.order_by("plan__tier__order", "city__code"))]


def titles_by_city_and_tier(scope: Scope, *, year: int | None = None) -> dict[str, Any]:
    """Active titles per city and tier (the register is public, so a city sees every city's count too)."""
    qs = Title.objects.filter(status=TitleStatus.ACTIVE)
    if year:
        qs = qs.filter(year=year)
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in qs.values("enterprise__city__code", "tier__code").annotate(n=Count("id")).order_by():
        counts[row["enterprise__city__code"]][row["tier__code"]] = row["n"]
    cities = list(City.objects.order_by("code"))

    def url(city: City) -> str:
        if scope.is_province or city == scope.city:
            return list_url("titles:title_list", city=city.code, status=TitleStatus.ACTIVE, year=year)
        return list_url("public:register", city=city.code, status=TitleStatus.ACTIVE, year=year)

    return {"cities": [{"code": c.code, "name": str(c.name), "by_tier": counts.get(c.code, {}),
                        "total": sum(counts.get(c.code, {}).values()), "url": url(c)} for c in cities],
            "tiers": [{"code": t.code, "name": str(t.name)} for t in scope.tiers]}


def titles_by_year(scope: Scope) -> dict[str, Any]:
    """Titles recognized each year per tier, in the reader's scope."""
    qs = Title.objects.exclude(status=TitleStatus.SUPERSEDED)
    if scope.city is not None:
        qs = qs.filter(enterprise__city=scope.city)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in qs.values("year", "tier__code").annotate(n=Count("id")).order_by():
        counts[row["year"]][row["tier__code"]] = row["n"]
    years = sorted(counts)
    tiers = scope.tiers
    return {"years": years, "tiers": [{"code": t.code, "name": str(t.name)} for t in tiers],
            "series": {t.code: [counts[y].get(t.code, 0) for y in years] for t in tiers},
            "urls": {f"{y}:{t.code}": list_url("titles:title_list", year=y, tier=t.code, status=NOT_SUPERSEDED)
                     for y in years for t in tiers}}


def applications_by_city(scope: Scope) -> dict[str, int]:
    """Submitted applications of the round per city (the province's map)."""
    qs = _applications(scope).exclude(status=Status.WITHDRAWN)
    return dict(qs.values_list("city__code").annotate(n=Count("id")).order_by())


def review_progress(scope: Scope) -> dict[str, Any]:
    """What waits: scores missing (per expert for the province: who scores is the department's business,
    not the city's), notices ending soon, filings waiting for the province more than a week."""
    today = timezone.localdate()
    missing = missing_scores_visible_to(scope.user)
    by_expert = []
    if scope.is_province:
        by_expert = list(missing.values("expert", "expert__username", "expert__last_name", "expert__first_name")
                         .annotate(n=Count("id")).order_by("-n", "expert__username")[:10])
    ending = PublicNotice.objects.filter(starts_on__lte=today, ends_on__gte=today,
                                         ends_on__lte=today + datetime.timedelta(days=NOTICE_ENDING_DAYS))
    return {
        "scores_missing": [{"expert": f"{r['expert__last_name']}{r['expert__first_name']}" or r["expert__username"],
                            "count": r["n"], "url": list_url("review:scores_missing", expert=r["expert"])}
                           for r in by_expert],
        "scores_missing_total": missing.count(),
        "scores_url": list_url("review:scores_missing"),
        "notices_ending": [{"title": n.title, "ends_on": n.ends_on.isoformat(),
                            "url": reverse("review:notice_detail", args=[n.pk]) if scope.is_province else
                            reverse("public_notices:list")} for n in ending.order_by("ends_on")[:5]],
        "filings_waiting": waiting_filings(filings_visible_to(scope.user)).count(),
        "filings_url": list_url("review:filings" if scope.is_province else "review:city_filings", waiting="on"),
    }


def aftercare(scope: Scope) -> dict[str, Any]:
    """Monitoring evaluations and revocation cases: by status, and how many are overdue."""
    today = timezone.localdate()
    evaluations = MonitoringEvaluation.objects.all()
    cases = RevocationCase.objects.all()
    if scope.city is not None:
        evaluations = evaluations.filter(title__enterprise__city=scope.city)
        cases = cases.filter(enterprise__city=scope.city)
    by_status = dict(evaluations.values_list("status").annotate(n=Count("id")).order_by())
    overdue = evaluations.filter(Q(status="open", report_due__lt=today)
                                 | Q(status="rectifying", rectification_due__lt=today)).count()
    case_status = dict(cases.values_list("status").annotate(n=Count("id")).order_by())
    return {
        "evaluations_open": sum(by_status.get(s, 0) for s in EVALUATION_OPEN_STATUSES),
        "evaluations_overdue": overdue,
        "evaluations_failed": by_status.get("failed", 0),
        "evaluations_url": list_url("titles:evaluation_list", status=UNDER_WAY),
        "overdue_url": list_url("titles:evaluation_list", overdue="on"),
        "cases_open": sum(case_status.get(s, 0) for s in CASE_OPEN_STATUSES),
        "cases_revoked": case_status.get(CaseStatus.REVOKED, 0),
        "cases_url": list_url("titles:case_list", status=UNDER_WAY),
        "revoked_url": list_url("titles:case_list", status=CaseStatus.REVOKED),
    }
