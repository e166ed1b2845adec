"""Working days for public notices (公示): five working days by default, skipping Saturdays, Sundays
and the holidays in ``CalendarDay``, counting the weekends worked instead (调休).

``settings.NOTICE_WORKING_DAYS`` changes the default length. Experts' scores are due
``settings.SCORING_WORKING_DAYS`` working days after their assignment (``scoring_due``).
"""
import datetime

from django.conf import settings

DEFAULT_NOTICE_WORKING_DAYS = 5
DEFAULT_SCORING_WORKING_DAYS = 10


def notice_working_days():
    return int(getattr(settings, "NOTICE_WORKING_DAYS", DEFAULT_NOTICE_WORKING_DAYS))


def is_working_day(day, adjustments=None):
    """Monday to Friday, unless ``adjustments`` (date -> "holiday" | "working_day") says otherwise."""
    kind = (adjustments or {}).get(day)
    if kind == "holiday":
        return False
    if kind == "working_day":
        return True
    return day.weekday() < 5


def calendar_adjustments(start, end):
    """The admins' holiday table between two dates, as date -> kind."""
    from review.models import CalendarDay

    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind"))


def next_working_day(day, adjustments=None):
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day, adjustments):
        day += datetime.timedelta(days=1)
    return day


def add_working_days(start, count, adjustments=None):
    """The last day of a period of ``count`` working days whose first day is ``start`` (a working day)."""
    if count < 1:
        raise ValueError("a notice lasts at least one working day")
    day = next_working_day(start, adjustments)
    remaining = count - 1
    while remaining:
        day += datetime.timedelta(days=1)
        if is_working_day(day, adjustments):
            remaining -= 1
    return day


def scoring_due(start, count=None):
    """The day an expert assigned on ``start`` owes the scores: ``count`` working days from the next
    working day (default ``settings.SCORING_WORKING_DAYS``, 10)."""
    count = count or int(getattr(settings, "SCORING_WORKING_DAYS", DEFAULT_SCORING_WORKING_DAYS))
    start = start + datetime.timedelta(days=1)
    adjustments = calendar_adjustments(start, start + datetime.timedelta(days=count * 3 + 30))
    return add_working_days(next_working_day(start, adjustments), count, adjustments)


def default_period(start, count=None):
    """``(starts_on, ends_on)`` of a notice published on ``start``: it starts on the first working day
    and lasts ``count`` working days (default ``notice_working_days()``)."""
    count = count or notice_working_days()
    # Generous window: even a long holiday (Spring Festival) fits several times over.
    adjustments = calendar_adjustments(start, start + datetime.timedelta(days=count * 3 + 30))
    starts_on = next_working_day(start, adjustments)
    return starts_on, add_working_days(starts_on, count, adjustments)
