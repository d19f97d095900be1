"""Every operation that changes the time bank. Views, commands and tests call these; the
rules live here once.

Ledger rule: `post_transfer` is the only writer of movements and balances. It runs inside
one transaction, locks the accounts in primary-key order (so two transfers can never wait
on each other), refuses to pass a credit limit and writes exactly two movements.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from portal.emails import send_templated_email
from portal.roles import BROKERS

from .models import (
    STEP_MINUTES,
    Account,
    Exchange,
    Listing,
    Message,
    Movement,
    Party,
    Transfer,
    broker_approval_required,
    format_minutes,
    starter_minutes,
)

POT_NAME = "Community pot"


class TimebankError(Exception):
    """A refused operation; the message is written for the member who tried it."""


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


# Membership ---------------------------------------------------------------------------


def _broker_emails():
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(groups__name=BROKERS, is_active=True)
        .values_list("email", flat=True)
    )


def apply_for_membership(user, **details):
    account = Account.objects.filter(user=user).first()
    if account and account.status in (Account.Status.APPROVED, Account.Status.PENDING):
        raise TimebankError("You have already applied to join the time bank")
    if account is None:
        account = Account(user=user)
    for field, value in details.items():
        setattr(account, field, value)
    account.status = Account.Status.PENDING
    account.kind = Account.Kind.ORGANISATION if account.organisation_id else Account.Kind.PERSON
    account.agreed_terms_at = timezone.now()
    account.decision_reason = ""
    account.save()
    brokers = _broker_emails()
    if brokers:
        send_templated_email(brokers, "timebank/email/application", {"account": account})
    return account


def approve_member(account, *, by, references_checked, reason=""):
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account.pk)
        if account.status != Account.Status.PENDING:
            raise TimebankError("This application has already been decided")
        account.status = Account.Status.APPROVED
        account.references_checked = references_checked
        account.decision_reason = reason
        account.decided_by = by
        account.decided_at = timezone.now()
        account.save()
        gift = starter_minutes()
        if gift > 0:
            post_transfer(
                get_pot(),
                account,
                gift,
                kind=Transfer.Kind.STARTER,
                reason="Starter credits",
                created_by=by,
            )
    if account.user and account.user.email:
        send_templated_email(
            account.user.email, "timebank/email/approved", {"account": account, "gift": gift}
        )
    return account


def decline_member(account, *, by, reason):
    reason = (reason or "").strip()
    if not reason:
        raise TimebankError("Enter the reason for declining")
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account.pk)
        if account.status != Account.Status.PENDING:
            raise TimebankError("This application has already been decided")
        account.status = Account.Status.DECLINED
        account.decision_reason = reason
        account.decided_by = by
        account.decided_at = timezone.now()
        account.save()
    if account.user and account.user.email:
        send_templated_email(account.user.email, "timebank/email/declined", {"account": account})
    return account


def set_credit_limit(account, minutes, *, by):
    if minutes > 0 or minutes % STEP_MINUTES:
        raise TimebankError("Enter a limit of zero or below, in steps of 15 minutes")
    with transaction.atomic():
        account = lock_accounts([account.pk])[account.pk]
        if account.balance < minutes:
            raise TimebankError(
                f"The balance is already {format_minutes(account.balance)} hours; the limit "
                "cannot be above it"
            )
        Account.objects.filter(pk=account.pk).update(credit_limit=minutes)
    account.refresh_from_db()
    return account


def close_account(account):
    """Anonymise the member's personal data; the ledger and its totals stay as they are."""
    with transaction.atomic():
        account = lock_accounts([account.pk])[account.pk]
        if account.status == Account.Status.CLOSED:
            raise TimebankError("This account is already closed")
        open_exchanges = Exchange.objects.filter(
            parties__account=account,
            status__in=[
                Exchange.Status.AWAITING_CONFIRMATION,
                Exchange.Status.AWAITING_APPROVAL,
                Exchange.Status.DISPUTED,
            ],
        )
        for exchange in open_exchanges:
            exchange.status = Exchange.Status.VOID
            exchange.broker_note = "Void: a member closed their account"
            exchange.save(update_fields=["status", "broker_note"])
        account.listings.all().delete()
        Message.objects.filter(Q(sender=account) | Q(recipient=account)).delete()
        Account.objects.filter(pk=account.pk).update(
            status=Account.Status.CLOSED,
            user=None,
            display_name=f"Former member {account.pk}",
            neighbourhood="",
            skills_offered="",
            skills_wanted="",
            availability="",
            access_needs="",
            decision_reason="",
            closed_at=timezone.now(),
        )
    account.refresh_from_db()
    return account


