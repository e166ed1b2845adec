"""manage.py sweep_orphan_files [--dry-run] [--grace-hours 24]: remove private files no record refers to."""
import datetime

from django.core.management.base import BaseCommand

from portal.files import GRACE, sweep_orphans


class Command(BaseCommand):
    help = "Delete private files that no record refers to and that are older than the grace period."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what would be removed, remove nothing")
        parser.add_argument("--grace-hours", type=float, default=GRACE.total_seconds() / 3600)

    def handle(self, *args, dry_run=False, grace_hours=24, **options):
        result = sweep_orphans(grace=datetime.timedelta(hours=grace_hours), dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        for name in result["removed"]:
            self.stdout.write(f"{verb} {name}")
        self.stdout.write(f"{result['checked']} files checked, {len(result['removed'])} {verb}, "
                          f"{result['kept_young']} unreferenced but younger than {grace_hours:g} h kept.")
