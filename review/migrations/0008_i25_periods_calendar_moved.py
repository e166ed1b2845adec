"""The working-day calendar moved to ``portal`` (portal 0007): its days are copied there, each year the
chinesecalendar package knows among them recorded as loaded from it, and the old table dropped. A
year only an administrator filled in is left to be loaded again (its days are kept)."""
import datetime

from django.db import migrations


def copy_days(apps, schema_editor):
    old = apps.get_model("review", "CalendarDay")
    new = apps.get_model("portal", "CalendarDay")
    year_model = apps.get_model("portal", "CalendarYear")
    days = list(old.objects.order_by("date").values("date", "kind", "name"))
    there = set(new.objects.values_list("date", flat=True))  # after a migration back and forth
    new.objects.bulk_create([new(**day) for day in days if day["date"] not in there], batch_size=500)
    import chinese_calendar

    for year in sorted({day["date"].year for day in days}):
        try:
            chinese_calendar.is_holiday(datetime.date(year, 6, 1))
        except NotImplementedError:
            continue
        year_model.objects.get_or_create(year=year, defaults={"source": "package"})


def copy_back(apps, schema_editor):
    old = apps.get_model("review", "CalendarDay")
    new = apps.get_model("portal", "CalendarDay")
    old.objects.bulk_create([old(**day) for day in new.objects.values("date", "kind", "name")], batch_size=500)
    new.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0007_i25_periods_calendar"),
        ("review", "0007_city_documents"),
    ]

    operations = [
        migrations.RunPython(copy_days, copy_back),
        migrations.DeleteModel(name="CalendarDay"),
    ]
