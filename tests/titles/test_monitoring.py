"""Operation monitoring evaluations (运行监测评估) and rectification (整改), Art. 14-15: the path ending
each way, the authority of each tier, batches, deadlines and reminders, and the pages for each role."""
import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from portal.audit import audit_trail
from portal.errors import ActionRefused
from portal.models import Notification
from tests.applications.factories import pdf_upload
from tests.clock import run_daily_on
from tests.factories import EnterpriseFactory, city, make_credit_code
from tiers.constants import TierCode
from tiers.titles import monitoring, reminders
from tiers.titles.constants import CaseStatus, EvaluationStatus, RevocationGround, TitleStatus
from tiers.titles.models import AnnualReport, MonitoringEvaluation, RevocationCase

from .aftercare import TODAY, conclude, days, failed_twice, open_one, rectify, report, title_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def basic(enterprise):
    return title_of(enterprise, TierCode.BASIC)


@pytest.fixture
def advanced(enterprise):
    return title_of(enterprise, TierCode.ADVANCED, year=2026)


def verbs(obj):
    return list(audit_trail(obj).values_list("verb", flat=True))


# --- the path, each way ---------------------------------------------------------------------------

def test_a_report_that_passes_ends_the_evaluation(basic, jinan_official, enterprise_user):
    evaluation = open_one(basic, jinan_official)
    assert (evaluation.status, evaluation.authority, evaluation.report_due) == ("open", "city", days(30))

    report(evaluation, enterprise_user)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.REPORTED
    assert evaluation.maturity_level == 3 and str(evaluation.efficiency_gain) == "12.50"
    assert evaluation.art14["people_trained"] == 40 and evaluation.report_evidence.content_type == "application/pdf"
    # The Art. 14 items are the enterprise's annual report of the year evaluated, too.
    assert AnnualReport.objects.get(enterprise=basic.enterprise, year=2025).standards_led == 1

    conclude(evaluation, jinan_official, "pass")
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.PASSED and evaluation.evaluated_by == jinan_official
    assert verbs(evaluation) == ["titles.evaluation_opened", "titles.evaluation_reported", "titles.evaluation_passed"]
    basic.refresh_from_db()
    assert basic.status == TitleStatus.ACTIVE


def test_a_fail_then_a_rectification_that_passes(basic, jinan_official, enterprise_user):
    evaluation = open_one(basic, jinan_official)
    report(evaluation, enterprise_user)
    conclude(evaluation, jinan_official, "fail")
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.RECTIFYING
    assert evaluation.rectification_due == days(60) and evaluation.rectification_requirements == "恢复数据采集系统。"

    rectify(evaluation, enterprise_user)
    conclude(evaluation, jinan_official, "pass_reevaluation")
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.PASSED and evaluation.rectified_once
    assert not evaluation.revocation_cases.exists()
    basic.refresh_from_db()
    assert basic.status == TitleStatus.ACTIVE


def test_a_fail_after_rectification_opens_a_revocation_case_on_ground_3(basic, jinan_official, enterprise_user):
    evaluation = failed_twice(basic, jinan_official, enterprise_user)

    assert evaluation.status == EvaluationStatus.FAILED
    (case,) = evaluation.revocation_cases.all()
    assert case.ground == RevocationGround.FAILED_MONITORING and case.authority == "city"
    assert list(case.titles.all()) == [basic] and case.status == CaseStatus.STATEMENT_PERIOD
    assert case.statement_due == days(15) and case.facts == "整改后仍未达标。"
    basic.refresh_from_db()
    assert basic.status == TitleStatus.ACTIVE  # only the case's decision revokes it
    assert verbs(case) == ["titles.case_opened"]


def test_an_overdue_report_may_be_failed_without_it_but_not_before_the_deadline(basic, jinan_official):
    evaluation = open_one(basic, jinan_official)
    with pytest.raises(ActionRefused):
        conclude(evaluation, jinan_official, "fail")
    MonitoringEvaluation.objects.filter(pk=evaluation.pk).update(report_due=TODAY - datetime.timedelta(days=1))
    evaluation.refresh_from_db()
    assert evaluation.is_overdue
    conclude(evaluation, jinan_official, "fail", reasons="逾期未提交运行监测报告。")
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.RECTIFYING


