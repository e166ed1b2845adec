"""Four annual rounds (three decided or being decided, one open now), the rubric, and the quotas.

The years follow the clock: the open round is the one whose call closes about a hundred days from
now (today 2026-12: the 2027 round, after 2024, 2025 and 2026). Each round opens every tier, the
scenario award included, to all 16 cities.
"""
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from review.models import RubricCriterion
from tiers.constants import TierCode
from tiers.models import CityQuota, QuotaPlan, Round

from .people import CITY_WEIGHTS

ROUND_COUNT = 4
# Tiers whose recommendations count against a quota plan (tiers.quotas.QUOTA_REQUIRED).
QUOTA_TIERS = (TierCode.ADVANCED, TierCode.SCENARIO)

# Default criteria of review.province.services.DEFAULT_RUBRIC: one per segment and the outcomes.
DEFAULT_RUBRIC = [
    ("factory_construction", "工厂建设", "Factory construction", 15),
    ("rd_design", "研发设计", "R&D and design", 15),
    ("production_operations", "生产作业", "Production operations", 20),
    ("production_management", "生产管理", "Production management", 20),
    ("operations_management", "运营管理", "Operations management", 15),
    (None, "建设成效", "Outcomes", 15),
]


class RoundPlan:
    """A round and the windows in which its steps happen."""

    def __init__(self, round, *, stage, now):
        self.round = round
        self.pk = round.pk
        self.year = round.year
        self.name = round.name
        self.opens_at = round.opens_at
        self.closes_at = round.closes_at
        self.stage = stage  # "closed": decided; "deciding": the province is at work; "open": taking applications
        day = datetime.timedelta(days=1)
        if stage == "open":
            self.submit_end = now - datetime.timedelta(hours=2)
            self.city = (self.opens_at + 2 * day, now - datetime.timedelta(hours=1))
            self.province = self.notice = self.miit = None
            return
        self.submit_end = self.closes_at - datetime.timedelta(hours=1)
        end = min(self.closes_at + 270 * day, now - 3 * day)
        width = end - self.closes_at
        at = lambda f: self.closes_at + width * f  # noqa: E731
        self.city = (self.closes_at + datetime.timedelta(hours=1), at(0.3))
        self.province = (at(0.3), at(0.62))
        # The notice of the approved (five working days; a week on the calendar), then certification.
        starts = timezone.localtime(at(0.66)).date()
        self.notice = (starts, starts + 7 * day)
        self.certify = (at(0.66) + 9 * day, end)
        self.miit = (at(0.7), end)
        # In the round being decided, a second notice is running today.
        today = timezone.localdate(now)
        self.running_notice = (today - 3 * day, today + 4 * day) if stage == "deciding" else None


def _round_years(now):
    open_year = (timezone.localdate(now) + datetime.timedelta(days=100)).year
    return list(range(open_year - ROUND_COUNT + 1, open_year + 1))


def make_rounds(ctx):
    """Create (or, with ``--append``, find) the four rounds; returns their plans, oldest first."""
    tz = timezone.get_current_timezone()
    years = _round_years(ctx.now)
    plans = []
    for i, year in enumerate(years):
        name = f"{year}年度全省智能工厂梯度培育申报（规模测试）"
        if i == len(years) - 1:
            opens = ctx.now - datetime.timedelta(days=14)
            closes = ctx.now + datetime.timedelta(days=100)
            stage = "open"
        else:
            opens = datetime.datetime(year, 3, 1, 9, 0, tzinfo=tz)
            closes = datetime.datetime(year, 6, 30, 17, 0, tzinfo=tz)
            stage = "deciding" if i == len(years) - 2 else "closed"
        round = Round.objects.filter(name=name).first()
        if round is None:
            round = Round.objects.create(year=year, name=name, opens_at=opens, closes_at=closes,
                                         note="由 generate_data 生成的规模测试数据。")
            round.tiers.set(ctx.tiers.values())
            round.cities.set(ctx.cities.values())
            ctx.audit_row(opens - datetime.timedelta(days=20), None, "tiers.round_created", Round, round.pk,
                          name, after={"year": year, "name": name}, essential=True)
        plans.append(RoundPlan(round, stage=stage, now=ctx.now))
    ctx.rounds = plans
    return plans


