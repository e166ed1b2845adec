"""Writes for the rule book: rounds, the measures' extension, tiers and their texts, the scenario
catalogue, and quotas. Each is one transaction with one audit row; refusals raise ActionRefused.
"""
from decimal import Decimal
from typing import Any

import rules
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.audit import audit
from portal.audit_sentences import register_verbs
from portal.errors import ActionRefused, ensure

from . import (
    permissions,  # noqa: F401 - registers the permissions asked here
    quotas,
)
from .models import CityQuota, MeasuresExtension, QuotaPlan, Round, Scenario, ScenarioGuide
from .rounds import measures_end_date, measures_end_moment

# What the audit trail says of the verbs written here (``portal.audit_sentences``).
register_verbs({
    "tiers.guide_saved": gettext_lazy("Typical scenario guide saved"),
    "tiers.measures_extended": gettext_lazy("Validity of the measures extended (Art. 19)"),
    "tiers.quota_overridden": gettext_lazy("City quota adjusted"),
    "tiers.quota_plan_cities_joined": gettext_lazy("Cities added to the quota plan"),
    "tiers.quota_plan_created": gettext_lazy("Quota plan created"),
    "tiers.quota_plan_recomputed": gettext_lazy("Quota plan computed again"),
    "tiers.quota_plan_updated": gettext_lazy("Quota plan changed"),
    "tiers.requirement_updated": gettext_lazy("Segment requirement changed"),
    "tiers.round_created": gettext_lazy("Application round opened"),
    "tiers.round_updated": gettext_lazy("Application round changed"),
    "tiers.scenario_saved": gettext_lazy("Typical scenario saved"),
    "tiers.tier_updated": gettext_lazy("Tier changed"),
})

ROUND_FIELDS = ("year", "name", "name_en", "opens_at", "closes_at", "max_assessment_age_months", "note")


def _round_state(round: Round) -> Any:
    return {
        **{f: str(getattr(round, f)) for f in ROUND_FIELDS},
        "tiers": sorted(round.tiers.values_list("code", flat=True)),
        "cities": sorted(round.cities.values_list("code", flat=True)),
    }


def _may(acting_user: Any, perm: str) -> None:
    """The rule book is changed only by who manages it (``tiers.permissions``); a refusal says who does."""
    ensure(rules.has_perm(perm, acting_user), {
        "tiers.manage_rounds": _("Rounds are opened and changed by the provincial department."),
        "tiers.manage_quotas": _("Quota plans are set by the provincial department (Art. 12)."),
    }.get(perm, _("Only an administrator may change this.")), article="Art. 12" if perm == "tiers.manage_quotas" else "")


def _check_round(*, opens_at: Any, closes_at: Any, tiers: Any, cities: Any) -> None:
    ensure(closes_at > opens_at, _("A round must close after it opens."))
    ensure(
        closes_at <= measures_end_moment(),
        _("The measures are valid until %(date)s (Art. 19): a round cannot close after that unless an admin "
          "records an extension of the measures with its legal basis.") % {"date": measures_end_date().isoformat()},
        article="Art. 19",
    )
    ensure(len(tiers) > 0, _("Choose at least one tier for the round."))
    ensure(len(cities) > 0, _("Choose at least one participating city."))


def _check_assessment_age(months: int) -> None:
    ensure(1 <= months <= 60, _("The maturity assessment's maximum age is 1 to 60 months (Art. 5 (5))."),
           article="Art. 5 (5)")


@transaction.atomic
def create_round(*, year: int, name: Any, opens_at: Any, closes_at: Any, tiers: Any, cities: Any, note: str = "",
                 max_assessment_age_months: int = 12, name_en: str = "", acting_user: Any) -> Any:
    """Open a new application round (批次).

    Before: it closes after it opens and no later than the measures' end date (Art. 19); at least one
    tier and one city. After: the round exists with its tiers and cities; one audit row.
    """
    _may(acting_user, "tiers.manage_rounds")
    _check_round(opens_at=opens_at, closes_at=closes_at, tiers=tiers, cities=cities)
    _check_assessment_age(max_assessment_age_months)
    round = Round.objects.create(year=year, name=name, name_en=(name_en or "").strip(), opens_at=opens_at,
                                 closes_at=closes_at, note=note, max_assessment_age_months=max_assessment_age_months)
    round.tiers.set(tiers)
    round.cities.set(cities)
    audit(acting_user, "tiers.round_created", round, after=_round_state(round))
    return round


