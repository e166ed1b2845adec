"""Where the maturity level comes from (Art. 5 (5)): the assessment's source, report number, date and score;
how recent the round allows it to be; the officials' check of the report; and Art. 12's count of
verified national-platform self-assessments."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from applications import services
from applications.constants import MATURITY, AssessmentCheckStatus, Status
from applications.diff import diff_snapshots
from applications.models import ApplicationVersion, AssessmentCheck
from applications.selectors import self_assessment_count
from applications.steps import MISSING, step_states
from applications.workflow import SubmissionBlocked
from portal.audit import audit_trail
from portal.errors import ActionRefused
from tests.applications.factories import force_status, make_application, open_round
from tests.factories import EnterpriseFactory, EnterpriseUserFactory, body, city, make_credit_code
from tiers import services as tier_services
from tiers.models import Round, months_before

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def refused_codes(app, user):
    with pytest.raises(SubmissionBlocked) as refused:
        services.submit(app, actor=user)
    return {issue.code: issue.article for issue in refused.value.issues}


def submitted(user, **fields):
    """A submitted basic application of ``user``'s enterprise with ``fields`` of its assessment changed."""
    app = make_application(user)
    if fields:
        services.save_fields(app, actor=user, fields=fields)
    return services.submit(app, actor=user)


def page_of(response):
    assert response.status_code == 200
    return body(response).decode()


def verdicts(check):
    return [row.verb for row in audit_trail(check)]


# --- the rules at submission -------------------------------------------------------------------------


def test_an_assessment_older_than_the_round_allows_is_refused_with_the_article(enterprise_user):
    app = make_application(enterprise_user)
    earliest = app.round.earliest_assessment_date
    services.save_fields(app, actor=enterprise_user,
                         fields={"assessment_date": earliest - datetime.timedelta(days=1)})
    assert refused_codes(app, enterprise_user) == {"assessment_expired": "Art. 5 (5)"}
    app.refresh_from_db()
    assert app.status == Status.DRAFT and not ApplicationVersion.objects.filter(application=app).exists()

    services.save_fields(app, actor=enterprise_user, fields={"assessment_date": earliest})  # the last day accepted
    assert services.submit(app, actor=enterprise_user).status == Status.SUBMITTED


def test_the_rounds_setting_decides_how_old_an_assessment_may_be(enterprise_user):
    round_ = open_round()
    Round.objects.filter(pk=round_.pk).update(max_assessment_age_months=6)
    app = make_application(enterprise_user, round=round_)
    services.save_fields(app, actor=enterprise_user, fields={"assessment_date": today() - datetime.timedelta(days=240)})
    assert refused_codes(app, enterprise_user) == {"assessment_expired": "Art. 5 (5)"}

    Round.objects.filter(pk=round_.pk).update(max_assessment_age_months=12)
    app.round.refresh_from_db()
    assert services.submit(app, actor=enterprise_user).status == Status.SUBMITTED


def test_a_level_below_the_tiers_minimum_is_refused_with_the_article(enterprise_user):
    app = make_application(enterprise_user)  # basic: level 2 at least
    services.save_fields(app, actor=enterprise_user, fields={"maturity_level": 1, "assessment_score": Decimal("1.35")})
    assert refused_codes(app, enterprise_user) == {"maturity_below_minimum": "Art. 5 (5)"}


def test_an_assessment_dated_in_the_future_is_refused(enterprise_user):
    app = make_application(enterprise_user)
    services.save_fields(app, actor=enterprise_user, fields={"assessment_date": today() + datetime.timedelta(days=3)})
    assert refused_codes(app, enterprise_user) == {"assessment_date_in_future": "Art. 5 (5)"}