def make_rubric(ctx):
    """The default rubric for every tier that has none (as ``load_default_rubric`` gives it)."""
    segments = {s.code: s for s in ctx.segments}
    rows = []
    for tier in ctx.tiers.values():
        if RubricCriterion.objects.filter(tier=tier).exists():
            continue
        for order, (code, name_zh, name_en, points) in enumerate(DEFAULT_RUBRIC, start=1):
            rows.append(RubricCriterion(tier=tier, segment=segments.get(code) if code else None, name_zh=name_zh,
                                        name_en=name_en, weight=Decimal(points), max_score=points,
                                        order=order * 10))
    RubricCriterion.objects.bulk_create(rows)
    ctx.criteria = {}
    for c in RubricCriterion.objects.filter(active=True).order_by("order", "pk"):
        ctx.criteria.setdefault(c.tier_id, []).append(c)


def make_quotas(ctx, used):
    """A quota plan per round for the advanced tier and the scenario award, with each city's quota.

    ``used``: {(round_id, tier_id, city_id): recommendations counted against the quota}. A city's
    quota is its weighted share of the provincial total, and never below what it used (the generated
    recommendations were made within it). Returns (plans, city quotas) written.
    """
    writer = ctx.writer
    rng = ctx.rng
    plan_rows, quota_rows = [], []
    for plan in ctx.rounds:
        for code in QUOTA_TIERS:
            tier = ctx.tiers[code]
            if QuotaPlan.objects.filter(round_id=plan.pk, tier=tier).exists():
                continue
            (plan_id,) = writer.ids(QuotaPlan, 1)
            figures = {c: (CITY_WEIGHTS[c] * 100 + rng.randrange(100), CITY_WEIGHTS[c] * 12 + rng.randrange(40),
                           Decimal(rng.randrange(60, 98))) for c in ctx.cities}
            share = _shares(figures)
            wanted = sum(used.get((plan.pk, tier.pk, ctx.cities[c].pk), 0) for c in ctx.cities)
            total = max(16, int(wanted * 1.15) + 1)
            computed = {c: max(int((share[c] * total).to_integral_value(ROUND_HALF_UP)),
                               used.get((plan.pk, tier.pk, ctx.cities[c].pk), 0)) for c in ctx.cities}
            at = plan.opens_at - datetime.timedelta(days=10)
            plan_rows.append({
                "id": plan_id, "round_id": plan.pk, "tier_id": tier.pk, "total": sum(computed.values()),
                "weight_enterprises": Decimal("0.40"), "weight_assessments": Decimal("0.30"),
                "weight_system": Decimal("0.30"), "note": "", "computed_at": at, "created_at": at,
            })
            ctx.audit_row(at, None, "tiers.quota_plan_created", QuotaPlan, plan_id, f"{plan.name} · {tier.name_zh}",
                          after={"total": sum(computed.values())}, essential=True)
            for c, (enterprises, assessments, score) in figures.items():
                (qid,) = writer.ids(CityQuota, 1)
                quota_rows.append({
                    "id": qid, "plan_id": plan_id, "city_id": ctx.cities[c].pk, "above_size_enterprises": enterprises,
                    "self_assessments": assessments, "system_score": score, "share": share[c],
                    "computed": computed[c], "override": None, "override_reason": "",
                })
    writer.write(QuotaPlan, plan_rows)
    writer.write(CityQuota, quota_rows)
    return len(plan_rows), len(quota_rows)


def _shares(figures):
    totals = [sum(Decimal(f[i]) for f in figures.values()) for i in range(3)]
    weights = (Decimal("0.40"), Decimal("0.30"), Decimal("0.30"))
    return {c: sum(w * Decimal(f[i]) / totals[i] for i, w in enumerate(weights)).quantize(Decimal("0.000001"))
            for c, f in figures.items()}