@transaction.atomic
def update_round(round: Round, *, year: int, name: Any, opens_at: Any, closes_at: Any, tiers: Any, cities: Any,
                 note: str = "", max_assessment_age_months: int | None = None, name_en: str | None = None,
                 acting_user: Any) -> Any:
    """Change a round's dates, tiers or cities (e.g. extend it), under the same checks as ``create_round``."""
    _may(acting_user, "tiers.manage_rounds")
    round = Round.objects.select_for_update().get(pk=round.pk)
    ensure(round.organiser_id is None,
           _("This is a city bureau's own basic round: it is changed by that bureau (Art. 11)."), article="Art. 11")
    _check_round(opens_at=opens_at, closes_at=closes_at, tiers=tiers, cities=cities)
    before = _round_state(round)
    round.year, round.name, round.opens_at, round.closes_at, round.note = year, name, opens_at, closes_at, note
    if name_en is not None:  # None: unchanged
        round.name_en = name_en.strip()
    if max_assessment_age_months is not None:  # None: unchanged
        _check_assessment_age(max_assessment_age_months)
        round.max_assessment_age_months = max_assessment_age_months
    round.save(update_fields=list(ROUND_FIELDS))
    round.tiers.set(tiers)
    round.cities.set(cities)
    audit(acting_user, "tiers.round_updated", round, before=before, after=_round_state(round))
    _join_quota_plans(round, acting_user)
    return round


def _join_quota_plans(round: Round, acting_user: Any) -> list[Any]:
    """A city that joins a round after its quota plans exist joins each plan too (Art. 12): a row with
    zero inputs, so it has a quota of 0 — no recommendation is offered that would be refused — until
    the plan is recomputed with its figures, which the plan then asks for (``computed_at`` cleared).
    Returns the plans joined."""
    joined = []
    city_ids = set(round.cities.values_list("pk", flat=True))
    for plan in QuotaPlan.objects.select_for_update().filter(round=round):
        missing = city_ids - set(plan.cities.values_list("city_id", flat=True))
        if not missing:
            continue
        CityQuota.objects.bulk_create([CityQuota(plan=plan, city_id=pk) for pk in sorted(missing)])
        plan.computed_at = None
        plan.save(update_fields=["computed_at"])
        audit(acting_user, "tiers.quota_plan_cities_joined", plan, after={"cities": sorted(missing)},
              message="Art. 12")
        joined.append(plan)
    return joined


@transaction.atomic
def record_extension(*, valid_until: Any, legal_basis: Any, acting_user: Any) -> Any:
    """Record that the measures were extended (Art. 19) to ``valid_until``, citing the legal basis.

    Before: the new date is later than the current end date; a legal basis is given. After: rounds may
    close up to the new date; one audit row.
    """
    _may(acting_user, "tiers.manage_reference_data")
    current = measures_end_date()
    ensure(valid_until > current,
           _("An extension must run past the current end date, %(date)s.") % {"date": current.isoformat()},
           article="Art. 19")
    ensure(bool(legal_basis.strip()), _("Give the legal basis of the extension."), article="Art. 19")
    extension = MeasuresExtension.objects.create(
        valid_until=valid_until, legal_basis=legal_basis.strip(), recorded_by=acting_user
    )
    audit(acting_user, "tiers.measures_extended", extension,
          before={"valid_until": current.isoformat()}, after={"valid_until": valid_until.isoformat(),
                                                             "legal_basis": extension.legal_basis})
    return extension