def test_an_assessment_without_its_report_number_is_refused_and_its_step_is_missing(enterprise_user):
    app = make_application(enterprise_user)
    assert step_states(app)[MATURITY] == "done"
    app = services.save_fields(app, actor=enterprise_user, fields={"assessment_report_number": "", "assessment_source": ""})
    assert step_states(app)[MATURITY] == MISSING
    with pytest.raises(SubmissionBlocked) as refused:
        services.submit(app, actor=enterprise_user)
    [issue] = refused.value.issues
    assert issue.code == "assessment_provenance_missing" and issue.article == "Art. 5 (5)"
    assert "报告编号" in issue.message_zh and "评估来源" in issue.message_zh


@pytest.mark.parametrize("field, value", [("assessment_date", "expired"), ("maturity_level", 1)])
def test_an_expired_or_too_low_assessment_marks_the_maturity_step_missing(enterprise_user, field, value):
    app = make_application(enterprise_user)
    if value == "expired":
        value = app.round.earliest_assessment_date - datetime.timedelta(days=30)
    app = services.save_fields(app, actor=enterprise_user, fields={field: value})
    assert step_states(app)[MATURITY] == MISSING


def test_a_valid_assessment_is_accepted_and_frozen_into_the_version(enterprise_user):
    app = submitted(enterprise_user, assessment_source="third_party", assessment_report_number="CESI-2026-0815",
                    assessment_score=Decimal("3.40"), assessment_explanation="由第三方机构现场评估。")
    assert app.status == Status.SUBMITTED
    snapshot = ApplicationVersion.objects.get(application=app, number=1).snapshot
    assert snapshot["maturity_level"] == 3
    assert snapshot["maturity_assessment"] == {
        "source": "third_party", "report_number": "CESI-2026-0815",
        "date": (today() - datetime.timedelta(days=60)).isoformat(), "score": "3.40",
        "explanation": "由第三方机构现场评估。",
    }


def test_a_changed_report_number_shows_in_the_diff_of_versions(enterprise_user, jinan_official, client_for):
    app = submitted(enterprise_user)
    services.return_for_revision(app, actor=jinan_official, comments={"maturity": "报告编号与报告不一致。"})
    services.save_fields(app, actor=enterprise_user, fields={"assessment_report_number": "SD-2026-000124"})
    services.accept_pledge(app, actor=enterprise_user)
    services.resubmit(app, actor=enterprise_user)
    versions = {v.number: v.snapshot for v in ApplicationVersion.objects.filter(application=app)}
    with translation.override("en"):
        rows = diff_snapshots(versions[1], versions[2])
    changed = [(row.label, row.old, row.new) for row in rows if row.changed]
    assert ("Assessment report number", "SD-2026-000123", "SD-2026-000124") in changed
    page = page_of(client_for(jinan_official).get(reverse("applications:diff", args=[app.pk, 2])))
    assert "评估报告编号" in page and "<del>3</del><ins>4</ins>" in page


def test_the_score_is_zero_to_five_with_two_decimals(enterprise_user, client_for):
    app = make_application(enterprise_user, complete=False)
    url = reverse("applications:step", args=[app.pk, MATURITY])
    client = client_for(enterprise_user)
    for bad in ("5.01", "-0.10", "3.125", "NaN"):
        client.post(url, {"assessment_score": bad, "goto": MATURITY})
        app.refresh_from_db()
        assert app.assessment_score is None, bad
    client.post(url, {"assessment_score": "4.80", "assessment_source": "national_platform",
                      "assessment_report_number": "SD-1", "assessment_date": "2026-01-05", "maturity_level": "4",
                      "goto": MATURITY})
    app.refresh_from_db()
    assert app.assessment_score == Decimal("4.80") and app.assessment_date == datetime.date(2026, 1, 5)
    assert app.assessment_source == "national_platform" and app.assessment_report_number == "SD-1"


def test_months_before_keeps_the_day_or_the_end_of_a_shorter_month():
    assert months_before(datetime.date(2026, 3, 15), 12) == datetime.date(2025, 3, 15)
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2024, 2, 29), 12) == datetime.date(2023, 2, 28)
    assert months_before(datetime.date(2026, 1, 10), 13) == datetime.date(2024, 12, 10)
    assert months_before(datetime.date(1, 3, 1), 12) == datetime.date.min


