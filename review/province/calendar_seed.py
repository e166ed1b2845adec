"""Seeding the working-day calendar (``CalendarDay``) from the ``chinesecalendar`` package, which knows
China's public holidays and the weekends worked instead (调休) as the State Council announces them each
year. Only the days that are not what their weekday says are stored: a holiday on a weekday, a weekend
worked. A day already in the table is left as it is, so an administrator's correction survives a new
seeding; a year the package does not know yet is skipped (update the package once the notice is out).
"""
import datetime

import chinese_calendar

from review.models import CalendarDay
from review.models.province import CalendarDayKind

HOLIDAY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def _days(year):
    day = datetime.date(year, 1, 1)
    while day.year == year:
        yield day
        day += datetime.timedelta(days=1)


def seed_year(year):
    """Add the year's holidays on weekdays and its weekends worked; returns how many days were added,
    or None when the package has no data for the year."""
    try:
        chinese_calendar.is_holiday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return None
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
    CalendarDay.objects.bulk_create(rows)
    return len(rows)


def seed(years=None):
    """Seed ``years`` (default: this year and the next): {year: days added or None}."""
    this = datetime.date.today().year
    return {year: seed_year(year) for year in (years or (this, this + 1))}
