"""Admin pages for the rule book (rounds, the measures' extension, tiers and texts, scenarios, quotas)
and the city official's quota page. Every write goes through ``tiers.services``."""
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.models import City
from portal.decorators import permission_required
from portal.errors import ActionRefused
from portal.exports import xlsx_response
from portal.params import int_param
from portal.uploads.tables import rejected_rows

from . import quotas, scenario_import, selectors, services
from .filters import CityQuotaFilter, QuotaFilter, RoundFilter
from .forms import (
    CityInputsFormSet,
    GuideLoadForm,
    MeasuresExtensionForm,
    NewQuotaPlanForm,
    QuotaOverrideForm,
    QuotaPlanForm,
    RoundForm,
    ScenarioForm,
    ScenarioGuideForm,
    SegmentRequirementForm,
    TierForm,
)
from .models import (
    CityQuota,
    MeasuresExtension,
    QuotaPlan,
    Round,
    Scenario,
    ScenarioGuide,
    SegmentRequirement,
    Tier,
)
from .rounds import measures_end_date

admin_only = permission_required("tiers.manage_reference_data")
manages_rounds = permission_required("tiers.manage_rounds")
manages_quotas = permission_required("tiers.manage_quotas")


def _refused(request, exc):
    messages.error(request, str(exc))


# Rounds

def _with_missing_cities(rounds, cities):
    """Mark each round with the cities not taking part and, per tier needing a quota (Art. 12), the taking
    part cities that have none: ``quota_gaps`` = [(tier, [city names])]."""
    rounds = list(rounds)
    gaps = quotas.missing_quotas(rounds)
    for round in rounds:
        taking_part = {c.pk for c in round.cities.all()}
        round.missing_cities = [] if round.organiser_id else [c.name for c in cities if c.pk not in taking_part]
        round.quota_gaps = [(tier, [c.name for c in gaps[(round.pk, tier.pk)]])
                            for tier in round.tiers.all() if (round.pk, tier.pk) in gaps]
    return rounds


@manages_rounds
def round_list(request):
    """Every round: the province's and each city bureau's own basic rounds (Art. 4, 11), filtered by who
    runs them, the year and the tier."""
    cities = list(City.objects.order_by("code"))
    filterset = RoundFilter(request.GET or None, queryset=selectors.rounds_for_admin())
    rounds = filterset.qs if filterset.is_bound else selectors.rounds_for_admin()
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename="rounds", sheet_title=str(_("Application rounds")),
            headers=[_("Round"), _("Run by"), _("Year"), _("Opens"), _("Closes"), _("Open tiers"), _("Cities"),
                     _("Cities not taking part"), _("Cities without a quota (Art. 12)")],
            rows=([r.display_name, r.organiser.name if r.organiser_id else _("The provincial department"), r.year,
                   r.opens_at, r.closes_at, "、".join(t.name for t in r.tiers.all()), len(r.cities.all()),
                   "、".join(r.missing_cities),
                   "；".join(f"{tier.name}：{'、'.join(names)}" for tier, names in r.quota_gaps)]
                  for r in _with_missing_cities(rounds, cities)))
    page = Paginator(rounds, 50).get_page(request.GET.get("page"))
    _with_missing_cities(page.object_list, cities)
    return render(request, "tiers/round_list.html", {
        "page": page, "rounds": page.object_list, "measures_end": measures_end_date(),
        "filter": filterset if filterset.is_bound else RoundFilter(queryset=rounds)})


def _round_form_view(request, round=None):
    form = RoundForm(request.POST or None, instance=round)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("year", "name", "name_en", "opens_at", "closes_at", "tiers", "cities",
                                                  "note")}
        if form.cleaned_data.get("max_assessment_age_months") is not None:
            data["max_assessment_age_months"] = form.cleaned_data["max_assessment_age_months"]
        try:
            if round is None:
                round = services.create_round(**data, acting_user=request.user)
                messages.success(request, _("The round “%(name)s” is created.") % {"name": round.display_name})
            else:
                round = services.update_round(round, **data, acting_user=request.user)
                messages.success(request, _("The round “%(name)s” is saved.") % {"name": round.display_name})
                for plan in QuotaPlan.objects.filter(round=round, computed_at__isnull=True).select_related("tier"):
                    messages.warning(request, _("The quota plan of %(tier)s is to be computed (a city that "
                                                "joined has a quota of 0 until then): enter the figures and compute "
                                                "it (Art. 12).")
                                     % {"tier": plan.tier.name})
        except ActionRefused as exc:
            _refused(request, exc)
        else:
            return redirect("tiers:round_list")
    elif request.method == "POST":
        messages.error(request, _("Please correct the marked fields; nothing you typed has been lost."))
    return render(request, "tiers/round_form.html", {
        "form": form, "round": round, "measures_end": measures_end_date(),
    })