def test_the_round_setting_is_edited_with_the_round_and_audited(admin_user, jinan):
    round_ = open_round()
    data = {"year": round_.year, "name": round_.name, "opens_at": round_.opens_at, "closes_at": round_.closes_at,
            "tiers": list(round_.tiers.all()), "cities": [jinan]}
    round_ = tier_services.update_round(round_, **data, max_assessment_age_months=18, acting_user=admin_user)
    assert round_.max_assessment_age_months == 18
    row = list(audit_trail(round_))[-1]
    assert row.before["max_assessment_age_months"] == "12" and row.after["max_assessment_age_months"] == "18"
    with pytest.raises(ActionRefused):
        tier_services.update_round(round_, **data, max_assessment_age_months=0, acting_user=admin_user)


# --- the officials' check -----------------------------------------------------------------------------


def test_the_city_official_verifies_the_report_with_one_audit_row(enterprise_user, jinan_official):
    app = submitted(enterprise_user)
    check = services.check_assessment(app, verdict="verify", actor=jinan_official)
    assert check.status == AssessmentCheckStatus.VERIFIED and check.checked_by == jinan_official
    [row] = audit_trail(check)
    assert row.verb == "applications.assessment_verified" and row.actor == jinan_official
    assert row.before["status"] == "unchecked" and row.after["status"] == "verified"
    assert row.after["report_number"] == "SD-2026-000123" and row.after["level"] == 3


def test_a_query_needs_a_note_and_is_shown_to_the_enterprise(enterprise_user, jinan_official, client_for):
    app = submitted(enterprise_user)
    with pytest.raises(ActionRefused) as refused:
        services.check_assessment(app, verdict="query", actor=jinan_official, note="  ")
    assert refused.value.article == "Art. 5 (5)"
    assert not AssessmentCheck.objects.filter(application=app).exists()  # rolled back with the refusal

    check = services.check_assessment(app, verdict="query", actor=jinan_official, note="报告得分与平台记录不符。")
    assert check.status == AssessmentCheckStatus.QUERIED
    assert verdicts(check) == ["applications.assessment_queried"]
    assert list(audit_trail(check))[-1].message == "报告得分与平台记录不符。"

    page = page_of(client_for(enterprise_user).get(reverse("applications:detail", args=[app.pk])))
    assert "报告得分与平台记录不符。" in page and 'data-status="queried"' in page
    assert "assessment-actions" not in page  # the enterprise gives no mark


def test_the_enterprise_is_told_of_a_query_once_and_not_of_a_verification(enterprise_user, jinan_official):
    from portal.models import Notification

    app = submitted(enterprise_user)
    services.check_assessment(app, verdict="query", actor=jinan_official, note="报告编号在平台上查不到。")
    (told,) = Notification.objects.filter(user=enterprise_user, subject__contains="成熟度")
    assert "报告编号在平台上查不到。" in told.body and told.url == reverse("applications:detail", args=[app.pk])
    services.check_assessment(app, verdict="verify", actor=jinan_official)
    assert Notification.objects.filter(user=enterprise_user, subject__contains="成熟度").count() == 1


def test_the_official_marks_again_after_a_query(enterprise_user, jinan_official):
    app = submitted(enterprise_user)
    services.check_assessment(app, verdict="query", actor=jinan_official, note="请补充报告原件。")
    check = services.check_assessment(app, verdict="verify", actor=jinan_official, note="已核对原件。")
    assert check.status == AssessmentCheckStatus.VERIFIED and check.note == "已核对原件。"
    assert verdicts(check) == ["applications.assessment_queried", "applications.assessment_verified"]
    with pytest.raises(ActionRefused):  # already verified
        services.check_assessment(app, verdict="verify", actor=jinan_official)