def _state_of(obj: Any, names: Any) -> Any:
    def value(name: Any) -> Any:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            return sorted(str(o) for o in getattr(obj, name).all()) if obj.pk else []
        return str(getattr(obj, name))
    return {name: value(name) for name in names}


def save_reference(obj: Any, *, values: Any, verb: str, acting_user: Any) -> Any:
    """Save reference data: set ``values`` (field name -> cleaned value; many-to-many as a list of
    instances) on ``obj`` (a new or existing row), validate it and write one audit row with the
    changed fields before and after. A model validation error is refused with its message."""
    created = obj.pk is None
    plain = {k: v for k, v in values.items() if not obj._meta.get_field(k).many_to_many}
    related = {k: v for k, v in values.items() if obj._meta.get_field(k).many_to_many}
    # The state as stored: a bound ModelForm has already written the new values onto its instance.
    before = None if created else _state_of(type(obj)._default_manager.get(pk=obj.pk), values)
    for name, value in plain.items():
        setattr(obj, name, value)
    try:
        obj.full_clean(exclude=[f.name for f in obj._meta.fields if f.name not in plain])
    except ValidationError as exc:
        raise ActionRefused(" ".join(exc.messages)) from None
    obj.save()
    for name, value in related.items():
        getattr(obj, name).set(value)
    after = _state_of(obj, values)
    if before is not None:  # not created
        changed = [k for k in after if after[k] != before[k]]
        before, after = {k: before[k] for k in changed}, {k: after[k] for k in changed}
    audit(acting_user, verb, obj, before=before, after=after)
    return obj


@transaction.atomic
def update_tier(tier: Any, *, values: Any, acting_user: Any) -> Any:
    """Save a tier's names, article, prerequisite, minimum maturity, coverage rule and outcomes text."""
    _may(acting_user, "tiers.manage_reference_data")
    return save_reference(tier, values=values, verb="tiers.tier_updated", acting_user=acting_user)


@transaction.atomic
def update_requirement(requirement: Any, *, values: Any, acting_user: Any) -> Any:
    """Save one segment's requirement text of a tier (Art. 6-9 items 1-5), in Chinese and English."""
    _may(acting_user, "tiers.manage_reference_data")
    return save_reference(requirement, values=values, verb="tiers.requirement_updated", acting_user=acting_user)


@transaction.atomic
def save_guide(guide: ScenarioGuide, *, values: Any, acting_user: Any) -> Any:
    """Create (``guide`` None) or change a scenario-guide edition (Art. 18); making it current un-marks
    the previous one."""
    _may(acting_user, "tiers.manage_reference_data")
    guide = guide or ScenarioGuide()
    if values.get("is_current"):
        ScenarioGuide.objects.filter(is_current=True).exclude(pk=guide.pk).update(is_current=False)
    return save_reference(guide, values=values, verb="tiers.guide_saved", acting_user=acting_user)


@transaction.atomic
def save_scenario(scenario: Scenario, *, values: Any, acting_user: Any) -> Any:
    """Create (``scenario`` None) or change a typical scenario of a guide edition (Art. 18)."""
    _may(acting_user, "tiers.manage_reference_data")
    return save_reference(scenario or Scenario(), values=values, verb="tiers.scenario_saved",
                          acting_user=acting_user)


# Quotas (Art. 12)

def _plan_state(plan: QuotaPlan) -> Any:
    return {
        "total": plan.total,
        "weights": {k: str(v) for k, v in plan.weights.items()},
        "figures_reason": plan.figures_reason,
        "cities": {
            q.city.code: {"E": q.above_size_enterprises, "A": q.self_assessments, "S": str(q.system_score),
                          "E counted": q.above_size_counted, "A counted": q.self_assessments_counted,
                          "computed": q.computed, "override": q.override}
            for q in plan.cities.select_related("city")
        },
    }


