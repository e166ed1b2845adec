"""Three years of finances (Art. 5 (2)) and the outcome indicators before and after (建设成效): entered on
the form, validated, required by the eligibility rules, frozen in the submitted version and shown to the
city, the province and the experts, and in the province's score sheet."""
from decimal import Decimal

import pytest
from django.urls import reverse

from applications import services
from applications.constants import Status
from applications.figures import change_percent, financial_warnings, years_for
from applications.models import ApplicationVersion, FinancialYear, OutcomeIndicator
from applications.steps import step_states
from portal.errors import ActionRefused
from portal.models import AuditEntry
from tests.applications.factories import make_application, open_round, tier

pytestmark = pytest.mark.django_db


def step_url(app, key):
    return reverse("applications:step", args=[app.pk, key])


@pytest.mark.parametrize("before, after, expected", [
    ("100", "120", Decimal("20.0")), ("100", "80", Decimal("-20.0")), ("3", "1", Decimal("-66.7")),
    ("2.5", "1.2", Decimal("-52.0")), ("0.42", "0.35", Decimal("-16.7")), ("0", "0", Decimal("0.0")),
    ("0", "5", None), (None, "5", None), ("5", None, None),
])
def test_the_change_is_computed_from_before_and_after(before, after, expected):
    result = change_percent(Decimal(before) if before else None, Decimal(after) if after else None)
    assert result == expected
    if expected is not None:
        assert str(result) == str(expected)  # one decimal


def test_the_years_are_the_three_before_the_rounds_year():
    assert years_for(open_round()) == (2023, 2024, 2025)


def test_the_enterprise_enters_the_three_years_on_their_step(client_for, enterprise_user):
    app = make_application(enterprise_user, complete=False)
    client = client_for(enterprise_user)
    response = client.post(step_url(app, "finances"), {
        "operating_income_2023": "52000", "total_profit_2023": "-420.50", "rd_spending_2023": "1800.25",
        "operating_income_2024": "56800", "goto": "finances"})
    assert response.status_code == 302
    rows = {r.year: r for r in FinancialYear.objects.filter(application=app)}
    assert set(rows) == {2023, 2024}
    assert rows[2023].total_profit == Decimal("-420.50") and rows[2023].rd_spending == Decimal("1800.25")
    assert rows[2024].total_profit is None
    audit = AuditEntry.objects.filter(verb="applications.draft_saved").last()
    assert audit.after == {"fields": ["financials_2023", "financials_2024"]}
    page = client.get(step_url(app, "finances")).content.decode()
    assert 'value="-420.50"' in page
    assert 'data-rule="financials_missing"' in page  # what is still missing, as an unmet rule on the step
    assert step_states(app)["finances"] == "missing"


@pytest.mark.parametrize("field", ["operating_income_2023", "rd_spending_2025"])
def test_a_negative_income_or_rd_spending_is_refused_and_nothing_saved(client_for, enterprise_user, field):
    app = make_application(enterprise_user, complete=False)
    response = client_for(enterprise_user).post(step_url(app, "finances"), {field: "-1", "goto": "finances"})
    assert response.status_code == 200 and response.context["form"].errors[field]
    assert not FinancialYear.objects.filter(application=app).exists()
    with pytest.raises(ActionRefused):
        services.save_financials(app, actor=enterprise_user, years={2023: {"operating_income": Decimal("-1")}})
    with pytest.raises(ActionRefused):  # only the round's three years
        services.save_financials(app, actor=enterprise_user, years={2019: {"operating_income": Decimal("1")}})