@manages_rounds
def round_create(request):
    return _round_form_view(request)


@manages_rounds
def round_edit(request, pk):
    # A city bureau's own round is changed by that bureau (Art. 11): not among the province's rounds to edit.
    return _round_form_view(request, get_object_or_404(Round, pk=pk, organiser__isnull=True))


@admin_only
def extension(request):
    form = MeasuresExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_extension(**form.cleaned_data, acting_user=request.user)
        except ActionRefused as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The extension of the measures is recorded."))
            return redirect("tiers:extension")
    return render(request, "tiers/extension.html", {
        "form": form, "extensions": MeasuresExtension.objects.select_related("recorded_by"),
        "measures_end": measures_end_date(),
    })


# Tiers and requirement texts

@admin_only
def tier_list(request):
    """The ladder: each tier with its conditions and its requirement text per segment (exported too)."""
    tiers = selectors.tiers_with_texts()
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename="tiers", sheet_title=str(_("Tiers")),
            headers=[_("Tier"), _("Tier (English)"), _("Article"), _("Recognized by"), _("Prerequisite title"),
                     _("Minimum maturity"), _("Segment coverage"), _("Required segments"), _("Requirements")],
            rows=([t.name_zh, t.name_en, t.article, t.get_authority_display(),
                   str(t.prerequisite) if t.prerequisite_id else "", t.get_min_maturity_display() or "",
                   t.get_coverage_rule_display(), "、".join(str(s) for s in t.required_segments.all()),
                   "\n".join(f"{r.segment.name}: {r.text_zh}" for r in t.requirements.all())] for t in tiers))
    return render(request, "tiers/tier_list.html", {"tiers": tiers})


@admin_only
def tier_edit(request, pk):
    tier = get_object_or_404(Tier, pk=pk)
    form = TierForm(request.POST or None, instance=tier)
    if request.method == "POST" and form.is_valid():
        services.update_tier(tier, values=form.cleaned_data, acting_user=request.user)
        messages.success(request, _("The tier is saved."))
        return redirect("tiers:tier_list")
    return render(request, "tiers/simple_form.html", {
        "form": form, "title": _("Edit tier: %(tier)s") % {"tier": tier.name}, "back": "tiers:tier_list",
    })


@admin_only
def requirement_edit(request, pk):
    requirement = get_object_or_404(SegmentRequirement.objects.select_related("tier", "segment"), pk=pk)
    form = SegmentRequirementForm(request.POST or None, instance=requirement)
    if request.method == "POST" and form.is_valid():
        services.update_requirement(requirement, values=form.cleaned_data, acting_user=request.user)
        messages.success(request, _("The requirement text is saved."))
        return redirect("tiers:tier_list")
    return render(request, "tiers/simple_form.html", {
        "form": form, "back": "tiers:tier_list",
        "title": _("Requirement: %(tier)s · %(segment)s") % {"tier": requirement.tier.name,
                                                             "segment": requirement.segment.name},
    })


# Scenario catalogue (Art. 10, 18)

@admin_only
def scenario_list(request):
    guides = ScenarioGuide.objects.all()
    guide = guides.filter(pk=int_param(request, "guide", default=0)).first()
    guide = guide or selectors.current_guide() or guides.first()
    if request.GET.get("export") == "xlsx":
        groups = selectors.scenarios_by_segment(guide) if guide else []
        return xlsx_response(
            filename="scenarios", sheet_title=str(_("Typical scenarios")),
            headers=[_("Guide edition"), _("Segment"), "#", _("Scenario (Chinese)"), _("Scenario (English)"),
                     _("Stage in the guide"), _("Active"), _("Checked against the published guide")],
            rows=([str(guide), str(segment.name), s.order, s.name_zh, s.name_en, str(s.stage),
                   _("yes") if s.is_active else _("no"), _("yes") if s.verified else _("no")]
                  for segment, scenarios in groups for s in scenarios))
    return render(request, "tiers/scenario_list.html", {
        "guides": guides, "guide": guide, "groups": selectors.scenarios_by_segment(guide) if guide else [],
    })


