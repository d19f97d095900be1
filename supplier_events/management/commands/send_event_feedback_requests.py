from django.core.management.base import BaseCommand

from supplier_events import services


class Command(BaseCommand):
    help = "Ask attendees of events that ended in the last week for feedback (run once a day)."

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {services.send_feedback_requests()} feedback request(s)")
