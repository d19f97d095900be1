"""A member's statement: every movement with the balance after it, as stored when posted."""

from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Subquery
from django.utils.functional import cached_property

from .models import Movement, format_minutes


def statement(account):
    """Newest first; `running` is the balance after each movement (one query per page).

    The page is read straight off the (account, created_at, id) index: no sum over the
    account's history, so a page costs the same for 5 movements or 5,000.
    """
    counterpart = (
        Movement.objects.filter(transfer=OuterRef("transfer_id"))
        .exclude(account=OuterRef("account_id"))
        .order_by()
        .values("account__display_name")[:1]
    )
    return (
        Movement.objects.filter(account=account)
        .select_related("transfer", "transfer__exchange")
        .annotate(
            running=F("balance_after"),
            counterpart=Subquery(counterpart),
        )
        .order_by("-created_at", "-id")
    )


class CountedPaginator(Paginator):
    """A paginator told its number of items, so it never runs COUNT(*) over them."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self):
        return self._count


def statement_page(account, number, per_page):
    """One page of the statement. The page's ids come off the (account, created_at, id)
    index in a subquery, so the counterpart look-ups run for that page's rows only, however deep
    the page; the number of pages comes from the account's stored movement count."""
    ids = (
        Movement.objects.filter(account=account)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)
    )
    page_obj = CountedPaginator(ids, per_page, account.movement_count).get_page(number)
    # One query: the page's ids are a subquery of the rows' query.
    page_obj.object_list = list(statement(account).filter(pk__in=page_obj.object_list))
    return page_obj


def describe(movement):
    transfer = movement.transfer
    if transfer.exchange_id and transfer.kind == transfer.Kind.EXCHANGE:
        return transfer.exchange.description
    if transfer.reason and transfer.reason != transfer.get_kind_display():
        return f"{transfer.get_kind_display()}: {transfer.reason}"
    return transfer.get_kind_display()


def _hours(minutes):
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


def statement_rows(account):
    """The statement for a spreadsheet: the header, then every movement, newest first."""
    yield ["Date", "Description", "With", "Minutes", "Hours", "Balance (hours)"]
    for movement in statement(account).iterator(chunk_size=2000):
        yield [
            movement.created_at.date(),
            describe(movement),
            movement.counterpart or "",
            movement.minutes,
            _hours(movement.minutes),
            _hours(movement.running),
        ]


__all__ = [
    "describe",
    "format_minutes",
    "statement",
    "statement_page",
    "statement_rows",
]