@transaction.atomic
def create_quota_plan(*, round: Round, tier: Any, total: Any, acting_user: Any, weights: Any = None) -> Any:
    """Start the quota plan of ``tier`` in ``round``: one CityQuota per participating city, all inputs zero.

    Before: the tier is open in the round and no plan exists for the pair. After: the plan and its
    rows exist (computed quotas 0 until inputs are entered and recomputed); one audit row.
    """
    _may(acting_user, "tiers.manage_quotas")
    ensure(round.tiers.filter(pk=tier.pk).exists(), _("This tier is not open in the round."), article="Art. 12")
    ensure(not QuotaPlan.objects.filter(round=round, tier=tier).exists(),
           _("A quota plan for this round and tier already exists."))
    weights = weights or {}
    plan = QuotaPlan.objects.create(
        round=round, tier=tier, total=total,
        weight_enterprises=weights.get("enterprises", Decimal("0.40")),
        weight_assessments=weights.get("assessments", Decimal("0.30")),
        weight_system=weights.get("system", Decimal("0.30")),
    )
    CityQuota.objects.bulk_create([CityQuota(plan=plan, city=city) for city in round.cities.order_by("code")])
    # The factors the records count start as the cities' figures (Art. 12); the rest are typed.
    counted = quotas.counted_factors(plan)
    for row in plan.cities.all():
        found = counted.get(row.city_id, {})
        row.above_size_counted, row.self_assessments_counted = found.get("enterprises"), found.get("assessments")
        row.above_size_enterprises = row.above_size_counted or 0
        row.self_assessments = row.self_assessments_counted or 0
        row.save(update_fields=["above_size_counted", "self_assessments_counted", "above_size_enterprises",
                                "self_assessments"])
    audit(acting_user, "tiers.quota_plan_created", plan, after=_plan_state(plan))
    return plan


def _differs(typed: Any, counted: Any) -> bool:
    return counted is not None and typed != counted


def _recompute(plan: QuotaPlan) -> None:
    rows = list(plan.cities.select_for_update().select_related("city").order_by("city__code"))
    inputs = {
        row.pk: {"enterprises": row.above_size_enterprises, "assessments": row.self_assessments,
                 "system": row.system_score}
        for row in rows
    }
    shares = quotas.weighted_shares(inputs, plan.weights)
    seats = quotas.apportion(plan.total, shares)
    for row in rows:
        row.share = quotas.to_decimal(shares[row.pk])
        row.computed = seats[row.pk]
        row.save(update_fields=["share", "computed"])
    plan.computed_at = timezone.now()
    plan.save(update_fields=["computed_at"])


