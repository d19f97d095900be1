from django.core.management.base import BaseCommand, CommandError

from timebank.audit import find_violations, summary


class Command(BaseCommand):
    help = "Check every time-bank ledger invariant; exit non-zero listing each violation."

    def handle(self, *args, **options):
        violations = find_violations()
        if violations:
            for line in violations:
                self.stderr.write(line)
            raise CommandError(f"{len(violations)} ledger invariant violation(s)")
        counts = summary()
        self.stdout.write(
            f"Time bank ledger OK: {counts['accounts']} accounts, {counts['transfers']} "
            f"transfers, {counts['movements']} movements, balances match, total is zero."
        )
