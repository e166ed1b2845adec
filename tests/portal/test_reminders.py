"""The daily run of reminders (``portal.reminders``): the nearest step ahead, one finder failing does
not stop the others, and every app's finder is on the one beat entry."""
import datetime

import pytest

from portal import reminders
from portal.notifications import register_kind
from portal.reminders import Reminder, ahead, send_reminders

KIND = register_kind("tests.reminded", "Reminded (test)", audience="enterprise")


@pytest.mark.parametrize("days_left, steps, expected", [
    (9, (7, 1), None), (7, (7, 1), 7), (5, (7, 1), 7), (1, (7, 1), 1), (0, (7, 1), 1), (-1, (7, 1), None),
    (3, (3, 1), 3), (0, (1, 0), 0),
])
def test_ahead_is_the_nearest_step_reached(days_left, steps, expected):
    assert ahead(days_left, steps) == expected


def test_every_app_registers_its_finders_on_the_one_daily_run(settings):
    assert set(reminders.FINDERS) >= {"applications.round_closing", "review.scores_due", "review.scores_overdue",
                                      "review.notice_ending", "review.filings_waiting", "titles.deadlines"}
    assert settings.CELERY_BEAT_SCHEDULE["reminders"]["task"] == "portal.send_reminders"
    assert not any(entry["task"] == "titles.send_deadline_reminders" for entry in settings.CELERY_BEAT_SCHEDULE.values())


@pytest.mark.django_db
def test_a_failing_finder_does_not_keep_the_others_from_sending(monkeypatch, enterprise_user):
    def broken(today):
        raise RuntimeError("the list is unreachable")

    def working(today):
        return [Reminder(f"tests:{today.isoformat()}", [enterprise_user], KIND.code, "提醒")]

    monkeypatch.setattr(reminders, "FINDERS", {"broken": broken, "working": working})
    with pytest.raises(RuntimeError):
        send_reminders(datetime.date(2027, 1, 4))
    assert enterprise_user.notifications.filter(key="tests:2027-01-04").count() == 1
    assert send_reminders(datetime.date(2027, 1, 4), only=["working"]) == {"working": 0}
