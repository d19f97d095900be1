from django.core.management.base import BaseCommand

from portal.idempotency import KEEP_TOKENS_FOR, prune_tokens


class Command(BaseCommand):
    help = f"Delete create forms' one-time tokens older than {KEEP_TOKENS_FOR.days} days."

    def handle(self, *args, **options):
        deleted = prune_tokens()
        self.stdout.write(f"Deleted {deleted} submission tokens.")