def test_another_citys_official_and_the_enterprise_are_refused(enterprise_user, qingdao_official, client_for):
    app = submitted(enterprise_user)
    for user in (qingdao_official, enterprise_user):
        with pytest.raises(ActionRefused):
            services.check_assessment(app, verdict="verify", actor=user)
    assert not AssessmentCheck.objects.filter(application=app).exists()

    url = reverse("applications:check_assessment", args=[app.pk, "verify"])
    assert client_for(qingdao_official).post(url, {"note": "x"}).status_code == 404
    assert client_for(enterprise_user).post(url, {"note": "x"}).status_code == 403
    assert not AssessmentCheck.objects.filter(application=app).exists()


def test_the_city_checks_at_the_city_stage_and_the_province_at_the_provincial_stage(
        enterprise_user, jinan_official, provincial_officer):
    app = submitted(enterprise_user)
    with pytest.raises(ActionRefused):
        services.check_assessment(app, verdict="verify", actor=provincial_officer)
    force_status(app, Status.RECOMMENDED)
    with pytest.raises(ActionRefused):
        services.check_assessment(app, verdict="verify", actor=jinan_official)
    check = services.check_assessment(app, verdict="query", actor=provincial_officer, note="评估日期与报告不符。")
    assert check.status == AssessmentCheckStatus.QUERIED and check.checked_by == provincial_officer
    force_status(app, Status.CERTIFIED)  # decided: no more marks
    with pytest.raises(ActionRefused):
        services.check_assessment(app, verdict="verify", actor=provincial_officer)


def test_the_official_marks_through_the_confirm_page(enterprise_user, jinan_official, client_for):
    app = submitted(enterprise_user)
    client = client_for(jinan_official)
    detail = page_of(client.get(reverse("applications:detail", args=[app.pk])))
    url = reverse("applications:check_assessment", args=[app.pk, "query"])
    assert url in detail and "SD-2026-000123" in detail
    assert "SD-2026-000123" in page_of(client.get(url))
    response = client.post(url, {"note": ""})
    assert response.status_code == 200 and not AssessmentCheck.objects.filter(application=app).exists()
    response = client.post(url, {"note": "请上传盖章版报告。"})
    assert response.status_code == 302
    assert AssessmentCheck.objects.get(application=app).status == AssessmentCheckStatus.QUERIED
    assert client.get(reverse("applications:check_assessment", args=[app.pk, "reopen"])).status_code == 404


def test_the_province_sees_the_provenance_beside_the_evidence(enterprise_user, provincial_officer, client_for):
    app = force_status(submitted(enterprise_user), Status.ACCEPTED)
    page = page_of(client_for(provincial_officer).get(reverse("review:province_application", args=[app.pk])))
    assert 'id="assessment"' in page and "SD-2026-000123" in page
    assert reverse("applications:check_assessment", args=[app.pk, "verify"]) in page


def test_a_changed_assessment_takes_back_the_verification(enterprise_user, jinan_official, client_for):
    app = submitted(enterprise_user)
    services.check_assessment(app, verdict="verify", actor=jinan_official)
    services.return_for_revision(app, actor=jinan_official, comments={"general": "请完善材料。"})
    services.save_fields(app, actor=enterprise_user, fields={"outcomes": "补充后的建设成效。"})
    assert AssessmentCheck.objects.get(application=app).status == AssessmentCheckStatus.VERIFIED  # not the assessment

    services.save_fields(app, actor=enterprise_user, fields={"assessment_score": Decimal("3.30")})
    check = AssessmentCheck.objects.get(application=app)
    assert check.status == AssessmentCheckStatus.UNCHECKED and check.checked_by is None
    row = list(audit_trail(check))[-1]
    assert row.verb == "applications.assessment_check_reopened" and row.actor == enterprise_user


