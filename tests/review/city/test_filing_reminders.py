"""The province is reminded once a week of the cities' filings (备案, Art. 11) waiting more than a week:
the daily reminders task run with the clock frozen on each morning."""
import datetime

import pytest
from django.utils import timezone

from portal.models import Notification
from review.city import services as city_services
from review.models import Filing
from tests.clock import run_daily_on

from .test_filings import recognized

pytestmark = pytest.mark.django_db

D = datetime.date
TZ = timezone.get_default_timezone()
FINDER = "review.filings_waiting"


def test_filings_waiting_more_than_a_week_are_reminded_once_a_week(enterprise_user, jinan_official,
                                                                   provincial_officer, round_):
    filing = recognized(enterprise_user, jinan_official)
    filed = D(2027, 3, 1)  # a Monday
    Filing.objects.filter(pk=filing.pk).update(filed_at=datetime.datetime(2027, 3, 1, 10, 0, tzinfo=TZ))
    assert run_daily_on(D(2027, 3, 8), FINDER) == 0  # seven days: not more than a week, not yet
    assert run_daily_on(D(2027, 3, 9), FINDER) == 1  # the first day past a week
    assert run_daily_on(D(2027, 3, 9), FINDER) == 0  # not twice the same day
    assert run_daily_on(D(2027, 3, 14), FINDER) == 0  # the same ISO week
    assert run_daily_on(D(2027, 3, 15), FINDER) == 1  # the next week, still waiting
    assert run_daily_on(D(2027, 3, 15), FINDER) == 0
    (first, second) = Notification.objects.filter(user=provincial_officer, key__startswith="filings-waiting:"
                                                  ).order_by("key")
    assert first.key == "filings-waiting:2027-W10" and second.key == "filings-waiting:2027-W11"
    assert "济南" in first.body and filed.isoformat() in first.body
    assert first.url == "/review/city/filings/?status=filed&ordering=filed"
    city_services.acknowledge_filing(filing, actor=provincial_officer)
    assert run_daily_on(D(2027, 3, 22), FINDER) == 0  # answered: no more reminders
