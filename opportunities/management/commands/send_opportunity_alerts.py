from django.core.management.base import BaseCommand

from opportunities import services
from opportunities.models import AlertSubscription


class Command(BaseCommand):
    help = (
        "Email each daily subscriber one digest of the opportunities published since the "
        "last one (run once a day). --all also sends any immediate alerts still owed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Send immediate alerts too")

    def handle(self, *args, **options):
        frequency = None if options["all"] else AlertSubscription.Frequency.DAILY
        sent = services.send_due_alerts(frequency=frequency)
        self.stdout.write(f"Sent {sent} opportunity alert email(s)")
