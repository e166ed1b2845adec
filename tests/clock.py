"""The daily reminders as beat runs them: the clock frozen on a morning, the task ``portal.send_reminders``
run with no date given (it reads the frozen day itself)."""
import datetime

import time_machine
from django.utils import timezone


def morning(day):
    """08:00 local time on ``day``: when the beat entry runs."""
    return datetime.datetime.combine(day, datetime.time(8, 0), tzinfo=timezone.get_default_timezone())


def run_daily_on(day, finder):
    """Run the daily reminders task with the clock frozen on ``day``; how many of ``finder``'s reminders
    notified someone now."""
    from portal.tasks import send_reminders

    with time_machine.travel(morning(day), tick=False):
        assert timezone.localdate() == day
        return send_reminders()[finder]
