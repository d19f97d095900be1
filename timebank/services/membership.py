"""Membership: applying, the brokers' decisions, credit limits, closing and donating."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portal.emails import send_templated_email
from portal.roles import BROKERS

from ..models import (
    STEP_MINUTES,
    Account,
    Exchange,
    Message,
    Transfer,
    format_minutes,
    starter_minutes,
)
from . import TimebankError
from .ledger import get_pot, lock_accounts, post_transfer, validate_minutes


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


def _decide(account, status, *, by, reason, **fields):
    """Record a broker's decision on a pending application (call inside atomic)."""
    account = Account.objects.select_for_update().get(pk=account.pk)
    if account.status != Account.Status.PENDING:
        raise TimebankError("This application has already been decided")
    for field, value in fields.items():
        setattr(account, field, value)
    account.status = status
    account.decision_reason = reason
    account.decided_by = by
    account.decided_at = timezone.now()
    account.save()
    return account


def approve_member(account, *, by, references_checked, reason=""):
    with transaction.atomic():
        account = _decide(
            account,
            Account.Status.APPROVED,
            by=by,
            reason=reason,
            references_checked=references_checked,
        )
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
        account = _decide(account, Account.Status.DECLINED, by=by, reason=reason)
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
            status__in=Exchange.OPEN_STATUSES,
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


def require_trading(account):
    if account.status != Account.Status.APPROVED or account.is_pot:
        if account.status == Account.Status.CLOSED:
            raise TimebankError(f"{account.display_name}'s account is closed")
        raise TimebankError(f"{account.display_name} is not an approved member yet")
