"""The review's reminders (``review.reminders`` through ``portal.reminders``): each fires on its day,
once, to the people who must act; and a recorded objection tells the officials concerned."""
import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from portal.calendar.working_days import scoring_due
from portal.models import Notification
from portal.reminders import send_reminders
from review.models import ExpertAssignment
from review.province import services
from review.province.selectors import active_assignments
from tests.clock import run_daily_on
from tests.factories import UserFactory
from tests.review.province.helpers import in_notice, score_sheet, under_review

pytestmark = pytest.mark.django_db

D = datetime.date
TZ = timezone.get_default_timezone()


def days_before(day, n):
    return day - datetime.timedelta(days=n)


def run(name, today):
    return send_reminders(today, only=[name])[name]


def keys(user, prefix):
    return sorted(Notification.objects.filter(user=user, key__startswith=prefix).values_list("key", flat=True))


@pytest.fixture
def second_officer(db):
    return UserFactory(username="officer_two", provincial_officer=True)


# --- scores due -------------------------------------------------------------------------------------------

def test_an_assignment_owes_its_scores_ten_working_days_later(enterprise_user, provincial_officer, experts, rubric):
    app = under_review(enterprise_user, provincial_officer, experts)
    (due_on,) = set(active_assignments(app).values_list("due_on", flat=True))
    assert due_on == scoring_due(timezone.localdate())
    # Monday 2 March 2026: from Tuesday the 3rd, ten working days end on Monday the 16th.
    assert scoring_due(D(2026, 3, 2)) == D(2026, 3, 16)


def test_experts_are_reminded_three_days_and_one_day_before_their_scores_are_due_once(
        enterprise_user, provincial_officer, experts, rubric, django_capture_on_commit_callbacks):
    app = under_review(enterprise_user, provincial_officer, experts)
    due = D(2027, 3, 16)
    ExpertAssignment.objects.filter(application=app).update(due_on=due)
    assert run("review.scores_due", days_before(due, 4)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert run("review.scores_due", days_before(due, 3)) == 3
    assert run("review.scores_due", days_before(due, 3)) == 0  # the same day again
    assert run("review.scores_due", days_before(due, 2)) == 0  # the three-day reminder is sent
    # The first expert submits: only the other two hear the day before.
    first = active_assignments(app).get(expert=experts[0])
    services.save_scores(first, scores=score_sheet(app, "0.8"), comment="好", actor=experts[0], submit=True)
    assert run("review.scores_due", days_before(due, 1)) == 2
    assert keys(experts[0], "scores-due:") == [f"scores-due:{first.pk}:{due.isoformat()}:3"]
    assert len(keys(experts[1], "scores-due:")) == 2
    assert run("review.scores_due", due + datetime.timedelta(days=1)) == 0  # past due: the officers' turn
    (message, *_rest) = mail.outbox
    assert "2027-03-16" in message.body and message.to[0] in {e.email for e in experts}


def test_the_officers_get_one_digest_per_due_date_with_sheets_missing(enterprise_user, provincial_officer,
                                                                      second_officer, experts, rubric):
    app = under_review(enterprise_user, provincial_officer, experts)
    due = D(2027, 3, 16)
    ExpertAssignment.objects.filter(application=app).update(due_on=due)
    assert run("review.scores_overdue", due) == 0  # due today: not overdue yet
    assert run("review.scores_overdue", due + datetime.timedelta(days=1)) == 1
    assert run("review.scores_overdue", due + datetime.timedelta(days=2)) == 0
    for officer in (provincial_officer, second_officer):
        (notification,) = Notification.objects.filter(user=officer, key__startswith="scores-overdue:")
        assert notification.key == "scores-overdue:2027-03-16" and "3" in notification.body
    assert not Notification.objects.filter(user__in=experts, key__startswith="scores-overdue:").exists()


def test_the_daily_task_sends_what_is_due_on_the_frozen_day(enterprise_user, provincial_officer, experts, rubric):
    from portal.tasks import send_reminders as daily

    app = under_review(enterprise_user, provincial_officer, experts)
    due = D(2027, 3, 16)
    ExpertAssignment.objects.filter(application=app).update(due_on=due)
    with time_machine.travel(datetime.datetime(2027, 3, 13, 8, 0, tzinfo=TZ), tick=False):
        assert daily()["review.scores_due"] == 3
        assert daily()["review.scores_due"] == 0
    with time_machine.travel(datetime.datetime(2027, 3, 14, 8, 0, tzinfo=TZ), tick=False):
        assert daily()["review.scores_due"] == 0


# --- notices ending ------------------------------------------------------------------------------------

def test_the_officers_are_told_the_day_before_a_notice_ends_and_on_its_last_day_once_each(
        enterprise_user, provincial_officer, second_officer, experts, rubric):
    app = in_notice(enterprise_user, provincial_officer, experts)
    notice = app.notice_entry.notice
    end = notice.ends_on
    assert run_daily_on(days_before(end, 2), "review.notice_ending") == 0  # not two days before
    assert run_daily_on(days_before(end, 1), "review.notice_ending") == 1  # the day before
    assert run_daily_on(days_before(end, 1), "review.notice_ending") == 0  # not twice the same day
    assert run_daily_on(end, "review.notice_ending") == 1  # its last day
    assert run_daily_on(end, "review.notice_ending") == 0
    assert run_daily_on(end + datetime.timedelta(days=1), "review.notice_ending") == 0  # ended: nothing more
    assert keys(second_officer, "notice-ending:") == [f"notice-ending:{notice.pk}:0", f"notice-ending:{notice.pk}:1"]
    assert keys(provincial_officer, "notice-ending:") == keys(second_officer, "notice-ending:")
    (last,) = Notification.objects.filter(user=provincial_officer, key=f"notice-ending:{notice.pk}:0")
    assert end.isoformat() in last.body and last.url == f"/review/province/notices/{notice.pk}/"
    assert not Notification.objects.filter(user=enterprise_user, key__startswith="notice-ending:").exists()


# --- objections ---------------------------------------------------------------------------------------

def test_a_recorded_objection_tells_the_other_officers_and_the_city_not_the_enterprise(
        enterprise_user, provincial_officer, second_officer, jinan_official, qingdao_official, experts, rubric,
        django_capture_on_commit_callbacks):
    from review.models import ObjectionKind

    app = in_notice(enterprise_user, provincial_officer, experts)
    notice = app.notice_entry.notice
    with django_capture_on_commit_callbacks(execute=True):
        objection = services.record_objection(
            notice=notice, application=app, kind=ObjectionKind.PERSON, objector_name="王实名",
            objector_contact="13800000000", received_on=notice.starts_on, content="数据不实。",
            actor=provincial_officer)
    key = f"objection:{objection.pk}"
    assert Notification.objects.filter(key=key, user=second_officer, url=f"/review/province/applications/{app.pk}/").exists()
    assert Notification.objects.filter(key=key, user=jinan_official, url=f"/applications/{app.pk}/").exists()
    assert not Notification.objects.filter(key=key, user__in=[provincial_officer, qingdao_official,
                                                              enterprise_user]).exists()
    assert all("王实名" not in m.body and "13800000000" not in m.body for m in mail.outbox)
    assert {m.to[0] for m in mail.outbox} == {second_officer.email, jinan_official.email}
