import sys
import time

from django.core.management.base import BaseCommand, CommandError

from spend.parsing import FIELDS
from spend.services import SpendFileError, import_spend_file


class Command(BaseCommand):
    help = "Import a spend CSV file (payments over £500) into the local spend baseline."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the CSV file")
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="FIELD=HEADING",
            help="Which heading holds a field when it is not recognised, e.g. "
            "--column 'amount=Net Value'. Fields: " + ", ".join(FIELDS),
        )

    def handle(self, *args, file, column, **options):
        mapping = None
        if column:
            mapping = {}
            for item in column:
                field, _, heading = item.partition("=")
                if field not in FIELDS or not heading:
                    raise CommandError(f"--column {item!r}: write FIELD=HEADING")
                mapping[field] = heading
        started = time.perf_counter()
        try:
            upload = import_spend_file(file, mapping=mapping, progress=self._progress)
        except (SpendFileError, OSError) as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        if self.stdout.isatty():
            self.stdout.write("")
        if upload.status != upload.Status.COMPLETE:
            for problem in upload.errors:
                where = f"Line {problem['line']}: " if problem["line"] else ""
                self.stderr.write(f"{where}{problem['message']}")
            if upload.error_count > len(upload.errors):
                self.stderr.write(f"... and {upload.error_count - len(upload.errors)} more")
            raise CommandError("Nothing was imported.")
        rate = upload.total_rows / elapsed if elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {upload.imported_count} payments from {upload.total_rows} rows "
                f"({upload.duplicate_count} already imported, {upload.new_supplier_count} new "
                f"suppliers) in {elapsed:.1f}s, {rate:,.0f} rows per second."
            )
        )

    def _progress(self, done, total):
        width = 30
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        end = "\r" if self.stdout.isatty() else "\n"
        self.stdout.write(f"[{bar}] {done:,} of {total:,} rows checked", ending=end)
        sys.stdout.flush()
