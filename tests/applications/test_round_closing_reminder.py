"""Enterprises with a draft hear three days and one day before its round closes, once each."""
import datetime

import pytest
import time_machine
from django.utils import timezone

from applications.constants import Status
from portal.models import Notification
from portal.reminders import send_reminders
from tests.applications.factories import make_application, open_round

pytestmark = pytest.mark.django_db

TZ = timezone.get_default_timezone()
CLOSES = datetime.datetime(2027, 4, 30, 17, 0, tzinfo=TZ)


def run(today):
    return send_reminders(today, only=["applications.round_closing"])["applications.round_closing"]


@pytest.fixture
def closing_round(db):
    round_ = open_round()
    type(round_).objects.filter(pk=round_.pk).update(closes_at=CLOSES)
    return round_


def test_a_draft_is_reminded_three_days_and_one_day_before_its_round_closes(enterprise_user, other_enterprise_user,
                                                                           closing_round):
    draft = make_application(enterprise_user, round=closing_round)
    submitted = make_application(other_enterprise_user, round=closing_round, state=Status.SUBMITTED)
    with time_machine.travel(datetime.datetime(2027, 4, 26, 8, 0, tzinfo=TZ), tick=False):
        assert run(timezone.localdate()) == 0  # four days ahead
    with time_machine.travel(datetime.datetime(2027, 4, 27, 8, 0, tzinfo=TZ), tick=False):
        assert run(timezone.localdate()) == 1
        assert run(timezone.localdate()) == 0  # not twice
    with time_machine.travel(datetime.datetime(2027, 4, 29, 8, 0, tzinfo=TZ), tick=False):
        assert run(timezone.localdate()) == 1
    with time_machine.travel(datetime.datetime(2027, 4, 30, 18, 0, tzinfo=TZ), tick=False):
        assert run(timezone.localdate()) == 0  # closed at five
    (one, three) = Notification.objects.filter(user=enterprise_user, kind="applications.round_closing").order_by("key")
    assert (one.key, three.key) == (f"round-closing:{draft.pk}:2027-04-30:1", f"round-closing:{draft.pk}:2027-04-30:3")
    assert "17:00" in one.body and one.url == f"/applications/{draft.pk}/"
    assert not Notification.objects.filter(user=other_enterprise_user, kind="applications.round_closing").exists()
    assert submitted.status == Status.SUBMITTED


def test_the_reminder_follows_the_preference_for_e_mail(enterprise_user, closing_round,
                                                        django_capture_on_commit_callbacks):
    from django.core import mail

    from portal.models import NotificationPreference

    make_application(enterprise_user, round=closing_round)
    NotificationPreference.objects.create(user=enterprise_user, kind="applications.round_closing", email=False)
    with time_machine.travel(datetime.datetime(2027, 4, 29, 8, 0, tzinfo=TZ), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert run(timezone.localdate()) == 1
    assert mail.outbox == []
    assert Notification.objects.filter(user=enterprise_user, kind="applications.round_closing").exists()