def test_rd_above_income_is_a_warning_not_a_refusal(client_for, enterprise_user):
    app = make_application(enterprise_user, complete=False)
    client = client_for(enterprise_user)
    client.post(step_url(app, "finances"), {"operating_income_2024": "100", "rd_spending_2024": "150",
                                            "goto": "finances"})
    assert FinancialYear.objects.get(application=app, year=2024).rd_spending == Decimal("150")
    page = client.get(step_url(app, "finances"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="figure-warnings"' in page and "研发投入" in page
    assert financial_warnings({2024: {"operating_income": Decimal("100"), "rd_spending": Decimal("150")}})


def test_the_indicators_are_entered_with_the_outcomes_and_their_change_shown(client_for, enterprise_user):
    app = make_application(enterprise_user, complete=False)
    client = client_for(enterprise_user)
    response = client.post(step_url(app, "outcomes"), {
        "outcomes": "数控化率提升。", "defect_rate_before": "2.5", "defect_rate_after": "1.2", "defect_rate_unit": "%",
        "operating_cost_before": "0", "operating_cost_after": "10", "operating_cost_unit": "万元", "goto": "outcomes"})
    assert response.status_code == 302
    rows = {r.indicator: r for r in OutcomeIndicator.objects.filter(application=app)}
    assert set(rows) == {"defect_rate", "operating_cost"}
    assert rows["defect_rate"].change_percent == Decimal("-52.0")
    assert rows["operating_cost"].change_percent is None  # from zero: no percentage
    page = client.get(step_url(app, "outcomes")).content.decode()
    assert "-52.0%" in page and 'data-rule="indicators_missing"' in page
    response = client.post(step_url(app, "outcomes"), {"defect_rate_before": "-1", "goto": "outcomes"})
    assert response.status_code == 200 and response.context["form"].errors["defect_rate_before"]


def test_a_tier_needs_all_five_indicators_and_a_scenario_award_one(enterprise_user):
    app = make_application(enterprise_user)
    assert "indicators_missing" not in {i.code for i in _issues(app)}
    services.save_indicators(app, actor=enterprise_user, indicators={"defect_rate": {"before": None, "after": None,
                                                                                      "unit": ""}})
    OutcomeIndicator.objects.filter(application=app, indicator="defect_rate").delete()
    assert "indicators_missing" in {i.code for i in _issues(app)}

    scenario = make_application(enterprise_user, tier_code="scenario", complete=False)
    assert "indicators_missing" in {i.code for i in _issues(scenario)}
    services.save_indicators(scenario, actor=enterprise_user, indicators={
        "defect_rate": {"before": Decimal("2"), "after": Decimal("1"), "unit": "%"}})
    assert "indicators_missing" not in {i.code for i in _issues(scenario)}
    services.save_indicators(scenario, actor=enterprise_user, indicators={
        "operating_cost": {"before": Decimal("2"), "after": None, "unit": ""}})  # started, not finished
    assert "indicators_missing" in {i.code for i in _issues(scenario)}


def _issues(app):
    from applications.content import blocking_issues

    app.refresh_from_db()
    return blocking_issues(app)


def test_submission_is_blocked_without_the_figures(enterprise_user):
    app = make_application(enterprise_user)
    FinancialYear.objects.filter(application=app, year=2024).delete()
    with pytest.raises(ActionRefused) as refused:
        services.submit(app, actor=enterprise_user)
    assert "financials_missing" in {i.code for i in refused.value.issues}


def test_the_figures_are_frozen_in_the_submitted_version(enterprise_user, jinan_official):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    snapshot = ApplicationVersion.objects.get(application=app, number=1).snapshot
    assert snapshot["financials"]["2024"] == {"operating_income": "56800", "total_profit": "-420",
                                              "rd_spending": "2100"}
    assert snapshot["financials"]["2025"]["operating_income"] == "61250.75"
    assert snapshot["indicators"]["production_efficiency"] == {"before": "120", "after": "150", "unit": "件/人·天",
                                                              "change_percent": "25"}
    assert snapshot["indicators"]["defect_rate"]["change_percent"] == "-52"

    services.return_for_revision(app, actor=jinan_official, comments={"finances": "请核对2024年利润。"})
    services.save_financials(app, actor=enterprise_user, years={2024: {
        "operating_income": Decimal("56800"), "total_profit": Decimal("380"), "rd_spending": Decimal("2100")}})
    services.accept_pledge(app, actor=enterprise_user)
    services.resubmit(app, actor=enterprise_user)
    versions = {v.number: v.snapshot for v in ApplicationVersion.objects.filter(application=app)}
    assert versions[1]["financials"]["2024"]["total_profit"] == "-420"  # the first version is kept as it was
    assert versions[2]["financials"]["2024"]["total_profit"] == "380"


def test_the_version_diff_shows_changed_figures(client_for, enterprise_user, jinan_official):
    app = make_application(enterprise_user, state=Status.RETURNED, returner=jinan_official)
    services.save_indicators(app, actor=enterprise_user, indicators={
        "defect_rate": {"before": Decimal("2.5"), "after": Decimal("1.0"), "unit": "%"}})
    services.accept_pledge(app, actor=enterprise_user)
    services.resubmit(app, actor=enterprise_user)
    response = client_for(enterprise_user).get(reverse("applications:diff", args=[app.pk, 2]))
    changed = {(row.old, row.new) for row in response.context["changed_rows"]}
    assert ("2.5 → 1.2 % (-52%)", "2.5 → 1 % (-60%)") in changed


def test_the_city_sees_the_figures_on_the_application(client_for, enterprise_user, jinan_official):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    page = client_for(jinan_official).get(reverse("applications:detail", args=[app.pk]),
                                          HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="financial-figures"' in page and "61250.75" in page and "-420.00" in page
    assert 'id="outcome-indicators"' in page and "-52.0%" in page and "吨标准煤/万元" in page


def test_the_new_fields_are_the_enterprises_only_while_editable(enterprise_user):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    with pytest.raises(ActionRefused):
        services.save_financials(app, actor=enterprise_user, years={2023: {"operating_income": Decimal("1")}})
    with pytest.raises(ActionRefused):
        services.save_indicators(app, actor=enterprise_user, indicators={"defect_rate": {"before": Decimal("1")}})
    assert tier("basic")
