"""Working days: Monday to Friday, less the holidays in ``CalendarDay``, plus the weekends worked (调休).

Every period the portal sets or checks is counted here: a public notice (公示) of at least
``settings.NOTICE_WORKING_DAYS`` working days (5), experts' scores ``settings.SCORING_WORKING_DAYS``
after their assignment (10), the statement period of a revocation case (陈述申辩). A period that reaches
a year whose holidays are not loaded (no ``CalendarYear``) is refused until an administrator loads them
(``ensure_known``): counted without them, a notice published in February would run through the Spring
Festival. A year the ``chinesecalendar`` package knows is loaded from it on first use.
"""
import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.errors import ensure

from .models import CalendarDay, CalendarYear

DEFAULT_NOTICE_WORKING_DAYS = 5
DEFAULT_SCORING_WORKING_DAYS = 10
ONE_DAY = datetime.timedelta(days=1)


def notice_working_days():
    """The shortest public notice, in working days (``settings.NOTICE_WORKING_DAYS``, default 5)."""
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
    """The holiday table between two dates, as date -> kind."""
    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind"))


def next_working_day(day, adjustments=None):
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day, adjustments):
        day += ONE_DAY
    return day


def add_working_days(start, count, adjustments=None):
    """The last day of a period of ``count`` working days whose first day is ``start`` (a working day)."""
    if count < 1:
        raise ValueError("a period lasts at least one working day")
    day = next_working_day(start, adjustments)
    remaining = count - 1
    while remaining:
        day += ONE_DAY
        if is_working_day(day, adjustments):
            remaining -= 1
    return day


def _window(start, count):
    # Generous: even a long holiday (Spring Festival) fits several times over.
    return start + datetime.timedelta(days=count * 3 + 30)


# --- years loaded ------------------------------------------------------------------------------------

def missing_years(start, end):
    """The years between two dates whose holidays are not loaded, after loading any the package knows."""
    years = range(start.year, end.year + 1)
    loaded = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    missing = [year for year in years if year not in loaded]
    if missing:
        from .seeding import seed_year

        missing = [year for year in missing if seed_year(year) is None]
    return missing


def ensure_known(start, end):
    """Refuse a period from ``start`` to ``end`` that reaches a year whose holidays are not loaded."""
    missing = missing_years(start, end)
    ensure(not missing, _("The working-day calendar has no holidays for %(year)s yet, so no period reaching that "
                          "year can be counted in working days. An administrator must first load %(year)s's "
                          "holidays and weekends worked (the State Council's notice) in the administration.")
           % {"year": missing[0] if missing else ""})


def _adjustments_from(start, count):
    end = _window(start, count)
    missing_years(start, end)  # load what the package knows before counting
    return calendar_adjustments(start, end)


# --- periods -----------------------------------------------------------------------------------------

def working_days_between(first, last):
    """How many working days ``first`` to ``last`` (both included) hold; refused across a year not loaded."""
    if last < first:
        return 0
    ensure_known(first, last)
    adjustments = calendar_adjustments(first, last)
    count, day = 0, first
    while day <= last:
        count += is_working_day(day, adjustments)
        day += ONE_DAY
    return count


def working_days_after(start, count):
    """The day the ``count``-th working day after ``start`` falls on (``start`` itself not counted): the
    earliest due date of a period of ``count`` working days opened on ``start``."""
    first = start + ONE_DAY
    adjustments = _adjustments_from(first, count)
    due = add_working_days(next_working_day(first, adjustments), count, adjustments)
    ensure_known(first, due)
    return due


def period_from(start, count):
    """``(first, last)`` of a period of ``count`` working days starting on ``start``: it starts on the
    first working day on or after ``start``."""
    adjustments = _adjustments_from(start, count)
    first = next_working_day(start, adjustments)
    last = add_working_days(first, count, adjustments)
    ensure_known(start, last)
    return first, last


def scoring_due(start, count=None):
    """The day an expert assigned on ``start`` owes the scores: ``count`` working days from the next
    working day (default ``settings.SCORING_WORKING_DAYS``, 10)."""
    count = count or int(getattr(settings, "SCORING_WORKING_DAYS", DEFAULT_SCORING_WORKING_DAYS))
    return working_days_after(start, count)


def default_period(start, count=None):
    """``(starts_on, ends_on)`` of a notice published on ``start``: it starts on the first working day
    and lasts ``count`` working days (default ``notice_working_days()``)."""
    return period_from(start, count or notice_working_days())
