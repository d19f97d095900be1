"""The ledger's invariants, checked in the database. `manage.py timebank_audit` runs these."""

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, Window
from django.db.models.functions import Coalesce

from .models import Account, Movement, Transfer, format_minutes


def _per_account(aggregate):
    """The aggregate over each account's movements (0 for none), for Account.annotate()."""
    per_account = (
        Movement.objects.filter(account=OuterRef("pk"))
        .order_by()
        .values("account")
        .annotate(total=aggregate)
        .values("total")
    )
    return Coalesce(Subquery(per_account, output_field=IntegerField()), Value(0))


def find_violations():
    """Every broken invariant, one line each; an empty list means the ledger is sound."""
    violations = []
    bad_transfers = (
        Transfer.objects.annotate(
            legs=Count("movements"),
            total=Coalesce(Sum("movements__minutes"), 0),
            debits=Count("movements", filter=Q(movements__minutes__lt=0)),
        )
        .filter(~Q(legs=2) | ~Q(total=0) | ~Q(debits=1))
        .order_by("pk")
    )
    for transfer in bad_transfers:
        violations.append(
            f"Transfer {transfer.pk} has {transfer.legs} movements summing to {transfer.total} "
            "minutes (expected two summing to zero)"
        )
    accounts = Account.objects.annotate(
        ledger=_per_account(Sum("minutes")), counted=_per_account(Count("pk"))
    ).order_by("pk")
    for account in accounts.exclude(balance=F("ledger")):
        violations.append(
            f"Account {account.pk} ({account.display_name}) stores a balance of "
            f"{account.balance} minutes but its movements sum to {account.ledger}"
        )
    for account in accounts.exclude(movement_count=F("counted")):
        violations.append(
            f"Account {account.pk} ({account.display_name}) stores {account.movement_count} "
            f"movements but has {account.counted}"
        )
    for account in accounts.exclude(kind=Account.Kind.POT).filter(balance__lt=F("credit_limit")):
        violations.append(
            f"Account {account.pk} ({account.display_name}) is at "
            f"{format_minutes(account.balance)} hours, below its limit of "
            f"{format_minutes(account.credit_limit)}"
        )
    running = Movement.objects.annotate(
        running=Window(
            Sum("minutes"),
            partition_by=[F("account_id")],
            order_by=[F("created_at").asc(), F("id").asc()],
        )
    )
    for movement in running.exclude(balance_after=F("running")).order_by("pk"):
        violations.append(
            f"Movement {movement.pk} (account {movement.account_id}) records a balance of "
            f"{movement.balance_after} minutes after it but the movements up to it sum to "
            f"{movement.running}"
        )
    stored_total = Account.objects.aggregate(total=Coalesce(Sum("balance"), 0))["total"]
    if stored_total != 0:
        violations.append(f"The stored balances sum to {stored_total} minutes, not zero")
    ledger_total = Movement.objects.aggregate(total=Coalesce(Sum("minutes"), 0))["total"]
    if ledger_total != 0:
        violations.append(f"The movements sum to {ledger_total} minutes, not zero")
    orphan_reversals = Transfer.objects.filter(
        kind=Transfer.Kind.REVERSAL, reverses__isnull=True
    ).count()
    if orphan_reversals:
        violations.append(f"{orphan_reversals} reversal(s) are not linked to a transfer")
    return violations


def summary():
    return {
        "accounts": Account.objects.count(),
        "transfers": Transfer.objects.count(),
        "movements": Movement.objects.count(),
    }
