from django.core.management.base import BaseCommand

from contracts.reminders import send_reminders


class Command(BaseCommand):
    help = "Email suppliers whose social value reports are due within a week or late (daily)."

    def handle(self, *args, **options):
        count = send_reminders()
        self.stdout.write(f"{count} reminder email{'s' if count != 1 else ''} sent")