@transaction.atomic
def update_quota_plan(plan: QuotaPlan, *, total: Any, weights: Any, inputs: Any, note: str = "",
                      figures_reason: str = "", acting_user: Any) -> Any:
    """Save the total, the weights and each city's three inputs, then recompute the quotas (Art. 12).

    ``inputs``: city_id -> {"enterprises": int, "assessments": int, "system": Decimal}. Before: weights
    non-negative and not all zero; where a typed E or A changed in this save differs from what the records
    count (``quotas.counted_factors``), ``figures_reason`` says why (only those cities are named in the
    refusal; a difference saved before is not asked about again). After:
    every row's share and computed quota follow the formula and the computed quotas sum to the total;
    each row keeps the counts beside its figures; overrides are kept; one audit row with before and after.
    """
    _may(acting_user, "tiers.manage_quotas")
    plan = QuotaPlan.objects.select_for_update().get(pk=plan.pk)
    ensure(all(Decimal(str(w)) >= 0 for w in weights.values()) and sum(Decimal(str(w)) for w in weights.values()) > 0,
           _("The weights must be non-negative and not all zero."))
    ensure(bool(inputs) or total == 0, _("No city takes part in this plan."))
    before = _plan_state(plan)
    plan.total = total
    plan.weight_enterprises = weights["enterprises"]
    plan.weight_assessments = weights["assessments"]
    plan.weight_system = weights["system"]
    plan.note = note
    plan.save(update_fields=["total", "weight_enterprises", "weight_assessments", "weight_system", "note"])
    counted = quotas.counted_factors(plan)
    differing, kept = [], []  # cities whose figures now typed differ from the count; those saved so before
    for row in plan.cities.select_for_update().select_related("city").order_by("city__code"):
        if row.city_id in inputs:
            values, found = inputs[row.city_id], counted.get(row.city_id, {})
            # A reason is asked of the figures typed now: one saved before is not asked again when another
            # city changes (the admin answers for what they change, not for the whole table).
            if ((values["enterprises"] != row.above_size_enterprises
                 and _differs(values["enterprises"], found.get("enterprises")))
                    or (values["assessments"] != row.self_assessments
                        and _differs(values["assessments"], found.get("assessments")))):
                differing.append(row.city.name)
            elif (_differs(values["enterprises"], found.get("enterprises"))
                  or _differs(values["assessments"], found.get("assessments"))):
                kept.append(row.city.name)
            row.above_size_enterprises = values["enterprises"]
            row.self_assessments = values["assessments"]
            row.system_score = values["system"]
            row.above_size_counted, row.self_assessments_counted = found.get("enterprises"), found.get("assessments")
            row.save(update_fields=["above_size_enterprises", "self_assessments", "system_score", "above_size_counted",
                                    "self_assessments_counted"])
    figures_reason = (figures_reason or "").strip()
    ensure(not differing or figures_reason,
           _("The figures typed for %(cities)s differ from what the records count (the above-size list, the verified "
             "self-assessments): give the reason (Art. 12).") % {"cities": "、".join(differing)}, article="Art. 12")
    plan.figures_reason = figures_reason if differing or kept else ""
    plan.save(update_fields=["figures_reason"])
    _recompute(plan)
    audit(acting_user, "tiers.quota_plan_updated", plan, before=before, after=_plan_state(plan))
    return plan


@transaction.atomic
def recompute_quota_plan(plan: QuotaPlan, *, acting_user: Any) -> Any:
    """Recompute every city's share and quota from the stored inputs (e.g. after cities joined the round).

    Cities that joined the round since the plan was made get a row; rows of cities that left are
    kept when they hold an override, else removed. One audit row with before and after.
    """
    _may(acting_user, "tiers.manage_quotas")
    plan = QuotaPlan.objects.select_for_update().get(pk=plan.pk)
    before = _plan_state(plan)
    participating = set(plan.round.cities.values_list("pk", flat=True))
    existing = set(plan.cities.values_list("city_id", flat=True))
    CityQuota.objects.bulk_create(
        [CityQuota(plan=plan, city_id=pk) for pk in sorted(participating - existing)]
    )
    plan.cities.exclude(city_id__in=participating).filter(override__isnull=True).delete()
    _recompute(plan)
    audit(acting_user, "tiers.quota_plan_recomputed", plan, before=before, after=_plan_state(plan))
    return plan


@transaction.atomic
def override_city_quota(city_quota: Any, *, override: Any, reason: str, acting_user: Any) -> Any:
    """Set (or clear, with ``override=None``) a city's quota by hand, with the recorded reason.

    Before: a reason is given; the override is not below what the city has already used. After:
    ``final`` is the override (or the computed quota again); one audit row with before and after.
    """
    _may(acting_user, "tiers.manage_quotas")
    row = CityQuota.objects.select_for_update().select_related("plan", "city").get(pk=city_quota.pk)
    ensure(bool(reason.strip()), _("Give the reason for overriding the quota."), article="Art. 12")
    used = quotas.used_for(row)
    ensure(override is None or override >= used,
           _("%(city)s has already used %(used)d recommendations; the quota cannot be lower.")
           % {"city": row.city.name, "used": used}, article="Art. 12")
    before = {"override": row.override, "reason": row.override_reason, "final": row.final}
    row.override = override
    row.override_reason = reason.strip() if override is not None else ""
    row.save(update_fields=["override", "override_reason"])
    audit(acting_user, "tiers.quota_overridden", row, before=before,
          after={"override": override, "reason": reason.strip(), "final": row.final}, message=reason.strip())
    return row
