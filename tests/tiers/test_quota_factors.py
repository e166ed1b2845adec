"""Art. 12's first two quota factors are counted from the records — the city's above-size industrial
enterprise list and the verified national-platform self-assessments — with a typed figure as an override
that needs a reason."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import services as application_services
from portal.audit import audit_trail
from portal.errors import ActionRefused
from tests.applications.factories import make_application
from tests.factories import make_credit_code
from tests.registers.factories import import_above_size
from tests.tiers.factories import RoundFactory, tier
from tiers import quotas, services
from tiers.constants import TierCode

pytestmark = pytest.mark.django_db


def assessment_year():
    return (timezone.localdate() - datetime.timedelta(days=60)).year  # the test applications' assessments


@pytest.fixture
def records(provincial_officer, jinan, enterprise_user, jinan_official):
    """济南: an above-size list of three enterprises for the year and one verified self-assessment."""
    year = assessment_year()
    import_above_size(provincial_officer, jinan, year,  # the applicant is on it, with two others
                      [(enterprise_user.enterprise.credit_code, enterprise_user.enterprise.name)]
                      + [(make_credit_code("370102", n), f"济南规上企业{n}") for n in (901, 902)])
    app = make_application(enterprise_user)
    application_services.submit(app, actor=enterprise_user)
    application_services.check_assessment(app, verdict="verify", actor=jinan_official)
    return year


def plan_for(year, officer):
    round_ = RoundFactory(year=year)
    return services.create_quota_plan(round=round_, tier=tier(TierCode.ADVANCED), total=30, acting_user=officer)


def inputs_of(plan, **jinan_figures):
    figures = {}
    for row in plan.cities.select_related("city"):
        figures[row.city_id] = {"enterprises": row.above_size_enterprises, "assessments": row.self_assessments,
                                "system": Decimal("50")}
        if row.city.code == "370100":
            figures[row.city_id].update(jinan_figures)
    return figures


def test_the_records_count_the_first_two_factors(records, provincial_officer, jinan, qingdao):
    plan = plan_for(records, provincial_officer)
    counted = quotas.counted_factors(plan)
    assert counted[jinan.pk] == {"enterprises": 3, "assessments": 1}
    assert counted[qingdao.pk] == {"enterprises": None, "assessments": None}  # nothing to count from


def test_a_new_plan_starts_from_the_counts(records, provincial_officer, jinan):
    plan = plan_for(records, provincial_officer)
    row = plan.cities.get(city=jinan)
    assert (row.above_size_enterprises, row.self_assessments) == (3, 1)
    assert (row.above_size_counted, row.self_assessments_counted) == (3, 1)


def test_last_years_list_counts_until_this_years_is_published(provincial_officer, jinan):
    year = timezone.localdate().year
    import_above_size(provincial_officer, jinan, year - 1, [(make_credit_code("370102", 9), "上年规上企业")])
    plan = plan_for(year, provincial_officer)
    assert quotas.counted_factors(plan)[jinan.pk]["enterprises"] == 1


def test_a_typed_figure_differing_from_the_records_needs_a_reason(records, provincial_officer, jinan):
    plan = plan_for(records, provincial_officer)
    with pytest.raises(ActionRefused) as refused:
        services.update_quota_plan(plan, total=30, weights=plan.weights, inputs=inputs_of(plan, assessments=420),
                                   acting_user=provincial_officer)
    assert refused.value.article == "Art. 12" and "济南" in str(refused.value)
    assert plan.cities.get(city=jinan).self_assessments == 1  # nothing saved

    services.update_quota_plan(plan, total=30, weights=plan.weights, inputs=inputs_of(plan, assessments=420),
                               figures_reason="国家平台统计济南2026年自评估企业420家，多数未申报。",
                               acting_user=provincial_officer)
    row = plan.cities.get(city=jinan)
    assert (row.self_assessments, row.self_assessments_counted) == (420, 1)
    plan.refresh_from_db()
    assert plan.figures_reason.startswith("国家平台统计")
    after = audit_trail(plan).last().after
    assert after["figures_reason"] == plan.figures_reason and after["cities"]["370100"]["A counted"] == 1


def test_figures_agreeing_with_the_records_need_no_reason(records, provincial_officer, jinan):
    plan = plan_for(records, provincial_officer)
    services.update_quota_plan(plan, total=30, weights=plan.weights, inputs=inputs_of(plan),
                               acting_user=provincial_officer)
    plan.refresh_from_db()
    assert plan.figures_reason == "" and plan.computed_at is not None


def test_the_plan_page_shows_the_counts_and_asks_the_reason(records, provincial_officer, client_for, jinan):
    plan = plan_for(records, provincial_officer)
    client = client_for(provincial_officer)
    page = client.get(reverse("tiers:quota_plan", args=[plan.pk])).content.decode()
    assert 'data-counted="enterprises"' in page and 'data-counted="assessments"' in page
    rows = list(plan.cities.select_related("city").order_by("city__code"))
    data = {"plan-total": "30", "plan-weight_enterprises": "0.4", "plan-weight_assessments": "0.3",
            "plan-weight_system": "0.3", "plan-note": "", "plan-figures_reason": "",
            "city-TOTAL_FORMS": str(len(rows)), "city-INITIAL_FORMS": str(len(rows))}
    for i, row in enumerate(rows):
        data.update({f"city-{i}-quota_id": str(row.pk), f"city-{i}-above_size_enterprises": "3100" if
                     row.city == jinan else str(row.above_size_enterprises),
                     f"city-{i}-self_assessments": str(row.self_assessments), f"city-{i}-system_score": "50"})
    response = client.post(reverse("tiers:quota_plan", args=[plan.pk]), data)
    assert response.status_code == 200 and "第十二条" in response.content.decode()
    assert 'value="3100"' in response.content.decode()  # what was typed is kept
    data["plan-figures_reason"] = "统计局名录为2025年版，2026年新增企业未列入。"
    assert client.post(reverse("tiers:quota_plan", args=[plan.pk]), data).status_code == 302
    assert plan.cities.get(city=jinan).above_size_enterprises == 3100


def test_a_difference_saved_before_does_not_stop_a_change_of_another_city(records, provincial_officer, jinan,
                                                                           qingdao):
    """济南's typed self-assessments differ from the records (saved with a reason, or by an earlier version
    without one); changing only 青岛's figure asks no reason, and a new difference names only its city."""
    plan = plan_for(records, provincial_officer)
    services.update_quota_plan(plan, total=30, weights=plan.weights, inputs=inputs_of(plan, assessments=420),
                               figures_reason="国家平台统计济南自评估企业420家。", acting_user=provincial_officer)
    plan.figures_reason = ""  # as the demo left it: a difference with no reason on record
    plan.save(update_fields=["figures_reason"])
    inputs = inputs_of(plan)
    inputs[qingdao.pk]["system"] = Decimal("80")
    services.update_quota_plan(plan, total=30, weights=plan.weights, inputs=inputs, acting_user=provincial_officer)
    assert plan.cities.get(city=qingdao).system_score == Decimal("80")
    assert plan.cities.get(city=jinan).self_assessments == 420

    inputs[jinan.pk]["enterprises"] = 3100  # 济南's list counts 3
    with pytest.raises(ActionRefused) as refused:
        services.update_quota_plan(plan, total=30, weights=plan.weights, inputs=inputs, acting_user=provincial_officer)
    assert "济南" in str(refused.value) and "青岛" not in str(refused.value)


def test_the_demo_plans_agree_with_the_demo_list_and_save_without_a_reason(monkeypatch, jinan):
    from io import StringIO

    from django.core.management import call_command

    from portal.accounts.models import User
    from portal.management.commands import demo_data
    from tiers.models import QuotaPlan

    monkeypatch.setattr(demo_data, "OTHER_APPS", ["tiers.demo", "portal.registers.demo"])
    call_command("demo_data", stdout=StringIO())
    admin = User.objects.get(username="province")
    for plan in QuotaPlan.objects.all():
        row = plan.cities.get(city=jinan)
        assert quotas.counted_factors(plan)[jinan.pk]["enterprises"] == row.above_size_enterprises
        services.update_quota_plan(plan, total=plan.total, weights=plan.weights, acting_user=admin, inputs={
            r.city_id: {"enterprises": r.above_size_enterprises, "assessments": r.self_assessments,
                        "system": r.system_score} for r in plan.cities.all()})
