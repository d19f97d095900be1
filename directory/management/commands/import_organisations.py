"""Import organisations from a CSV file, all or nothing.

Columns (header row required): name, legal_form, size_band, companies_house_number,
charity_number, address, postcode, description, keywords, website, email, phone,
sectors (names separated by ";"), open_to_partnerships (yes/no).
A row whose Companies House or charity number is already in the directory updates that
organisation, so running the same file twice changes nothing. Imported profiles are published.
"""

import csv
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directory import services
from directory.forms import OrganisationForm
from directory.models import (
    Organisation,
    Sector,
    normalise_charity_number,
    normalise_company_number,
)

TRUE_VALUES = {"yes", "y", "true", "1"}


class DryRun(Exception):
    pass


def progress(stream, done, total, width=30):
    filled = int(width * done / total) if total else width
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    stream.flush()


class Command(BaseCommand):
    help = "Import organisations from a CSV file (all or nothing; --dry-run checks only)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check the file, save nothing")

    def handle(self, *args, file, dry_run=False, **options):
        try:
            with open(file, newline="", encoding="utf-8-sig") as handle:
                rows = list(csv.DictReader(handle))
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        if not rows:
            raise CommandError(f"{file} has no rows under its header")
        sectors = {s.name.lower(): s.pk for s in Sector.objects.all()}
        errors, created, updated = [], 0, 0
        try:
            with transaction.atomic():
                for index, row in enumerate(rows):
                    line = index + 2  # the header is line 1
                    result = self.import_row(row, line, sectors, errors)
                    created += result == "created"
                    updated += result == "updated"
                    progress(sys.stderr, index + 1, len(rows))
                sys.stderr.write("\n")
                if errors:
                    raise CommandError(
                        "Nothing was imported. Fix these rows and run again:\n" + "\n".join(errors)
                    )
                if dry_run:
                    raise DryRun
        except DryRun:
            self.stdout.write(
                f"Dry run: {created} to create and {updated} to update; nothing was saved."
            )
            return
        self.stdout.write(self.style.SUCCESS(f"Imported: {created} created, {updated} updated."))

    def import_row(self, row, line, sectors, errors):
        row = {key.strip().lower(): (value or "").strip() for key, value in row.items() if key}
        existing = self.find_existing(row)
        sector_ids, unknown = [], []
        for name in filter(None, (s.strip() for s in row.get("sectors", "").split(";"))):
            if name.lower() in sectors:
                sector_ids.append(sectors[name.lower()])
            else:
                unknown.append(name)
        data = {
            **{field: row.get(field, "") for field in services.PROFILE_FIELDS},
            "open_to_partnerships": row.get("open_to_partnerships", "").lower() in TRUE_VALUES,
            "sectors": sector_ids,
        }
        form = OrganisationForm(data, instance=existing)
        if unknown:
            errors.append(f"Line {line}: sectors: unknown sector {', '.join(unknown)}")
        if not form.is_valid():
            for field, messages in form.errors.items():
                errors.append(f"Line {line}: {field}: {' '.join(messages)}")
            return None
        if unknown:
            return None
        return services.import_organisation(form.profile_values(user=None), existing)

    def find_existing(self, row):
        for field, normalise in (
            ("companies_house_number", normalise_company_number),
            ("charity_number", normalise_charity_number),
        ):
            if row.get(field):
                try:
                    value = normalise(row[field])
                except ValidationError:  # the form reports the invalid number
                    continue
                found = Organisation.objects.filter(**{field: value}).first()
                if found:
                    return found
        return None
