"""The working-day calendar seeded from the chinesecalendar package: holidays on weekdays and the
weekends worked (调休) are added, an administrator's days are kept, a year without data is skipped,
and a notice published before a holiday runs over it."""
import datetime

import pytest
from django.core.management import call_command

from portal.calendar.models import CalendarDay, CalendarDayKind
from portal.calendar.seeding import seed, seed_year
from portal.calendar.working_days import default_period

pytestmark = pytest.mark.django_db


def test_national_day_2026_and_its_weekend_worked_are_seeded():
    added = seed_year(2026)
    assert added and added > 20
    national = CalendarDay.objects.get(date=datetime.date(2026, 10, 1))
    assert national.kind == CalendarDayKind.HOLIDAY and national.name == "国庆节"
    worked = CalendarDay.objects.filter(kind=CalendarDayKind.WORKING_DAY, date__month__in=[9, 10])
    assert worked.exists() and all(d.date.weekday() >= 5 for d in worked)
    assert not CalendarDay.objects.filter(kind=CalendarDayKind.HOLIDAY, date__week_day__in=[1, 7]).exists()


def test_a_second_seeding_adds_nothing_and_keeps_an_admins_correction():
    CalendarDay.objects.create(date=datetime.date(2026, 10, 1), kind=CalendarDayKind.WORKING_DAY, name="管理员更正")
    seed_year(2026)
    assert seed_year(2026) == 0
    assert CalendarDay.objects.get(date=datetime.date(2026, 10, 1)).name == "管理员更正"


def test_a_year_the_package_does_not_know_is_skipped():
    assert seed([2099]) == {2099: None}
    assert not CalendarDay.objects.filter(date__year=2099).exists()


def test_a_notice_published_before_national_day_runs_over_the_holiday():
    seed_year(2026)
    starts_on, ends_on = default_period(datetime.date(2026, 9, 29), count=5)
    assert starts_on == datetime.date(2026, 9, 29)
    assert ends_on > datetime.date(2026, 10, 8)  # 9-29, 9-30, then back after the holiday week


def test_the_command_reports_each_year(capsys):
    call_command("seed_calendar", "2026", "2099")
    out = capsys.readouterr().out
    assert "2026:" in out and "2099: the chinesecalendar package has no data" in out
