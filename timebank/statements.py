"""A member's statement: every movement with the running balance, computed in the database."""

import csv

from django.db.models import F, OuterRef, Subquery, Sum, Window
from django.db.models.expressions import RowRange

from .models import Movement, format_minutes


def statement(account):
    """Newest first; `running` is the balance after each movement (one query per page)."""
    counterpart = (
        Movement.objects.filter(transfer=OuterRef("transfer_id"))
        .exclude(account=OuterRef("account_id"))
        .values("account__display_name")[:1]
    )
    return (
        Movement.objects.filter(account=account)
        .select_related("transfer", "transfer__exchange")
        .annotate(
            running=Window(
                Sum("minutes"),
                order_by=[F("created_at").asc(), F("id").asc()],
                frame=RowRange(start=None, end=0),
            ),
            counterpart=Subquery(counterpart),
        )
        .order_by("-created_at", "-id")
    )


def describe(movement):
    transfer = movement.transfer
    if transfer.exchange_id and transfer.kind == transfer.Kind.EXCHANGE:
        return transfer.exchange.description
    if transfer.reason:
        return f"{transfer.get_kind_display()}: {transfer.reason}"
    return transfer.get_kind_display()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(account, response):
    writer = csv.writer(response)
    writer.writerow(["Date", "Description", "With", "Minutes", "Hours", "Balance (hours)"])
    for movement in statement(account).iterator(chunk_size=2000):
        writer.writerow(
            [
                movement.created_at.date().isoformat(),
                safe_cell(describe(movement)),
                safe_cell(movement.counterpart or ""),
                movement.minutes,
                f"{movement.minutes / 60:.2f}",
                f"{movement.running / 60:.2f}",
            ]
        )
    return response


__all__ = ["describe", "format_minutes", "statement", "write_csv", "safe_cell"]
