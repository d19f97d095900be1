from django.core.management.base import BaseCommand

from spend.services import STALLED_AFTER, fail_stalled_imports


class Command(BaseCommand):
    help = (
        "Mark failed the spend imports that have shown no progress for "
        f"{int(STALLED_AFTER.total_seconds() // 60)} minutes (their worker stopped), so that "
        "they no longer show as running."
    )

    def handle(self, *args, **options):
        failed = fail_stalled_imports()
        self.stdout.write(
            f"{failed} stalled spend import{'' if failed == 1 else 's'} marked failed."
        )
