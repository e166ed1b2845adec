"""Loading a year into the working-day calendar: from the ``chinesecalendar`` package, which knows China's
public holidays and the weekends worked (调休) once the State Council has announced them, or from that
notice typed in by an administrator (``enter_year``). Either way the year is recorded as loaded
(``CalendarYear``); until then a period reaching it is refused (``working_days.ensure_known``).

Only the days that are not what their weekday says are stored: a holiday on a weekday, a weekend worked.
A day already in the table is left as it is, so an administrator's correction survives a new seeding.
"""
import datetime

import chinese_calendar
import rules
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.audit import audit
from portal.audit_sentences import register_verbs
from portal.errors import ensure

from .models import CalendarDay, CalendarDayKind, CalendarSource, CalendarYear

register_verbs({"calendar.year_entered": gettext_lazy("Entered the year's holidays from the State Council's notice")})

HOLIDAY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def package_knows(year):
    """Whether the installed ``chinesecalendar`` has the State Council's holidays of ``year``."""
    try:
        chinese_calendar.is_holiday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _days(year):
    day = datetime.date(year, 1, 1)
    while day.year == year:
        yield day
        day += datetime.timedelta(days=1)


def seed_year(year):
    """Add the year's holidays on weekdays and its weekends worked from the package, and record the year
    loaded (unless an admin loaded it); returns how many days were added, or None when the package has no
    data for the year."""
    if not package_knows(year):
        return None
    with transaction.atomic():
        known = set(CalendarDay.objects.filter(date__year=year).values_list("date", flat=True))
        rows = []
        for day in _days(year):
            if day in known:
                continue
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
            weekend = day.weekday() >= 5
            if on_holiday and not weekend:
                rows.append(CalendarDay(date=day, kind=CalendarDayKind.HOLIDAY, name=HOLIDAY_NAMES.get(name, name or "")))
            elif not on_holiday and weekend:
                rows.append(CalendarDay(date=day, kind=CalendarDayKind.WORKING_DAY,
                                        name=HOLIDAY_NAMES.get(name, name or "") + "调休" if name else "调休"))
        CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)
        CalendarYear.objects.get_or_create(year=year, defaults={"source": CalendarSource.PACKAGE})
    return len(rows)


def seed(years=None):
    """Seed ``years`` (default: this year and the next): {year: days added or None}."""
    this = timezone.localdate().year
    return {year: seed_year(year) for year in (years or (this, this + 1))}


@transaction.atomic
def enter_year(year, *, holidays, worked_days, notice, actor):
    """Load ``year`` from the State Council's holiday notice typed in by an administrator.

    ``holidays``: ``(first, last, name)`` date ranges of the holidays; ``worked_days``: ``(date, name)``
    of the weekends worked (调休). Before: the actor is an admin; the year is not loaded yet; the notice
    is named; each holiday range is ordered and touches the year; each day worked is a Saturday or
    Sunday. After: the holidays on weekdays and the days worked are in the calendar (replacing what the
    table said of those days), the year is recorded loaded by the actor, one audit row. Returns the
    ``CalendarYear``.
    """
    from . import permissions  # noqa: F401 - registers portal.load_calendar

    ensure(rules.has_perm("portal.load_calendar", actor), _("Only an administrator loads the holidays of a year."))
    ensure(not CalendarYear.objects.filter(year=year).exists(),
           _("The holidays of %(year)s are already loaded; correct single days in the holiday table.") % {"year": year})
    notice = (notice or "").strip()
    ensure(bool(notice), _("Name the State Council's notice the holidays come from."))
    ensure(bool(holidays), _("Enter at least one holiday of the notice."))
    days = {}
    for first, last, name in holidays:
        ensure(first <= last and (last - first).days < 31,
               _("The holiday %(name)s must end on or after its first day, within a month.") % {"name": name})
        ensure(year in (first.year, last.year),
               _("The holiday %(name)s does not fall in %(year)s.") % {"name": name, "year": year})
        day = first
        while day <= last:
            if day.weekday() < 5:
                days[day] = (CalendarDayKind.HOLIDAY, name)
            day += datetime.timedelta(days=1)
    for day, name in worked_days:
        ensure(day.weekday() >= 5, _("%(date)s is not a Saturday or Sunday, so it is no weekend worked.")
               % {"date": day.isoformat()})
        days[day] = (CalendarDayKind.WORKING_DAY, name)
    for day, (kind, name) in sorted(days.items()):
        CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name[:60]})
    try:
        with transaction.atomic():
            loaded = CalendarYear.objects.create(year=year, source=CalendarSource.ADMIN, notice=notice[:200],
                                                 loaded_by=actor)
    except IntegrityError:
        ensure(False, _("The holidays of %(year)s are already loaded; correct single days in the holiday table.")
               % {"year": year})
    audit(actor, "calendar.year_entered", loaded, after={
        "notice": loaded.notice,
        "holidays": [[first.isoformat(), last.isoformat(), name] for first, last, name in holidays],
        "worked_days": [[day.isoformat(), name] for day, name in worked_days]})
    return loaded
