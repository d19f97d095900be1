"""The ledger.

Ledger rule: `post_transfer` is the only writer of movements and balances. It runs inside
one transaction, locks the accounts in primary-key order (so two transfers can never wait
on each other), refuses to pass a credit limit and writes exactly two movements.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import STEP_MINUTES, Account, Movement, Transfer, format_minutes
from . import TimebankError

POT_NAME = "Community pot"


class CreditLimitExceeded(TimebankError):
    pass


def get_pot():
    pot = Account.objects.filter(kind=Account.Kind.POT).first()
    if pot is None:
        try:
            with transaction.atomic():
                pot = Account.objects.create(
                    kind=Account.Kind.POT,
                    status=Account.Status.APPROVED,
                    display_name=POT_NAME,
                    credit_limit=0,
                )
        except IntegrityError:
            pot = Account.objects.get(kind=Account.Kind.POT)
    return pot


def lock_accounts(account_ids):
    """Lock the rows in primary-key order and return them by id (call inside atomic())."""
    ids = sorted(set(account_ids))
    return {
        account.pk: account
        for account in Account.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    }


def _ledger_statements(conn):
    """post_transfer's four statements, in plain SQL for the connection's database.

    The hot path of every exchange: written out once here rather than built by the ORM
    on each call, which cost more processor time than the database took to run them.
    """
    q = conn.ops.quote_name
    account, transfer, movement = (
        q(model._meta.db_table) for model in (Account, Transfer, Movement)
    )
    returning = " RETURNING id" if conn.features.can_return_columns_from_insert else ""
    for_update = " FOR UPDATE" if conn.features.has_select_for_update else ""
    return {
        # Both rows in primary-key order, so two transfers never wait on each other.
        "lock": f"SELECT id, kind, balance, credit_limit, display_name FROM {account} "  # noqa: S608
        f"WHERE id IN (%s, %s) ORDER BY id{for_update}",
        "transfer": f"INSERT INTO {transfer} "  # noqa: S608 - table names from the models
        "(kind, exchange_id, reverses_id, reason, created_by_id, created_at) "
        f"VALUES (%s, %s, %s, %s, %s, %s){returning}",
        "movements": f"INSERT INTO {movement} "  # noqa: S608
        "(transfer_id, account_id, minutes, balance_after, created_at) "
        "VALUES (%s, %s, %s, %s, %s), (%s, %s, %s, %s, %s)",
        # Relative to the stored balance, so the row and its movements cannot drift apart.
        "balances": f"UPDATE {account} SET balance = balance + "  # noqa: S608
        "CASE WHEN id = %s THEN %s ELSE %s END, movement_count = movement_count + 1 "
        "WHERE id IN (%s, %s)",
    }


_STATEMENTS = {}  # by database vendor
_TRANSFER_COLUMNS = [
    "id",
    "kind",
    "exchange_id",
    "reverses_id",
    "reason",
    "created_by_id",
    "created_at",
]


def post_transfer(
    payer, payee, minutes, *, kind, exchange=None, reverses=None, reason="", created_by=None
):
    """Move `minutes` from payer to payee: one Transfer and exactly two Movements.

    Four statements in one transaction: lock both account rows (one SELECT ... FOR UPDATE
    in primary-key order) and check the payer's limit, insert the transfer, insert both
    movements with the balance after each, move both balances and movement counts (one
    UPDATE). The balances
    after are computed from the locked rows, so `payer.balance` and `payee.balance` are set
    without reading them back.
    """
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        raise TimebankError("The number of minutes must be a whole number above zero")
    if payer.pk == payee.pk:
        raise TimebankError("An account cannot pay itself")
    conn = transaction.get_connection()
    sql = _STATEMENTS.get(conn.vendor) or _STATEMENTS.setdefault(
        conn.vendor, _ledger_statements(conn)
    )
    exchange_id = exchange.pk if exchange else None
    reverses_id = reverses.pk if reverses else None
    created_by_id = created_by.pk if created_by else None
    with transaction.atomic(), conn.cursor() as cursor:
        cursor.execute(sql["lock"], [payer.pk, payee.pk])
        rows = {row[0]: row for row in cursor.fetchall()}
        if len(rows) != 2:
            raise TimebankError("That account does not exist")
        _, payer_kind, payer_balance, payer_limit, payer_name = rows[payer.pk]
        payer_after = payer_balance - minutes
        payee_after = rows[payee.pk][2] + minutes
        if payer_kind != Account.Kind.POT and payer_after < payer_limit:
            raise CreditLimitExceeded(
                f"This would take {payer_name}'s balance to {format_minutes(payer_after)} "
                f"hours, below their limit of {format_minutes(payer_limit)} hours"
            )
        # Stamped under the locks, so each account's movements are in time order.
        now = timezone.now()
        stamp = conn.ops.adapt_datetimefield_value(now)
        values = [kind, exchange_id, reverses_id, reason, created_by_id]
        cursor.execute(sql["transfer"], [*values, stamp])
        transfer_id = cursor.fetchone()[0] if cursor.description else cursor.lastrowid
        cursor.execute(
            sql["movements"],
            [
                *(transfer_id, payer.pk, -minutes, payer_after, stamp),
                *(transfer_id, payee.pk, minutes, payee_after, stamp),
            ],
        )
        cursor.execute(sql["balances"], [payer.pk, -minutes, minutes, payer.pk, payee.pk])
    payer.balance, payee.balance = payer_after, payee_after
    transfer = Transfer.from_db(conn.alias, _TRANSFER_COLUMNS, [transfer_id, *values, now])
    for field, related in (
        ("exchange", exchange),
        ("reverses", reverses),
        ("created_by", created_by),
    ):
        if related is not None:
            setattr(transfer, field, related)
    return transfer


def reverse_transfer(transfer, *, reason, by):
    """A broker's correction: a new transfer the other way, linked to the original."""
    reason = (reason or "").strip()
    if not reason:
        raise TimebankError("Enter the reason for the reversal")
    if transfer.kind == Transfer.Kind.REVERSAL:
        raise TimebankError("A reversal cannot itself be reversed; record a new transfer")
    if Transfer.objects.filter(reverses=transfer).exists():
        raise TimebankError("This transfer has already been reversed")
    debit, credit = sorted(transfer.movements.all(), key=lambda movement: movement.minutes)
    try:
        with transaction.atomic():
            return post_transfer(
                credit.account,
                debit.account,
                credit.minutes,
                kind=Transfer.Kind.REVERSAL,
                exchange=transfer.exchange,
                reverses=transfer,
                reason=reason,
                created_by=by,
            )
    except IntegrityError as error:
        raise TimebankError("This transfer has already been reversed") from error


def validate_minutes(minutes):
    """The hours a member moves at once, in an exchange or a donation."""
    if minutes <= 0:
        raise TimebankError("Enter a number of hours above zero")
    if minutes % STEP_MINUTES:
        raise TimebankError("Enter hours in steps of a quarter of an hour, for example 1.25")
    if minutes > 24 * 60:
        raise TimebankError("Enter no more than 24 hours")
