from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from portal.demo_registry import builders


class Command(BaseCommand):
    help = "Load the demo content of every app. Safe to run again: it never duplicates."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only", nargs="*", help="Run only the builders whose name contains one of these words"
        )

    def handle(self, *args, only=None, **options):
        autodiscover_modules("demo")
        context = {"stdout": self.stdout}
        for builder in builders():
            if only and not any(word in builder.name for word in only):
                continue
            self.stdout.write(f"Building {builder.name} ...")
            with transaction.atomic():
                builder.build(context)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
