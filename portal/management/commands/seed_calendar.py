"""``manage.py seed_calendar [YEAR ...]``: add the public holidays and the weekends worked (调休) to the
working-day calendar from the ``chinesecalendar`` package (default: this year and the next). Days
already in the calendar, such as an administrator's corrections, are kept; each year seeded is
recorded as loaded."""
from django.core.management.base import BaseCommand

from portal.calendar.seeding import seed


class Command(BaseCommand):
    help = "Seed the working-day calendar (holidays and 调休) from the chinesecalendar package."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int)

    def handle(self, *args, **options):
        for year, added in seed(options["years"] or None).items():
            if added is None:
                self.stdout.write(f"{year}: the chinesecalendar package has no data for this year yet")
            else:
                self.stdout.write(f"{year}: {added} days added")
