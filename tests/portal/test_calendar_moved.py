"""The working-day calendar moved from review to portal without losing a day: review 0008 copies the
days into portal's table, records the years the chinesecalendar package knows as loaded, and drops the
old table; migrating back copies them back."""
import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("review", "0007_city_documents"), ("portal", "0007_i25_periods_calendar")]
AFTER = [("review", "0008_i25_periods_calendar_moved")]


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_every_day_and_records_the_years_the_package_knows():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    old = old_apps.get_model("review", "CalendarDay")
    old.objects.create(date=datetime.date(2026, 10, 1), kind="holiday", name="国庆节")
    old.objects.create(date=datetime.date(2026, 9, 27), kind="working_day", name="国庆节调休")
    old.objects.create(date=datetime.date(2027, 2, 8), kind="holiday", name="春节")  # typed in by hand

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new_apps = executor.loader.project_state(AFTER).apps
    days = new_apps.get_model("portal", "CalendarDay").objects.order_by("date")
    assert [(d.date, d.kind, d.name) for d in days] == [
        (datetime.date(2026, 9, 27), "working_day", "国庆节调休"),
        (datetime.date(2026, 10, 1), "holiday", "国庆节"),
        (datetime.date(2027, 2, 8), "holiday", "春节")]
    years = new_apps.get_model("portal", "CalendarYear").objects.values_list("year", "source")
    assert list(years) == [(2026, "package")]  # 2027: the package does not know it, so it is not "loaded"
    assert "review_calendarday" not in connection.introspection.table_names()

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    back = executor.loader.project_state(BEFORE).apps.get_model("review", "CalendarDay")
    assert back.objects.count() == 3

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