def test_a_query_stays_for_the_enterprise_to_answer_on_the_returned_application(
        enterprise_user, jinan_official, client_for):
    app = submitted(enterprise_user)
    services.check_assessment(app, verdict="query", actor=jinan_official, note="报告编号有误。")
    services.return_for_revision(app, actor=jinan_official, comments={"maturity": "见评估报告的查询意见。"})
    client = client_for(enterprise_user)
    step = page_of(client.get(reverse("applications:step", args=[app.pk, MATURITY])))
    assert 'id="assessment-query"' in step and "报告编号有误。" in step
    services.save_fields(app, actor=enterprise_user, fields={"assessment_report_number": "SD-2026-000999",
                                                             "assessment_explanation": "原编号录入错误，已更正。"})
    assert AssessmentCheck.objects.get(application=app).status == AssessmentCheckStatus.QUERIED


def test_an_expert_sees_the_provenance_but_gives_no_mark(enterprise_user, expert, provincial_officer, client_for):
    from review.models import ExpertAssignment

    app = force_status(submitted(enterprise_user), Status.UNDER_REVIEW)
    ExpertAssignment.objects.create(application=app, expert=expert, assigned_by=provincial_officer)
    page = page_of(client_for(expert).get(reverse("applications:detail", args=[app.pk])))
    assert "SD-2026-000123" in page and "assessment-actions" not in page


# --- Art. 12: the self-assessments of a city in a year ----------------------------------------------


def other_enterprise_user(n, city_code="370100"):
    enterprise = EnterpriseFactory(city=city(city_code), credit_code=make_credit_code(city_code[:4] + "02", 500 + n))
    return EnterpriseUserFactory(username=f"enterprise_{n}", enterprise=enterprise)


def test_verified_national_platform_self_assessments_are_counted_once_per_enterprise(
        enterprise_user, jinan_official, jinan, qingdao):
    year = (today() - datetime.timedelta(days=60)).year
    verified = submitted(enterprise_user)
    services.check_assessment(verified, verdict="verify", actor=jinan_official)
    assert self_assessment_count(jinan, year) == 1
    assert self_assessment_count(jinan, year - 1) == 0
    assert self_assessment_count(qingdao, year) == 0

    # The same enterprise's second verified application (an excellent scenario) does not count twice.
    scenario = make_application(enterprise_user, tier_code="scenario")
    services.submit(scenario, actor=enterprise_user)
    services.check_assessment(scenario, verdict="verify", actor=jinan_official)
    assert self_assessment_count(jinan, year) == 1


def test_queried_unchecked_and_third_party_assessments_are_not_counted(jinan_official, jinan):
    year = (today() - datetime.timedelta(days=60)).year
    queried = submitted(other_enterprise_user(1))
    services.check_assessment(queried, verdict="query", actor=jinan_official, note="得分不符。")
    submitted(other_enterprise_user(2))  # never checked
    third_party = submitted(other_enterprise_user(3), assessment_source="third_party")
    services.check_assessment(third_party, verdict="verify", actor=jinan_official)
    assert self_assessment_count(jinan, year) == 0

    services.check_assessment(queried, verdict="verify", actor=jinan_official)
    assert self_assessment_count(jinan, year) == 1


def test_the_admin_sets_the_assessment_age_on_the_round_form(client_for, admin_user, jinan):
    from tests.applications.factories import tier

    response = client_for(admin_user).post(reverse("tiers:round_create"), {
        "year": 2027, "name": "2027年度第一批", "opens_at": "2027-03-01T09:00", "closes_at": "2027-04-30T17:00",
        "tiers": [tier("basic").pk], "cities": [jinan.pk], "max_assessment_age_months": "6", "note": "",
    })
    assert response.status_code == 302
    round_ = Round.objects.get(name="2027年度第一批")
    assert round_.max_assessment_age_months == 6
    assert round_.earliest_assessment_date == datetime.date(2026, 9, 1)
