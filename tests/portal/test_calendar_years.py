"""A year is known to the working-day calendar once its holidays are loaded: from the chinesecalendar
package (on first use, and daily by beat) or from the State Council's notice entered by an admin. A
period reaching a year not loaded is refused, naming the year; in December the admins are told once
while next year is missing."""
import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from portal.audit_sentences import VERBS
from portal.calendar.models import CalendarDay, CalendarSource, CalendarYear
from portal.calendar.seeding import enter_year
from portal.calendar.working_days import default_period, working_days_after, working_days_between
from portal.errors import ActionRefused
from portal.models import AuditEntry, Notification
from tests.clock import morning, run_daily_on

pytestmark = pytest.mark.django_db
D = datetime.date
SPRING_FESTIVAL_2027 = {"holidays": [(D(2027, 2, 6), D(2027, 2, 12), "春节")],
                        "worked_days": [(D(2027, 2, 13), "春节调休")],
                        "notice": "国务院办公厅关于2027年部分节假日安排的通知"}


def test_a_notice_published_in_a_year_not_loaded_is_refused_naming_the_year():
    with pytest.raises(ActionRefused) as refused:
        default_period(D(2027, 2, 1))
    with translation.override("zh-hans"):
        assert "2027" in str(refused.value) and "管理员" in str(refused.value)
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_period_running_into_a_year_not_loaded_is_refused():
    with pytest.raises(ActionRefused, match="2027"):
        working_days_after(D(2026, 12, 24), 10)
    with pytest.raises(ActionRefused, match="2027"):
        working_days_between(D(2026, 12, 28), D(2027, 1, 8))


def test_a_year_the_package_knows_is_loaded_on_first_use():
    starts_on, ends_on = default_period(D(2026, 9, 29), count=5)
    assert ends_on > D(2026, 10, 8)  # over the National Day holiday
    assert CalendarYear.objects.get(year=2026).source == CalendarSource.PACKAGE


def test_a_year_entered_by_an_admin_counts_its_holidays_and_weekends_worked(admin_user):
    loaded = enter_year(2027, actor=admin_user, **SPRING_FESTIVAL_2027)

    assert (loaded.source, loaded.loaded_by) == (CalendarSource.ADMIN, admin_user)
    assert not CalendarDay.objects.filter(date__in=[D(2027, 2, 6), D(2027, 2, 7)]).exists()  # a weekend anyway
    assert CalendarDay.objects.filter(date__year=2027, kind="holiday").count() == 5
    # Friday 5, the Saturday worked, then Monday 15 to Wednesday 17: not through the Spring Festival.
    assert default_period(D(2027, 2, 5), count=5) == (D(2027, 2, 5), D(2027, 2, 17))
    row = AuditEntry.objects.get(verb="calendar.year_entered")
    assert row.actor == admin_user and row.object_id == str(loaded.pk)
    assert row.after["holidays"] == [["2027-02-06", "2027-02-12", "春节"]]
    assert "calendar.year_entered" in VERBS


def test_only_an_admin_enters_a_year_and_only_once(provincial_officer, admin_user):
    with pytest.raises(ActionRefused):
        enter_year(2027, actor=provincial_officer, **SPRING_FESTIVAL_2027)
    enter_year(2027, actor=admin_user, **SPRING_FESTIVAL_2027)
    with pytest.raises(ActionRefused, match="2027"):
        enter_year(2027, actor=admin_user, **SPRING_FESTIVAL_2027)
    assert AuditEntry.objects.filter(verb="calendar.year_entered").count() == 1


def test_a_day_worked_must_be_a_weekend(admin_user):
    with pytest.raises(ActionRefused, match="2027-02-15"):
        enter_year(2027, actor=admin_user, holidays=SPRING_FESTIVAL_2027["holidays"],
                   worked_days=[(D(2027, 2, 15), "春节调休")], notice="通知")
    assert not CalendarYear.objects.filter(year=2027).exists() and not CalendarDay.objects.exists()


def test_the_admin_types_the_notice_on_its_page(client_for, admin_user):
    client = client_for(admin_user)
    url = reverse("admin:portal_calendaryear_enter")
    assert client.get(url).status_code == 200
    response = client.post(url, {"year": "2027", "notice": SPRING_FESTIVAL_2027["notice"],
                                 "holidays": "2027-01-01 元旦\n2027-02-06 ~ 2027-02-12 春节",
                                 "worked_days": "2027-02-13 春节调休"})
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).loaded_by == admin_user
    assert CalendarDay.objects.get(date=D(2027, 1, 1)).name == "元旦"
    assert CalendarDay.objects.get(date=D(2027, 2, 13)).kind == "working_day"


def test_the_admin_page_says_what_is_wrong_with_a_line(client_for, admin_user):
    response = client_for(admin_user).post(reverse("admin:portal_calendaryear_enter"), {
        "year": "2027", "notice": "通知", "holidays": "2月6日到12日 春节", "worked_days": ""})
    assert response.status_code == 200 and "2月6日到12日" in response.content.decode()
    assert not CalendarYear.objects.exists()


def test_only_an_admin_opens_the_page(client_for, provincial_officer):
    assert client_for(provincial_officer).get(reverse("admin:portal_calendaryear_enter")).status_code in (302, 403)


def test_the_daily_task_loads_this_year_and_next_once_the_package_knows_them():
    from portal.tasks import seed_calendar

    with time_machine.travel(morning(D(2025, 12, 10)), tick=False):
        first = seed_calendar()
        assert seed_calendar() == {"2025": 0, "2026": 0}  # twice: nothing more
    assert first["2025"] > 0 and first["2026"] > 0
    assert set(CalendarYear.objects.values_list("year", "source")) == {(2025, "package"), (2026, "package")}


def test_the_daily_task_skips_a_year_the_package_does_not_know_yet():
    from portal.tasks import seed_calendar

    with time_machine.travel(morning(D(2026, 12, 8)), tick=False):
        assert seed_calendar()["2027"] is None
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_admins_are_told_once_in_december_while_next_year_is_missing(admin_user, provincial_officer):
    finder = "portal.calendar_year_missing"
    assert run_daily_on(D(2026, 11, 30), finder) == 0
    assert run_daily_on(D(2026, 12, 1), finder) == 1
    assert run_daily_on(D(2026, 12, 2), finder) == 0
    told = Notification.objects.get(kind=finder)
    assert told.user == admin_user and "2027" in told.subject
    assert told.url == reverse("admin:portal_calendaryear_enter")


def test_admins_are_not_told_once_next_year_is_loaded(admin_user):
    enter_year(2027, actor=admin_user, **SPRING_FESTIVAL_2027)
    assert run_daily_on(D(2026, 12, 1), "portal.calendar_year_missing") == 0
