"""Public notices: five working days, objections during the notice only and never anonymous, the
objector's identity never public; certification only after the notice with no open objection."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.actions import actions_for
from applications.constants import Status
from applications.workflow import perform
from portal.calendar import working_days as notices
from portal.calendar.models import CalendarDay, CalendarDayKind
from portal.errors import ActionRefused
from review.models import NoticeEntry, Objection, ObjectionKind, ObjectionStatus
from review.province import services
from tests.applications.factories import pdf_bytes
from tests.review.province.helpers import OBJECTIONS, approved, in_notice, last_audit, move_notice
from tiers.titles.constants import RenderStatus

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize("start, end", [
    (D(2026, 3, 2), D(2026, 3, 6)),    # Monday to Friday
    (D(2026, 3, 4), D(2026, 3, 10)),   # Wednesday to next Tuesday, over a weekend
    (D(2026, 3, 7), D(2026, 3, 13)),   # published on a Saturday: starts on Monday the 9th
])
def test_five_working_days_skip_weekends(start, end):
    assert notices.default_period(start)[1] == end
    assert notices.default_period(start)[0] == notices.next_working_day(start)


def test_holidays_and_weekends_worked_from_the_admins_table():
    # National Day week 2026 (illustrative): 1-7 October off, Saturday 10 October worked.
    for day in range(1, 8):
        CalendarDay.objects.create(date=D(2026, 10, day), kind=CalendarDayKind.HOLIDAY, name="国庆节")
    CalendarDay.objects.create(date=D(2026, 10, 10), kind=CalendarDayKind.WORKING_DAY, name="国庆调休")
    # Published Wednesday 30 September: 30 Sep, 8 Oct (Thu), 9 Oct (Fri), 10 Oct (Sat, worked), 12 Oct (Mon).
    assert notices.default_period(D(2026, 9, 30)) == (D(2026, 9, 30), D(2026, 10, 12))


def test_notice_length_is_configurable(settings):
    settings.NOTICE_WORKING_DAYS = 7
    assert notices.default_period(D(2026, 3, 2)) == (D(2026, 3, 2), D(2026, 3, 10))


def test_publishing_a_notice_moves_each_application_with_its_audit_row(enterprise_user, provincial_officer, experts,
                                                                       rubric):
    app = in_notice(enterprise_user, provincial_officer, experts)
    assert app.status == Status.IN_NOTICE
    entry = NoticeEntry.objects.get(application=app)
    row = last_audit(app)
    assert row.verb == "review.notice_published" and row.actor == provincial_officer
    assert row.after == {"status": "in_notice", "notice": entry.notice.pk}
    assert last_audit(entry.notice).verb == "review.notice_created"


def test_a_notice_cannot_start_in_the_past_nor_list_other_rounds_or_unapproved(enterprise_user, provincial_officer,
                                                                              experts, rubric):
    app = approved(enterprise_user, provincial_officer, experts)
    today = timezone.localdate()
    with pytest.raises(ActionRefused):
        services.publish_notice(**OBJECTIONS, round=app.round, tier=app.tier, applications=[app], title="公示",
                                starts_on=today - datetime.timedelta(days=1), ends_on=today, actor=provincial_officer)
    from tests.applications.factories import tier

    with pytest.raises(ActionRefused):
        services.publish_notice(**OBJECTIONS, round=app.round, tier=tier("scenario"), applications=[app], title="公示",
                                starts_on=today, ends_on=today, actor=provincial_officer)
    with pytest.raises(ActionRefused):
        services.publish_notice(**OBJECTIONS, round=app.round, tier=app.tier, applications=[app], title="公示", starts_on=today,
                                ends_on=today, actor=experts[0])
    app.refresh_from_db()
    assert app.status == Status.APPROVED and not NoticeEntry.objects.exists()


def _objection(app, officer, **overrides):
    notice = app.notice_entry.notice
    data = {"notice": notice, "application": app, "kind": ObjectionKind.PERSON, "objector_name": "王实名",
                "objector_contact": "13800000000", "received_on": notice.starts_on,
                "content": "该企业申报的生产作业数据与实际不符。", "actor": officer}
    data.update(overrides)
    return services.record_objection(**data)


def test_certify_is_refused_before_the_notice_ends_and_allowed_after(enterprise_user, provincial_officer, experts,
                                                                     rubric, django_capture_on_commit_callbacks):
    app = in_notice(enterprise_user, provincial_officer, experts)
    with pytest.raises(ActionRefused, match="certify from the next day"):
        perform(app, "certify", actor=provincial_officer)
    move_notice(app, starts_ago=8, ends_ago=0)  # the last day is today: still running
    with pytest.raises(ActionRefused):
        perform(app, "certify", actor=provincial_officer)
    move_notice(app, starts_ago=9, ends_ago=1)
    with django_capture_on_commit_callbacks(execute=True):
        app = perform(app, "certify", actor=provincial_officer)
    assert app.status == Status.CERTIFIED
    entry = NoticeEntry.objects.select_related("title").get(application=app)
    title = entry.title
    assert title.tier == app.tier and title.year == app.round.year and title.enterprise == app.enterprise
    assert title.enterprise_name == app.enterprise.name and title.recognized_on == timezone.localdate()
    certificate = title.certificates.get()
    assert certificate.status == RenderStatus.READY and certificate.miit_document == ""
    row = last_audit(app)
    assert row.verb == "review.certified" and row.actor == provincial_officer
    assert row.after == {"status": "certified", "title": title.pk, "certificate": certificate.number}


@pytest.mark.parametrize("persona", ["jinan_official", "enterprise_user", "expert"])
def test_only_the_province_certifies(persona, request, enterprise_user, provincial_officer, experts, rubric):
    actor = request.getfixturevalue(persona)
    app = in_notice(enterprise_user, provincial_officer, experts)
    move_notice(app, starts_ago=9, ends_ago=1)
    with pytest.raises(ActionRefused):
        perform(app, "certify", actor=actor)
    app.refresh_from_db()
    assert app.status == Status.IN_NOTICE


def test_an_open_objection_blocks_certification_until_dismissed(enterprise_user, provincial_officer, experts,
                                                                rubric):
    app = in_notice(enterprise_user, provincial_officer, experts)
    objection = _objection(app, provincial_officer)
    assert last_audit(objection).verb == "review.objection_recorded"
    assert "王实名" not in str(last_audit(objection).after) and "1380" not in str(last_audit(objection).after)
    move_notice(app, starts_ago=9, ends_ago=1)
    with pytest.raises(ActionRefused, match="still open"):
        perform(app, "certify", actor=provincial_officer)
    services.resolve_objection(objection, status=ObjectionStatus.DISMISSED, resolution="经核查，数据属实。",
                               actor=provincial_officer)
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.DISMISSED and objection.resolved_by == provincial_officer
    assert last_audit(objection).verb == "review.objection_dismissed"
    app = perform(app, "certify", actor=provincial_officer)
    assert app.status == Status.CERTIFIED


def test_an_upheld_objection_rejects_the_application(enterprise_user, provincial_officer, experts, rubric):
    app = in_notice(enterprise_user, provincial_officer, experts)
    objection = _objection(app, provincial_officer, kind=ObjectionKind.ORGANISATION, objector_name="某行业协会")
    services.resolve_objection(objection, status=ObjectionStatus.UPHELD, resolution="经核查，关键数据与实际不符。",
                               actor=provincial_officer)
    app.refresh_from_db()
    assert app.status == Status.REJECTED
    row = last_audit(app)
    assert row.verb == "review.rejected_after_objection" and row.message == "经核查，关键数据与实际不符。"
    assert row.after == {"status": "rejected", "objection": objection.pk}
    assert not actions_for(app, provincial_officer)


def test_objections_outside_the_notice_period_are_refused(enterprise_user, provincial_officer, experts, rubric):
    app = in_notice(enterprise_user, provincial_officer, experts)
    notice = move_notice(app, starts_ago=9, ends_ago=3)
    for received in (notice.starts_on - datetime.timedelta(days=1), notice.ends_on + datetime.timedelta(days=1)):
        with pytest.raises(ActionRefused, match="during the notice"):
            _objection(app, provincial_officer, received_on=received)
    _objection(app, provincial_officer, received_on=notice.ends_on)  # the last day counts
    assert Objection.objects.count() == 1


@pytest.mark.parametrize("name, contact", [("", "13800000000"), ("王实名", ""), ("  ", "  ")])
def test_anonymous_objections_are_refused(enterprise_user, provincial_officer, experts, rubric, name, contact):
    app = in_notice(enterprise_user, provincial_officer, experts)
    with pytest.raises(ActionRefused, match="Anonymous"):
        _objection(app, provincial_officer, objector_name=name, objector_contact=contact)
    assert not Objection.objects.exists()


def test_objection_evidence_is_checked_by_content_and_served_to_the_department_only(
        enterprise_user, provincial_officer, experts, rubric, client_for):
    app = in_notice(enterprise_user, provincial_officer, experts)
    with pytest.raises(ActionRefused):
        _objection(app, provincial_officer, evidence=SimpleUploadedFile("举报信.pdf", b"not a pdf at all"))
    objection = _objection(app, provincial_officer,
                           evidence=SimpleUploadedFile("举报信.pdf", pdf_bytes(), content_type="application/pdf"))
    url = reverse("review:objection_evidence", args=[objection.pk])
    assert client_for(enterprise_user).get(url).status_code == 403
    assert client_for(experts[0]).get(url).status_code == 403
    response = client_for(provincial_officer).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_objector_identity_is_never_on_public_pages_nor_shown_to_the_enterprise(
        enterprise_user, provincial_officer, experts, rubric, client, client_for):
    app = in_notice(enterprise_user, provincial_officer, experts)
    objection = _objection(app, provincial_officer, objector_name="王实名举报人", objector_contact="wang@example.org")
    services.resolve_objection(objection, status=ObjectionStatus.DISMISSED, resolution="经核查，异议不成立。",
                               actor=provincial_officer)
    public = client.get(reverse("public_notices:list")).content.decode()
    assert app.enterprise.name in public and app.enterprise.city.name_zh in public
    enterprise_pages = [client_for(enterprise_user).get(url).content.decode() for url in (
        reverse("applications:detail", args=[app.pk]), reverse("enterprise_home"))]
    officer_page = client_for(provincial_officer).get(reverse("review:notice_detail",
                                                              args=[app.notice_entry.notice_id])).content.decode()
    assert "王实名举报人" in officer_page and "wang@example.org" in officer_page
    for page in [public, *enterprise_pages]:
        assert "王实名举报人" not in page and "wang@example.org" not in page


def test_public_notice_page_needs_no_login_and_lists_current_and_past(enterprise_user, provincial_officer, experts,
                                                                      rubric, client):
    app = in_notice(enterprise_user, provincial_officer, experts)
    client.cookies.pop("django_language", None)  # the public reads the default language, Chinese
    response = client.get(reverse("public_notices:list"))
    assert response.status_code == 200
    assert [n.pk for n in response.context["current"]] == [app.notice_entry.notice_id]
    move_notice(app, starts_ago=9, ends_ago=1)
    response = client.get(reverse("public_notices:list"))
    assert not response.context["current"] and [n.pk for n in response.context["past"]] == [
        app.notice_entry.notice_id]
    page = response.content.decode()
    assert app.enterprise.name in page and app.tier.name_zh in page
    for expert in experts:  # no experts and no scores on the public page
        assert expert.last_name not in page


def test_officer_publishes_records_and_resolves_through_the_pages(enterprise_user, provincial_officer, experts,
                                                                   rubric, client_for):
    app = approved(enterprise_user, provincial_officer, experts)
    client = client_for(provincial_officer)
    today = timezone.localdate()
    page = client.get(reverse("review:notice_new") + f"?round={app.round_id}&tier={app.tier_id}&application={app.pk}")
    assert page.status_code == 200
    response = client.post(reverse("review:notice_new"), {
        "round": app.round_id, "tier": app.tier_id, "title": "2026年度先进级（省级）智能工厂拟认定名单公示",
        "starts_on": today.isoformat(), "ends_on": "", "applications": [app.pk],
        "objection_contact": "省工业和信息化厅智能制造处 0531-00000000", "objection_address": "objections@example.com"})
    app.refresh_from_db()
    assert app.status == Status.IN_NOTICE and response.status_code == 302
    notice = app.notice_entry.notice
    assert notice.ends_on == notices.default_period(today)[1]
    assert notice.objection_address == "objections@example.com"
    response = client.post(reverse("review:objection_new", args=[notice.pk]), {
        "application": app.pk, "kind": ObjectionKind.PERSON, "objector_name": "", "objector_contact": "",
        "received_on": today.isoformat(), "content": "匿名举报"})
    assert response.status_code == 200 and not Objection.objects.exists()  # anonymous: the form refuses it
    client.post(reverse("review:objection_new", args=[notice.pk]), {
        "application": app.pk, "kind": ObjectionKind.PERSON, "objector_name": "李实名", "objector_contact": "0531-1234",
        "received_on": today.isoformat(), "content": "异议内容。"})
    objection = Objection.objects.get()
    client.post(reverse("review:objection_resolve", args=[objection.pk]),
                {"status": ObjectionStatus.DISMISSED, "resolution": "异议不成立。"})
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.DISMISSED


def test_a_notice_says_where_and_until_when_to_object(client, enterprise_user, provincial_officer, experts, rubric):
    from review.models import PublicNotice

    app = in_notice(enterprise_user, provincial_officer, experts)
    notice = app.notice_entry.notice
    PublicNotice.objects.filter(pk=notice.pk).update(starts_on=timezone.localdate())
    html = client.get(reverse("public_notices:list")).content.decode()
    assert "省工业和信息化厅（测试）" in html and "test@example.com" in html
    assert notice.ends_on.isoformat() in html.split("data-objections")[1]


def test_a_notice_without_an_objection_address_is_refused(enterprise_user, provincial_officer, experts, rubric):
    app = approved(enterprise_user, provincial_officer, experts)
    with pytest.raises(ActionRefused):
        services.publish_notice(round=app.round, tier=app.tier, applications=[app], title="公示",
                                starts_on=timezone.localdate(), ends_on=timezone.localdate(), actor=provincial_officer)


def test_certify_is_shown_disabled_with_the_date_until_the_notice_ends(client_for, enterprise_user,
                                                                       provincial_officer, experts, rubric):
    app = in_notice(enterprise_user, provincial_officer, experts)
    notice = app.notice_entry.notice
    client = client_for(provincial_officer)
    for url in (reverse("review:notice_detail", args=[notice.pk]),
                reverse("review:province_application", args=[app.pk])):
        html = client.get(url).content.decode()
        assert 'data-transition="certify" data-not-yet' in html and "disabled" in html, url
        assert reverse("applications:transition", args=[app.pk, "certify"]) not in html
    move_notice(app, starts_ago=9, ends_ago=2)
    html = client.get(reverse("review:notice_detail", args=[notice.pk])).content.decode()
    assert "data-not-yet" not in html and reverse("applications:transition", args=[app.pk, "certify"]) in html


def test_the_notice_page_reads_no_more_for_more_entries(client_for, enterprise_user, provincial_officer, experts,
                                                        rubric):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    app = in_notice(enterprise_user, provincial_officer, experts)
    client = client_for(provincial_officer)
    url = reverse("review:notice_detail", args=[app.notice_entry.notice_id])
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    # Whether each entry may be certified yet is read from the entries already loaded, not one query each.
    per_entry = [q["sql"] for q in captured if q["sql"].startswith('SELECT "review_noticeentry"')
                 and 'WHERE "review_noticeentry"."application_id" =' in q["sql"]]
    assert per_entry == []


# --- a step that would be refused is shown disabled, with the refusal's own reason ------------------------

def test_certify_after_the_notice_is_shown_disabled_while_an_objection_is_open(client_for, enterprise_user,
                                                                              provincial_officer, experts, rubric):
    from tests.factories import disabled_reason, messages_of

    app = in_notice(enterprise_user, provincial_officer, experts)
    notice = move_notice(app, starts_ago=9, ends_ago=2)  # the notice is over: only the objection stands in the way
    objection = _objection(app, provincial_officer)
    client = client_for(provincial_officer)
    certify = reverse("applications:transition", args=[app.pk, "certify"])
    for url in (reverse("review:notice_detail", args=[notice.pk]), reverse("review:province_application", args=[app.pk])):
        html = client.get(url).content.decode()
        reason = disabled_reason(html, f"not-yet-certify-{app.pk}")
        assert reason and certify not in html, url
    response = client.post(certify, follow=True)
    assert messages_of(response) == [reason]  # the POST is refused with the very reason the button gave
    app.refresh_from_db()
    assert app.status == Status.IN_NOTICE and last_audit(app).verb == "review.notice_published"

    services.resolve_objection(objection, status=ObjectionStatus.DISMISSED, resolution="经核查，不属实。",
                               actor=provincial_officer)
    html = client.get(reverse("review:notice_detail", args=[notice.pk])).content.decode()
    assert disabled_reason(html, f"not-yet-certify-{app.pk}") is None and certify in html


def test_certify_names_the_open_objection_in_english(enterprise_user, provincial_officer, experts, rubric):
    from django.utils import translation

    from applications.actions import APPLICATION_ACTIONS

    app = in_notice(enterprise_user, provincial_officer, experts)
    move_notice(app, starts_ago=9, ends_ago=2)
    _objection(app, provincial_officer)
    with translation.override("en"):
        assert APPLICATION_ACTIONS.not_yet(app, "certify") == (
            "An objection to this application is still open: resolve it first.")
        with pytest.raises(ActionRefused, match="still open"):
            perform(app, "certify", actor=provincial_officer)


def test_recording_an_objection_is_shown_disabled_with_the_dates_before_the_notice_starts(
        client_for, enterprise_user, provincial_officer, experts, rubric):
    from django.utils import translation
    from django.utils.formats import date_format

    from review.models import PublicNotice
    from review.province.objection_rules import objection_refusal
    from tests.factories import disabled_reason, in_english

    app = in_notice(enterprise_user, provincial_officer, experts)
    notice = app.notice_entry.notice
    today = timezone.localdate()
    PublicNotice.objects.filter(pk=notice.pk).update(starts_on=today + datetime.timedelta(days=3),
                                                     ends_on=today + datetime.timedelta(days=9))
    notice.refresh_from_db()
    client = in_english(client_for(provincial_officer))
    detail, new = reverse("review:notice_detail", args=[notice.pk]), reverse("review:objection_new", args=[notice.pk])
    html = client.get(detail).content.decode()
    reason = disabled_reason(html, "record-objection-not-yet")
    assert reason and new not in html
    with translation.override("en"):
        assert reason == str(objection_refusal(notice, statuses={Status.IN_NOTICE}))
        assert date_format(notice.starts_on, "DATE_FORMAT") in reason and "Art. 12" in reason
        assert date_format(notice.ends_on, "DATE_FORMAT") in reason
    assert client.get(new).status_code == 302  # the form page sends back to the notice, saying why
    with pytest.raises(ActionRefused):
        _objection(app, provincial_officer, received_on=notice.starts_on)
    assert not Objection.objects.exists()

    PublicNotice.objects.filter(pk=notice.pk).update(starts_on=today)
    html = client.get(detail).content.decode()
    assert disabled_reason(html, "record-objection-not-yet") is None and new in html
    assert client.get(new).status_code == 200


def test_recording_an_objection_is_shown_disabled_once_every_application_is_certified(
        client_for, enterprise_user, provincial_officer, experts, rubric):
    from django.utils import translation

    from review.province.objection_rules import CERTIFIED_MESSAGE
    from tests.factories import disabled_reason, in_english

    app = in_notice(enterprise_user, provincial_officer, experts)
    notice = move_notice(app, starts_ago=9, ends_ago=1)
    perform(app, "certify", actor=provincial_officer)
    html = in_english(client_for(provincial_officer)).get(reverse("review:notice_detail", args=[notice.pk]))
    with translation.override("en"):
        assert disabled_reason(html.content.decode(), "record-objection-not-yet") == str(CERTIFIED_MESSAGE)


def test_a_notice_titled_in_english_shows_that_title_on_english_pages_else_the_chinese(
        enterprise_user, provincial_officer, experts, rubric, client_for):
    from tests.factories import in_english

    app = approved(enterprise_user, provincial_officer, experts)
    client = client_for(provincial_officer)
    client.post(reverse("review:notice_new"), {
        "round": app.round_id, "tier": app.tier_id, "title": "2026年度先进级（省级）智能工厂拟认定名单公示",
        "title_en": "Notice of the 2026 advanced smart factories to be recognized",
        "starts_on": timezone.localdate().isoformat(), "ends_on": "", "applications": [app.pk],
        "objection_contact": "省工业和信息化厅智能制造处 0531-00000000", "objection_address": "objections@example.com"})
    notice = NoticeEntry.objects.get(application=app).notice
    assert notice.title_en.startswith("Notice of the 2026") and last_audit(notice).after["title_en"] == notice.title_en
    url = reverse("review:notice_detail", args=[notice.pk])
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get(url).content.decode()
    assert "拟认定名单公示" in chinese and "Notice of the 2026" not in chinese
    english = in_english(client).get(url).content.decode()
    assert "Notice of the 2026 advanced smart factories" in english and "拟认定名单公示" not in english
    type(notice).objects.filter(pk=notice.pk).update(title_en="")
    assert "拟认定名单公示" in client.get(url).content.decode()  # no English title: the Chinese one