def donate_to_pot(account, minutes):
    validate_minutes(minutes)
    return post_transfer(
        account, get_pot(), minutes, kind=Transfer.Kind.DONATION, reason="Donated hours"
    )


# Exchanges ----------------------------------------------------------------------------


# An exchange is recorded soon after it happens; older dates are typing mistakes.
EXCHANGE_DATE_WINDOW_DAYS = 366


def earliest_exchange_date():
    return timezone.localdate() - timedelta(days=EXCHANGE_DATE_WINDOW_DAYS)


def validate_exchange_date(date):
    if date > timezone.localdate():
        raise TimebankError("The date of the exchange must be today or in the past")
    earliest = earliest_exchange_date()
    if date < earliest:
        raise TimebankError(
            f"The date of the exchange must be within the last year, on or after "
            f"{earliest:%-d %B %Y}"
        )


def validate_minutes(minutes):
    if minutes <= 0:
        raise TimebankError("Enter a number of hours above zero")
    if minutes % STEP_MINUTES:
        raise TimebankError("Enter hours in steps of a quarter of an hour, for example 1.25")
    if minutes > 24 * 60:
        raise TimebankError("Enter no more than 24 hours")


def _require_trading(account):
    if account.status != Account.Status.APPROVED or account.is_pot:
        if account.status == Account.Status.CLOSED:
            raise TimebankError(f"{account.display_name}'s account is closed")
        raise TimebankError(f"{account.display_name} is not an approved member yet")


def _minutes_on(account, date):
    return (
        Exchange.objects.filter(parties__account=account, date=date)
        .exclude(status=Exchange.Status.VOID)
        .aggregate(total=Sum("minutes"))["total"]
        or 0
    )


@dataclass
class Recorded:
    exchange: Exchange
    created: bool


def record_exchange(
    recorder,
    *,
    providers,
    recipients,
    minutes,
    date,
    description,
    listing=None,
    token=None,
):
    """Record help given; the recorder's side is confirmed, the others are asked."""
    if token and (existing := Exchange.objects.filter(submission_token=token).first()):
        if existing.recorded_by_id != recorder.pk:
            raise TimebankError("This form has expired; start again")
        return Recorded(existing, False)
    providers, recipients = list(providers), list(recipients)
    everyone = providers + recipients
    if recorder not in everyone:
        raise TimebankError("You can only record an exchange you took part in")
    if len({account.pk for account in everyone}) != len(everyone):
        raise TimebankError("You cannot exchange hours with yourself")
    if not providers or not recipients:
        raise TimebankError("Select the other member")
    if len(providers) > 1 and len(recipients) > 1:
        raise TimebankError("A group exchange has one provider or one recipient")
    validate_minutes(minutes)
    validate_exchange_date(date)
    for account in everyone:
        _require_trading(account)
        if _minutes_on(account, date) + minutes > 24 * 60:
            raise TimebankError(
                f"{account.display_name} would have more than 24 hours of exchanges on that day"
            )
    description = (description or "").strip()
    if not description:
        raise TimebankError("Enter what was done")
    try:
        with transaction.atomic():
            exchange = Exchange.objects.create(
                recorded_by=recorder,
                minutes=minutes,
                date=date,
                description=description,
                listing=listing,
                category=listing.category if listing else None,
                submission_token=token or Exchange._meta.get_field("submission_token").default(),
            )
            now = timezone.now()
            Party.objects.bulk_create(
                [
                    Party(
                        exchange=exchange,
                        account=account,
                        role=role,
                        response=Party.Response.CONFIRMED
                        if account.pk == recorder.pk
                        else Party.Response.PENDING,
                        responded_at=now if account.pk == recorder.pk else None,
                    )
                    for role, accounts in (
                        (Party.Role.PROVIDER, providers),
                        (Party.Role.RECIPIENT, recipients),
                    )
                    for account in accounts
                ]
            )
    except IntegrityError:
        existing = Exchange.objects.filter(submission_token=token).first()
        if existing is None:
            raise
        return Recorded(existing, False)
    for account in everyone:
        if account.pk != recorder.pk and account.user and account.user.email:
            send_templated_email(
                account.user.email,
                "timebank/email/confirm",
                {"exchange": exchange, "recorder": recorder, "account": account},
            )
    return Recorded(exchange, True)


