"""manage.py outbox_sweep: send again the outbox messages that are due (what beat does every few seconds), and delete
old done ones."""
from django.core.management.base import BaseCommand

from portal.outbox import sweep


class Command(BaseCommand):
    help = "Send again the outbox messages not done after their redispatch interval."

    def handle(self, *args, **options):
        result = sweep(clean=True)
        self.stdout.write(f"{result['dispatched']} sent, {result['unsent']} could not be sent, "
                          f"{result['deleted']} old done messages deleted.")
