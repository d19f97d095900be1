"""Exchanges: help given, recorded by one member and confirmed by the others (or a broker)."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from portal.emails import send_templated_email

from ..models import Exchange, Party, Transfer, broker_approval_required
from . import TimebankError
from .ledger import lock_accounts, post_transfer, validate_minutes
from .membership import require_trading

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
        require_trading(account)
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
            require_trading(account)
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
