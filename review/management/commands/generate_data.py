"""``manage.py generate_data``: fill the database with data at provincial scale (see ``review.scale``).

It lives in ``review`` because it writes the records of every app and ``review`` may import them all
(``portal`` imports no domain app). It refuses a database that already holds enterprises,
applications or titles unless ``--append`` is given; it never changes the rows already there (the
demo accounts included), except the certificate counters it continues.
"""
from django.core.management.base import BaseCommand, CommandError

from applications.models import Application
from portal.accounts.models import City, Enterprise
from review import scale
from tiers.titles.models import Title


class Command(BaseCommand):
    help = "Generate enterprises, applications, reviews, titles and audit rows at provincial scale."

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=30_000)
        parser.add_argument("--applications", type=int, default=100_000)
        parser.add_argument("--titles", type=int, default=5_000)
        parser.add_argument("--audit-rows", type=int, default=400_000)
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--append", action="store_true",
                            help="Add to a database that already holds data (existing rows are left as they are).")
        parser.add_argument("--no-render", action="store_true",
                            help="Render no certificate PDF: every certificate stays pending.")

    def handle(self, *args, **options):
        if City.objects.count() != 16:
            raise CommandError("The 16 cities are missing: run `python manage.py migrate` first.")
        held = {"enterprises": Enterprise.objects.count(), "applications": Application.objects.count(),
                "titles": Title.objects.count()}
        if any(held.values()) and not options["append"]:
            found = ", ".join(f"{n} {what}" for what, n in held.items() if n)
            raise CommandError(f"The database already holds data ({found}). Run with --append to add the "
                               "generated data beside it.")
        if options["enterprises"] < 1 or options["applications"] < 0:
            raise CommandError("Give at least one enterprise.")
        self.stdout.write(f"Generating {options['enterprises']} enterprises, {options['applications']} applications, "
                          f"~{options['titles']} titles, {options['audit_rows']} audit rows (seed {options['seed']}):")
        counts, phases = scale.generate(
            enterprises=options["enterprises"], applications=options["applications"], titles=options["titles"],
            audit_rows=options["audit_rows"], seed=options["seed"], say=self.stdout.write,
            render=not options["no_render"],
        )
        self.stdout.write(f"Total: {phases.total():.1f} s")
        for label, n in sorted(counts.items()):
            self.stdout.write(f"  {label:<40} {n:>9}")
        self.stdout.write(f"Generated accounts start with '{scale.people.USER_PREFIX}'; their password is "
                          f"{scale.people.PASSWORD}.")