def test_an_overdue_rectification_may_be_failed_and_opens_the_case(basic, jinan_official, enterprise_user):
    evaluation = open_one(basic, jinan_official)
    report(evaluation, enterprise_user)
    conclude(evaluation, jinan_official, "fail")
    with pytest.raises(ActionRefused):  # the enterprise still has time to rectify
        conclude(evaluation, jinan_official, "fail_reevaluation")
    MonitoringEvaluation.objects.filter(pk=evaluation.pk).update(rectification_due=TODAY - datetime.timedelta(days=1))
    conclude(evaluation, jinan_official, "fail_reevaluation", reasons="逾期未整改。")
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.FAILED and evaluation.revocation_cases.count() == 1


@pytest.mark.parametrize("step, data, message", [
    ("fail", {"reasons": ""}, "理由"),
    ("fail", {"requirements": ""}, "整改"),
    ("fail", {"due": TODAY}, "晚于今天"),
])
def test_a_fail_needs_reasons_requirements_and_a_future_deadline(basic, jinan_official, enterprise_user, step, data,
                                                                 message):
    evaluation = open_one(basic, jinan_official)
    report(evaluation, enterprise_user)
    with pytest.raises(ActionRefused) as refused:
        conclude(evaluation, jinan_official, step, **data)
    assert message in refused.value.message
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.REPORTED


