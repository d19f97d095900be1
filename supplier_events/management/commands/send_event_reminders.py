from django.core.management.base import BaseCommand

from supplier_events import services


class Command(BaseCommand):
    help = "Email everyone with a place at an event that starts tomorrow (run once a day)."

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {services.send_reminders()} event reminder(s)")