def _simple_save(request, form, save, *, title, back, success):
    """A reference-data form: the service gets the instance (None when new) and the cleaned values."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.instance if form.instance.pk else None, values=form.cleaned_data, acting_user=request.user)
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, success)
            return redirect(back)
    return render(request, "tiers/simple_form.html", {"form": form, "title": title, "back": back})


@admin_only
def guide_create(request):
    return _simple_save(request, ScenarioGuideForm(request.POST or None), services.save_guide,
                        title=_("New edition of the scenario guide"), back="tiers:scenario_list",
                        success=_("The guide edition is saved."))


@admin_only
def guide_edit(request, pk):
    guide = get_object_or_404(ScenarioGuide, pk=pk)
    return _simple_save(request, ScenarioGuideForm(request.POST or None, instance=guide), services.save_guide,
                        title=_("Edit the scenario guide edition"), back="tiers:scenario_list",
                        success=_("The guide edition is saved."))


@admin_only
def guide_load(request):
    """Load an official edition of the guide from its table; on malformed rows the form comes back with
    everything typed and every problem by its line (a browser cannot keep a chosen file)."""
    form = GuideLoadForm(request.POST or None, request.FILES or None)
    rejected = rejected_rows([])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            guide = scenario_import.load_edition(
                content=data["file"].read(), file_name=data["file"].name, title=data["title"],
                edition=data["edition"], document_number=data["document_number"],
                make_current=data["make_current"], acting_user=request.user)
        except scenario_import.ImportRefused as exc:
            messages.error(request, str(exc))
            rejected = rejected_rows(exc.errors)
        except ActionRefused as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The edition %(edition)s is loaded with %(n)d scenarios.")
                             % {"edition": guide.edition, "n": guide.scenarios.count()})
            return redirect(f"{reverse('tiers:scenario_list')}?guide={guide.pk}")
    elif request.method == "POST":
        messages.error(request, _("Please correct the marked fields; nothing you typed has been lost."))
    return render(request, "tiers/guide_load.html", {"form": form, **rejected})


@admin_only
def scenario_create(request):
    initial = {"guide": selectors.current_guide()}
    return _simple_save(request, ScenarioForm(request.POST or None, initial=initial), services.save_scenario,
                        title=_("New typical scenario"), back="tiers:scenario_list",
                        success=_("The scenario is saved."))


@admin_only
def scenario_edit(request, pk):
    scenario = get_object_or_404(Scenario, pk=pk)
    return _simple_save(request, ScenarioForm(request.POST or None, instance=scenario), services.save_scenario,
                        title=_("Edit typical scenario"), back="tiers:scenario_list",
                        success=_("The scenario is saved."))


# Quotas (Art. 12)

@manages_quotas
def quota_list(request):
    """The quota plans, newest round first, filtered by round and tier (paged, exported); POST creates one."""
    form = NewQuotaPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_quota_plan(**form.cleaned_data, acting_user=request.user)
        except ActionRefused as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The quota plan is created; enter the cities' figures."))
            return redirect("tiers:quota_plan", pk=plan.pk)
    filterset = QuotaFilter(request.GET or None, queryset=selectors.quota_plans_for_admin()
                            .order_by("-round__year", "-round__opens_at", "tier__order", "pk"))
    plans = _filtered(filterset, "quota plans filter")
    if request.method == "GET" and request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename="quota-plans", sheet_title=str(_("Quota plans")),
            headers=[_("Round"), _("Tier"), _("Provincial total"), _("Sum of final quotas"), _("Computed at")],
            rows=([str(p.round), p.tier.name, p.total, sum(r.final for r in p.cities.all()), p.computed_at]
                  for p in plans))
    page = Paginator(plans, 25).get_page(request.GET.get("page"))
    for plan in page.object_list:
        plan.final_total = sum(r.final for r in plan.cities.all())
    return render(request, "tiers/quota_list.html", {"plans": page.object_list, "page": page, "form": form,
                                                     "filter": filterset})


def _filtered(filterset, what):
    """The filterset's rows; a value no filter takes (a round that does not exist) is a 400."""
    if filterset.is_bound and not filterset.is_valid():
        raise BadRequest(what)
    return filterset.qs if filterset.is_bound else filterset.queryset


def _plan_rows(plan):
    """The plan's rows with what each city used and what the records count now (``quotas.counted_factors``)."""
    used = quotas.used_by_city(plan)
    counted = quotas.counted_factors(plan)
    rows = list(plan.cities.select_related("city").order_by("city__code"))
    for row in rows:
        row.used = used.get(row.city_id, 0)
        row.counted = counted.get(row.city_id, {})
    return rows


def _plan_export(plan, rows):
    headers = [_("City"), _("Above-size enterprises (E)"), _("On the above-size list"), _("Self-assessments (A)"),
               _("Verified self-assessments"), _("System score (S)"), _("Share"), _("Computed"), _("Override"),
               _("Reason for the override"), _("Final"), _("Used")]
    return xlsx_response(
        filename=f"quota-plan-{plan.round.year}-{plan.tier.code}", sheet_title=str(_("Quota plan")), headers=headers,
        rows=([r.city.name, r.above_size_enterprises, r.counted.get("enterprises"), r.self_assessments,
               r.counted.get("assessments"), r.system_score, float(r.share), r.computed, r.override,
               r.override_reason, r.final, r.used] for r in rows))