def test_a_report_needs_its_level_its_summary_and_real_evidence(basic, jinan_official, enterprise_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    evaluation = open_one(basic, jinan_official)
    with pytest.raises(ActionRefused):
        report(evaluation, enterprise_user, maturity_level=None)
    with pytest.raises(ActionRefused):
        report(evaluation, enterprise_user, report_summary=" ")
    with pytest.raises(ActionRefused) as refused:
        report(evaluation, enterprise_user, evidence=SimpleUploadedFile("报告.pdf", b"%PDF-1.4 not really"))
    assert "报告.pdf" in refused.value.message
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.OPEN and evaluation.report_evidence is None


# --- who evaluates which tier ---------------------------------------------------------------------

def test_the_city_evaluates_basic_titles_and_the_province_the_others(enterprise, jinan_official,
                                                                     provincial_officer):
    basic, advanced = title_of(enterprise, TierCode.BASIC), title_of(enterprise, TierCode.ADVANCED)
    scenario = title_of(enterprise, TierCode.SCENARIO)
    with pytest.raises(ActionRefused) as refused:
        open_one(advanced, jinan_official)
    assert refused.value.article == "Art. 11-13"
    with pytest.raises(ActionRefused):
        open_one(basic, provincial_officer)
    assert open_one(advanced, provincial_officer).authority == "province"
    assert open_one(scenario, provincial_officer).authority == "province"
    assert open_one(basic, jinan_official).authority == "city"


def test_another_city_may_not_evaluate_or_conclude(basic, jinan_official, qingdao_official, enterprise_user):
    with pytest.raises(ActionRefused):
        open_one(basic, qingdao_official)
    evaluation = open_one(basic, jinan_official)
    report(evaluation, enterprise_user)
    with pytest.raises(ActionRefused):
        conclude(evaluation, qingdao_official, "pass")


def test_only_the_titled_enterprise_reports(basic, jinan_official, other_enterprise_user):
    evaluation = open_one(basic, jinan_official)
    with pytest.raises(ActionRefused):
        report(evaluation, other_enterprise_user)
    with pytest.raises(ActionRefused):
        report(evaluation, jinan_official)


@pytest.mark.parametrize("code", [TierCode.EXCELLENCE, TierCode.LEADING])
def test_for_excellence_and_leading_the_province_records_miits_request_and_conclusions(enterprise, provincial_officer,
                                                                                       enterprise_user, code):
    title = title_of(enterprise, code)
    with pytest.raises(ActionRefused) as refused:
        open_one(title, provincial_officer)
    assert refused.value.article == "Art. 13"
    evaluation = open_one(title, provincial_officer, basis="工信厅通装函〔2026〕50号")
    assert evaluation.authority == "miit"
    report(evaluation, enterprise_user)
    with pytest.raises(ActionRefused) as refused:  # the province does not conclude alone
        conclude(evaluation, provincial_officer, "pass")
    assert "MIIT" in refused.value.message or "工业和信息化部" in refused.value.message
    conclude(evaluation, provincial_officer, "pass", document="工信厅通装函〔2026〕90号 2026-11-30")
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.PASSED and evaluation.evaluation_document.startswith("工信厅")


# --- batches ------------------------------------------------------------------------------------------

def test_a_batch_covers_the_active_titles_of_a_tier_year_and_city_once(jinan_official, provincial_officer):
    jinan = [EnterpriseFactory(credit_code=make_credit_code("370102", 600 + i)) for i in range(3)]
    qingdao_enterprise = EnterpriseFactory(city=city("370200"), credit_code=make_credit_code("370202", 610))
    titles = [title_of(e, TierCode.ADVANCED, year=2025) for e in jinan]
    title_of(jinan[0], TierCode.ADVANCED, year=2024)  # another year
    title_of(qingdao_enterprise, TierCode.ADVANCED, year=2025)
    title_of(jinan[1], TierCode.BASIC, year=2025)  # another tier
    revoked = title_of(EnterpriseFactory(credit_code=make_credit_code("370102", 620)), TierCode.ADVANCED)
    type(revoked).objects.filter(pk=revoked.pk).update(status=TitleStatus.REVOKED)
    open_one(titles[0], provincial_officer)  # already under way: left out

    chosen = monitoring.titles_to_evaluate(provincial_officer, tier=titles[0].tier, year=2025, city=city("370100"))
    result = monitoring.open_evaluations(actor=provincial_officer, titles=chosen, period_year=2025,
                                         report_due=days(20), requirements="年度报告")

    assert (result["opened"], result["skipped"]) == (2, 1)
    batch = MonitoringEvaluation.objects.filter(batch=result["batch"])
    assert {e.title_id for e in batch} == {titles[1].pk, titles[2].pk}
    assert all(verbs(e) == ["titles.evaluation_opened"] for e in batch)


def test_opening_refuses_a_past_deadline_and_no_requirements(basic, jinan_official):
    with pytest.raises(ActionRefused):
        open_one(basic, jinan_official, report_due=TODAY)
    with pytest.raises(ActionRefused):
        open_one(basic, jinan_official, requirements=" ")
    assert not MonitoringEvaluation.objects.exists()


def test_a_batch_tells_each_enterprise_once(basic, jinan_official, enterprise_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = open_one(basic, jinan_official)
    (message,) = mail.outbox
    assert message.to == [enterprise_user.email]
    (notification,) = Notification.objects.filter(user=enterprise_user)
    assert notification.kind == "titles.evaluation_step" and notification.url == f"/titles/evaluations/{evaluation.pk}/"
    assert f"/titles/evaluations/{evaluation.pk}/" in message.body and days(30).isoformat() in message.body
    assert reminders.send_batch_notices(str(evaluation.batch)) == 0  # a second run notifies no one again
    assert len(mail.outbox) == 1


def test_each_official_step_tells_the_enterprise_and_its_own_steps_tell_the_authority(
        basic, jinan_official, enterprise_user, django_capture_on_commit_callbacks):
    evaluation = open_one(basic, jinan_official)
    with django_capture_on_commit_callbacks(execute=True):
        report(evaluation, enterprise_user)
    (to_city,) = mail.outbox
    assert to_city.to == [jinan_official.email]
    (notification,) = Notification.objects.filter(user=jinan_official)
    assert notification.kind == "titles.aftercare_to_handle"
    assert notification.url == f"/titles/evaluations/{evaluation.pk}/"
    assert not Notification.objects.filter(user=enterprise_user, key__startswith="step:").exclude(
        kind="titles.evaluation_step").exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        conclude(evaluation, jinan_official, "fail")
    (message,) = mail.outbox
    assert "关键指标下降" in message.body and days(60).isoformat() in message.body


# --- deadlines and reminders -----------------------------------------------------------------------------

DEADLINES = "titles.deadlines"


def due_keys(user, prefix):
    return sorted(Notification.objects.filter(user=user, key__startswith=prefix).values_list("key", flat=True))


def test_reminders_go_out_seven_days_and_one_day_before_the_report_is_due_once(
        basic, jinan_official, enterprise_user, django_capture_on_commit_callbacks):
    evaluation = open_one(basic, jinan_official, report_due=days(10))
    assert run_daily_on(days(2), DEADLINES) == 0  # eight days ahead: not yet
    with django_capture_on_commit_callbacks(execute=True):
        assert run_daily_on(days(3), DEADLINES) == 1  # seven days ahead
    assert run_daily_on(days(3), DEADLINES) == 0  # not twice the same day
    assert run_daily_on(days(4), DEADLINES) == 0  # the seven-day reminder is sent
    assert run_daily_on(days(8), DEADLINES) == 0  # two days ahead: not yet the last one
    with django_capture_on_commit_callbacks(execute=True):
        assert run_daily_on(days(9), DEADLINES) == 1  # the day before
        assert run_daily_on(days(9), DEADLINES) == 0
    assert run_daily_on(days(10), DEADLINES) == 0  # the day itself: the day-before reminder was the last
    assert due_keys(enterprise_user, f"due:report:{evaluation.pk}:") == [
        f"due:report:{evaluation.pk}:{days(10).isoformat()}:1", f"due:report:{evaluation.pk}:{days(10).isoformat()}:7"]
    assert all("运行监测报告" in m.subject or "监测报告" in m.body for m in mail.outbox)


def test_a_missed_day_sends_only_the_nearest_reminder(basic, jinan_official, enterprise_user,
                                                       django_capture_on_commit_callbacks):
    open_one(basic, jinan_official, report_due=days(10))
    with django_capture_on_commit_callbacks(execute=True):
        assert run_daily_on(days(9), DEADLINES) == 1  # the run of day 3 never happened
        assert run_daily_on(days(9), DEADLINES) == 0
    assert len([m for m in mail.outbox if "提醒" in m.subject or "Reminder" in m.subject]) == 1


def test_the_rectification_is_reminded_seven_days_and_one_day_before_it_is_due_once(basic, jinan_official,
                                                                                     enterprise_user):
    evaluation = open_one(basic, jinan_official)
    report(evaluation, enterprise_user)
    conclude(evaluation, jinan_official, "fail", due=days(20))
    assert run_daily_on(days(12), DEADLINES) == 0
    assert run_daily_on(days(13), DEADLINES) == 1
    assert run_daily_on(days(13), DEADLINES) == 0
    assert run_daily_on(days(18), DEADLINES) == 0
    assert run_daily_on(days(19), DEADLINES) == 1
    assert run_daily_on(days(19), DEADLINES) == 0
    due = days(20).isoformat()
    assert due_keys(enterprise_user, "due:") == [f"due:rectification:{evaluation.pk}:{due}:1",
                                                 f"due:rectification:{evaluation.pk}:{due}:7"]


def test_the_statement_is_reminded_seven_days_and_one_day_before_its_period_ends_once(basic, jinan_official,
                                                                                      enterprise_user):
    failed_twice(basic, jinan_official, enterprise_user)
    case = RevocationCase.objects.get(enterprise=basic.enterprise)
    due = case.statement_due
    assert due == days(15)
    assert run_daily_on(days(7), DEADLINES) == 0
    assert run_daily_on(days(8), DEADLINES) == 1
    assert run_daily_on(days(8), DEADLINES) == 0
    assert run_daily_on(days(13), DEADLINES) == 0
    assert run_daily_on(days(14), DEADLINES) == 1
    assert run_daily_on(days(14), DEADLINES) == 0
    assert due_keys(enterprise_user, "due:statement:") == [f"due:statement:{case.pk}:{due.isoformat()}:1",
                                                           f"due:statement:{case.pk}:{due.isoformat()}:7"]


def test_the_deadlines_are_a_finder_of_the_daily_reminders(settings):
    from portal.reminders import FINDERS

    assert "titles.deadlines" in FINDERS
    assert settings.CELERY_BEAT_SCHEDULE["reminders"]["task"] == "portal.send_reminders"


# --- pages ----------------------------------------------------------------------------------------------

def test_the_authority_landing_page_shows_what_waits_and_what_is_overdue(client_for, basic, jinan_official,
                                                                        enterprise_user):
    waiting = open_one(basic, jinan_official)
    report(waiting, enterprise_user)
    other = title_of(EnterpriseFactory(credit_code=make_credit_code("370102", 700), name="逾期企业"), TierCode.BASIC)
    late = open_one(other, jinan_official)
    MonitoringEvaluation.objects.filter(pk=late.pk).update(report_due=TODAY - datetime.timedelta(days=2))

    html = client_for(jinan_official).get(reverse("city_home")).content.decode()

    assert 'id="panel-aftercare"' in html
    assert "1 份报告或整改待您作出结论" in html or "1 report or rectification waits" in html
    assert "逾期企业" in html


def test_the_enterprise_home_shows_its_titles_and_the_deadline(client_for, basic, jinan_official, enterprise_user):
    evaluation = open_one(basic, jinan_official)
    html = client_for(enterprise_user).get(reverse("enterprise_home")).content.decode()
    assert 'id="panel-titles"' in html and f'data-evaluation="{evaluation.pk}"' in html
    assert days(30).isoformat() in html and f'data-title="{basic.pk}"' in html


def test_the_enterprise_reports_through_its_page_and_a_refusal_keeps_what_was_typed(client_for, basic,
                                                                                   jinan_official, enterprise_user):
    evaluation = open_one(basic, jinan_official)
    client = client_for(enterprise_user)
    url = reverse("titles:evaluation_step", args=[evaluation.pk, "submit_report"])
    detail = client.get(reverse("titles:evaluation_detail", args=[evaluation.pk])).content.decode()
    assert f'href="{url}"' in detail

    fields = dict(REPORT_FORM)
    bad = client.post(url, {**fields, "report_summary": "保留的运行情况", "evidence": io.BytesIO(b"not a pdf")})
    assert bad.status_code == 200 and "保留的运行情况" in bad.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.OPEN

    response = client.post(url, {**fields, "evidence": pdf_upload("报告.pdf")})
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.REPORTED
    download = client.get(reverse("titles:evaluation_evidence", args=[evaluation.pk, "report"]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


REPORT_FORM = {"maturity_level": "3", "efficiency_gain": "10", "cost_reduction": "5", "cycle_reduction": "5",
               "defect_reduction": "5", "energy_reduction": "5", "report_summary": "稳定运行。", "standards_led": "0",
               "standards_joined": "0", "solutions_formed": "0", "people_trained": "10", "visits_hosted": "0",
               "cases_published": "0"}


@pytest.mark.parametrize("persona, status", [("qingdao_official", 404), ("other_enterprise_user", 404),
                                             ("expert", 403), ("provincial_officer", 200), ("jinan_official", 200)])
def test_an_evaluation_is_seen_only_by_its_parties(request, client_for, basic, jinan_official, enterprise_user,
                                                   persona, status):
    evaluation = open_one(basic, jinan_official)
    report(evaluation, enterprise_user)
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("titles:evaluation_detail", args=[evaluation.pk])).status_code == status
    evidence = client.get(reverse("titles:evaluation_evidence", args=[evaluation.pk, "report"]))
    assert evidence.status_code == status


@pytest.mark.parametrize("persona, step, status", [
    ("enterprise_user", "pass", 403), ("provincial_officer", "pass", 403), ("jinan_official", "submit_report", 403),
    ("jinan_official", "no_such_step", 404), ("qingdao_official", "pass", 404),
])
def test_a_step_is_refused_to_whoever_may_not_take_it(request, client_for, basic, jinan_official, enterprise_user,
                                                      persona, step, status):
    evaluation = open_one(basic, jinan_official)
    report(evaluation, enterprise_user)
    client = client_for(request.getfixturevalue(persona))
    url = reverse("titles:evaluation_step", args=[evaluation.pk, step])
    assert client.get(url).status_code == status
    assert client.post(url, {"reasons": "x"}).status_code == status
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.REPORTED


def test_the_city_opens_a_batch_after_seeing_what_it_covers(client_for, basic, jinan_official):
    client = client_for(jinan_official)
    url = reverse("titles:evaluation_open")
    form = {"tier": basic.tier_id, "year": "2025", "period_year": "2025", "requirements": "年度报告",
            "report_due": days(30).isoformat(), "basis": ""}
    preview = client.post(url, form)
    assert preview.status_code == 200 and 'id="matched"' in preview.content.decode()
    assert not MonitoringEvaluation.objects.exists()
    response = client.post(url, {**form, "confirm": "1"})
    assert response.status_code == 302
    assert MonitoringEvaluation.objects.get().title == basic
    # A city official is offered only the tier it evaluates.
    assert f'value="{title_of(basic.enterprise, TierCode.ADVANCED).tier_id}"' not in client.get(url).content.decode()


def test_the_list_filters_pages_exports_and_refuses_a_bad_filter(client_for, basic, jinan_official, enterprise_user):
    evaluation = open_one(basic, jinan_official)
    client = client_for(jinan_official)
    url = reverse("titles:evaluation_list")
    assert f'data-evaluation="{evaluation.pk}"' in client.get(url, {"status": "open"}).content.decode()
    assert f'data-evaluation="{evaluation.pk}"' not in client.get(url, {"status": "passed"}).content.decode()
    assert client.get(url, {"status": "nonsense"}).status_code == 400
    assert client.get(url, {"page": "999"}).status_code == 200
    export = client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    assert sheet.cell(2, 1).value == evaluation.pk and sheet.cell(2, 2).value == basic.enterprise.name
    # The enterprise sees its own list, without the officials' export.
    own = client_for(enterprise_user).get(url, {"export": "xlsx"})
    assert own.status_code == 200 and own["Content-Type"].startswith("text/html")


def test_a_rename_carries_the_evaluation_under_way_to_the_new_title(basic, jinan_official, enterprise_user):
    from tiers.titles import renames

    evaluation = open_one(basic, jinan_official)
    (request,) = renames.submit_rename_request(
        enterprise=basic.enterprise, kind="rename", new_name="济南新名称智能制造有限公司", new_credit_code="",
        reason="更名", evidence=pdf_upload("营业执照.pdf"), titles=[basic], actor=enterprise_user)
    renames.city_approve(request, actor=jinan_official)

    basic.refresh_from_db()
    evaluation.refresh_from_db()
    assert basic.status == TitleStatus.SUPERSEDED
    assert evaluation.title == basic.superseded_by and evaluation.status == EvaluationStatus.OPEN
    assert "titles.evaluation_moved" in verbs(evaluation)
    report(evaluation, enterprise_user)  # the enterprise answers under its new name


def test_the_title_timeline_holds_its_evaluation_steps(client_for, basic, jinan_official, enterprise_user):
    evaluation = open_one(basic, jinan_official)
    report(evaluation, enterprise_user)
    html = client_for(jinan_official).get(reverse("titles:title_detail", args=[basic.pk])).content.decode()
    assert 'data-verb="titles.evaluation_opened"' in html and 'data-verb="titles.evaluation_reported"' in html
    assert f'href="/titles/evaluations/{evaluation.pk}/"' in html


def test_every_history_row_is_a_sentence_never_a_verb_or_a_dict(client_for, basic, jinan_official, enterprise_user,
                                                               provincial_officer):
    import re

    from tiers.titles.certificates import request_certificate

    request_certificate(basic, actor=jinan_official)
    evaluation = open_one(basic, jinan_official)
    report(evaluation, enterprise_user)
    conclude(evaluation, jinan_official, "fail")
    for user, url in [(jinan_official, reverse("titles:title_detail", args=[basic.pk])),
                      (enterprise_user, reverse("titles:evaluation_detail", args=[evaluation.pk])),
                      (provincial_officer, reverse("titles:evaluation_detail", args=[evaluation.pk]))]:
        html = client_for(user).get(url).content.decode()
        table = html.split('id="history"')[1].split("</table>")[0]
        visible = re.sub(r'data-verb="[^"]*"', "", table)
        assert "titles." not in visible and "review." not in visible and "{'" not in visible, url
        assert "已记录" not in visible  # every row here has its own sentence, none the generic one
        assert "已发起评估" in visible and "已提交运行监测报告" in visible


# --- a step that waits for a date is shown disabled, with the day it becomes possible ---------------------

def test_failing_without_the_report_is_shown_disabled_with_the_day_it_becomes_possible(client_for, basic,
                                                                                      jinan_official):
    from django.utils import translation
    from django.utils.formats import date_format

    from tests.factories import disabled_reason, in_english, messages_of

    evaluation = open_one(basic, jinan_official, report_due=days(5))
    client = in_english(client_for(jinan_official))
    step = reverse("titles:evaluation_step", args=[evaluation.pk, "fail"])
    page = client.get(reverse("titles:evaluation_detail", args=[evaluation.pk])).content.decode()
    reason = disabled_reason(page, f"not-yet-fail-{evaluation.pk}")
    with translation.override("en"):
        assert reason and date_format(days(6), "DATE_FORMAT") in reason and "Art. 15" in reason
    assert step not in page
    assert messages_of(client.post(step, {"reasons": "未报送。"}, follow=True)) == [reason]
    with pytest.raises(ActionRefused):
        conclude(evaluation, jinan_official, "fail")
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.OPEN

    MonitoringEvaluation.objects.filter(pk=evaluation.pk).update(report_due=TODAY - datetime.timedelta(days=1))
    page = client.get(reverse("titles:evaluation_detail", args=[evaluation.pk])).content.decode()
    assert disabled_reason(page, f"not-yet-fail-{evaluation.pk}") is None and step in page


def test_failing_without_the_rectification_is_shown_disabled_until_it_is_overdue(client_for, basic, jinan_official,
                                                                                 enterprise_user):
    from django.utils import translation
    from django.utils.formats import date_format

    from tests.factories import disabled_reason, in_english

    evaluation = open_one(basic, jinan_official)
    report(evaluation, enterprise_user)
    conclude(evaluation, jinan_official, "fail", due=days(20))
    client = in_english(client_for(jinan_official))
    step = reverse("titles:evaluation_step", args=[evaluation.pk, "fail_reevaluation"])
    page = client.get(reverse("titles:evaluation_detail", args=[evaluation.pk])).content.decode()
    reason = disabled_reason(page, f"not-yet-fail_reevaluation-{evaluation.pk}")
    with translation.override("en"):
        assert reason and date_format(days(21), "DATE_FORMAT") in reason
    assert step not in page
    with pytest.raises(ActionRefused):
        conclude(evaluation, jinan_official, "fail_reevaluation")

    MonitoringEvaluation.objects.filter(pk=evaluation.pk).update(rectification_due=TODAY - datetime.timedelta(days=1))
    page = client.get(reverse("titles:evaluation_detail", args=[evaluation.pk])).content.decode()
    assert disabled_reason(page, f"not-yet-fail_reevaluation-{evaluation.pk}") is None and step in page


def test_the_histories_say_each_value_as_a_person_would_in_both_languages(basic, jinan_official, enterprise_user):
    """The title by its name, the batch by when it was opened, indicators and Art. 14 items by their names, the
    evidence by a short digest, dates as dates, choices by their labels; in Chinese and in English."""
    import re

    from django.utils import translation

    from portal.audit_sentences import change_text
    from tests.titles.aftercare import open_case

    evaluation = open_one(basic, jinan_official)
    report(evaluation, enterprise_user)
    (case,) = open_case(basic.enterprise, jinan_official)
    opened, reported = audit_trail(evaluation)[:2]
    case_opened = audit_trail(case).first()
    for language, words in (("zh-hans", ("运营成本", "文件摘要 …", "牵头制定标准", "重大")),
                            ("en", ("operating cost reduction", "file digest …", "standards led", "accident"))):
        with translation.override(language):
            texts = [change_text(opened), change_text(reported), change_text(case_opened)]
            joined = " | ".join(texts)
            assert str(basic) in texts[0] and str(basic) in texts[2], joined  # not "title: 12"
            assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", joined)  # no UUID
            assert not re.search(r"[0-9a-f]{64}", joined)  # no digest
            assert "cost_reduction" not in joined
            assert "opened on" in joined or "发起" in joined or "评估" in joined
            for word in words:
                assert word.lower() in joined.lower(), (language, word, joined)