def _pairs(exchange):
    providers = exchange.parties_by_role(Party.Role.PROVIDER)
    recipients = exchange.parties_by_role(Party.Role.RECIPIENT)
    return [(r.account, p.account) for p in providers for r in recipients]


def _complete(exchange, by=None):
    """Post one transfer per provider-recipient pair; all or none (call inside atomic)."""
    pairs = _pairs(exchange)
    lock_accounts([account.pk for pair in pairs for account in pair])
    for payer, payee in pairs:
        post_transfer(
            payer,
            payee,
            exchange.minutes,
            kind=Transfer.Kind.EXCHANGE,
            exchange=exchange,
            created_by=by,
        )
    exchange.status = Exchange.Status.COMPLETED
    exchange.completed_at = timezone.now()
    exchange.save(update_fields=["status", "completed_at", "broker_note"])


def _locked_exchange(exchange):
    return (
        Exchange.objects.select_for_update()
        .prefetch_related("parties__account")
        .get(pk=exchange.pk)
    )


def respond_to_exchange(account, exchange, *, confirm, reason=""):
    """The other member confirms or disputes. Completes the exchange once everyone agrees."""
    with transaction.atomic():
        exchange = _locked_exchange(exchange)
        party = next((p for p in exchange.parties.all() if p.account_id == account.pk), None)
        if party is None:
            raise TimebankError("You can only answer exchanges you took part in")
        if exchange.recorded_by_id == account.pk:
            raise TimebankError("You recorded this exchange; the other member confirms it")
        if party.response != Party.Response.PENDING:
            raise TimebankError(f"You have already {party.response} this exchange")
        if exchange.status != Exchange.Status.AWAITING_CONFIRMATION:
            raise TimebankError("This exchange is no longer waiting for confirmation")
        if confirm:
            _require_trading(account)
        elif not (reason or "").strip():
            raise TimebankError("Enter what is wrong with this exchange")
        party.response = Party.Response.CONFIRMED if confirm else Party.Response.DISPUTED
        party.dispute_reason = "" if confirm else reason.strip()
        party.responded_at = timezone.now()
        party.save()
        if not confirm:
            exchange.status = Exchange.Status.DISPUTED
            exchange.save(update_fields=["status"])
        elif all(p.response == Party.Response.CONFIRMED for p in exchange.parties.all()):
            if broker_approval_required():
                exchange.status = Exchange.Status.AWAITING_APPROVAL
                exchange.save(update_fields=["status"])
            else:
                _complete(exchange)
    return exchange


def broker_approve_exchange(exchange, *, by, note=""):
    """Approve an exchange waiting for a broker, or settle a dispute in its favour."""
    with transaction.atomic():
        exchange = _locked_exchange(exchange)
        if exchange.status not in (Exchange.Status.AWAITING_APPROVAL, Exchange.Status.DISPUTED):
            raise TimebankError("This exchange is not waiting for a broker")
        exchange.broker_note = note
        _complete(exchange, by=by)
    return exchange


def broker_void_exchange(exchange, *, by, note):
    note = (note or "").strip()
    if not note:
        raise TimebankError("Enter the reason for voiding the exchange")
    with transaction.atomic():
        exchange = _locked_exchange(exchange)
        if exchange.status == Exchange.Status.COMPLETED:
            raise TimebankError("A completed exchange is corrected by reversing its transfers")
        if exchange.status == Exchange.Status.VOID:
            raise TimebankError("This exchange is already void")
        exchange.status = Exchange.Status.VOID
        exchange.broker_note = note
        exchange.save(update_fields=["status", "broker_note"])
    return exchange


def send_message(sender, recipient, body, listing=None):
    body = (body or "").strip()
    if not body:
        raise TimebankError("Enter your message")
    if sender.pk == recipient.pk:
        raise TimebankError("You cannot send a message to yourself")
    _require_trading(sender)
    _require_trading(recipient)
    message = Message.objects.create(sender=sender, recipient=recipient, body=body, listing=listing)
    if recipient.user and recipient.user.email:
        send_templated_email(recipient.user.email, "timebank/email/message", {"message": message})
    return message


def listings_current():
    return Listing.objects.filter(
        expires_on__gte=timezone.localdate(), account__status=Account.Status.APPROVED
    )