@manages_quotas
def quota_plan(request, pk):
    plan = get_object_or_404(QuotaPlan.objects.select_related("round", "tier"), pk=pk)
    rows = _plan_rows(plan)
    if request.method == "GET" and request.GET.get("export") == "xlsx":
        return _plan_export(plan, rows)
    initial = [{"quota_id": r.pk, "above_size_enterprises": r.above_size_enterprises,
                "self_assessments": r.self_assessments, "system_score": r.system_score} for r in rows]
    form = QuotaPlanForm(request.POST or None, instance=plan, prefix="plan")
    formset = CityInputsFormSet(request.POST or None, initial=initial, prefix="city")
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            by_id = {r.pk: r for r in rows}
            inputs = {
                by_id[f.cleaned_data["quota_id"]].city_id: {
                    "enterprises": f.cleaned_data["above_size_enterprises"],
                    "assessments": f.cleaned_data["self_assessments"],
                    "system": f.cleaned_data["system_score"],
                }
                for f in formset if f.cleaned_data.get("quota_id") in by_id
            }
            weights = {"enterprises": form.cleaned_data["weight_enterprises"],
                       "assessments": form.cleaned_data["weight_assessments"],
                       "system": form.cleaned_data["weight_system"]}
            try:
                services.update_quota_plan(plan, total=form.cleaned_data["total"], weights=weights, inputs=inputs,
                                           note=form.cleaned_data["note"],
                                           figures_reason=form.cleaned_data["figures_reason"], acting_user=request.user)
            except ActionRefused as exc:
                _refused(request, exc)
            else:
                messages.success(request, _("The figures are saved and the quotas recomputed."))
                return redirect("tiers:quota_plan", pk=plan.pk)
        else:
            messages.error(request, _("Please correct the marked fields; nothing you typed has been lost."))
    for row, row_form in zip(rows, formset, strict=False):
        row.form = row_form
    return render(request, "tiers/quota_plan.html", {
        "plan": plan, "rows": rows, "form": form, "formset": formset,
        "computed_total": sum(r.computed for r in rows), "final_total": sum(r.final for r in rows),
        "used_total": sum(r.used for r in rows),
    })


@manages_quotas
@require_POST
def quota_recompute(request, pk):
    plan = get_object_or_404(QuotaPlan, pk=pk)
    try:
        services.recompute_quota_plan(plan, acting_user=request.user)
    except (ActionRefused, ValueError) as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The quotas are recomputed."))
    return redirect("tiers:quota_plan", pk=plan.pk)


@manages_quotas
def quota_override(request, pk):
    row = get_object_or_404(CityQuota.objects.select_related("plan__round", "plan__tier", "city"), pk=pk)
    form = QuotaOverrideForm(request.POST or None, initial={"override": row.override, "reason": row.override_reason})
    if request.method == "POST" and form.is_valid():
        try:
            services.override_city_quota(row, override=form.cleaned_data["override"],
                                         reason=form.cleaned_data["reason"], acting_user=request.user)
        except ActionRefused as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The quota of %(city)s is saved.") % {"city": row.city.name})
            return redirect("tiers:quota_plan", pk=row.plan_id)
    return render(request, "tiers/quota_override.html", {"row": row, "form": form, "used": quotas.used_for(row)})


@permission_required("portal.city_area")
def my_quota(request):
    """The city's quota in each round and tier (Art. 12), newest round first, filtered by round and tier."""
    filterset = CityQuotaFilter(request.GET or None, queryset=selectors.city_quotas_visible_to(request.user)
                                .order_by("-plan__round__year", "plan__tier__order", "pk"))
    rows = _filtered(filterset, "quota filter")
    if request.GET.get("export") == "xlsx":
        chosen = quotas.annotate_used(rows.select_related("plan__round", "plan__tier", "city"))
        return xlsx_response(
            filename="my-quota", sheet_title=str(_("Quotas")),
            headers=[_("Round"), _("Tier"), _("Quota"), _("Used"), _("Remaining")],
            rows=([str(r.plan.round), r.plan.tier.name, r.final, r.used, r.remaining] for r in chosen))
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    quotas.annotate_used(page.object_list)
    return render(request, "tiers/my_quota.html", {"rows": page.object_list, "page": page, "filter": filterset,
                                                   "city": request.user.city})
