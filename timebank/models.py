"""The time bank: accounts (members, organisations, the community pot), listings, exchanges
and the double-entry hours ledger (transfers written as two immutable movements).

Every amount is stored in whole minutes; one hour is one credit whatever the work.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

STEP_MINUTES = 15


def starter_minutes():
    return settings.TIMEBANK_STARTER_MINUTES


def default_credit_limit():
    return settings.TIMEBANK_CREDIT_LIMIT_MINUTES


def broker_approval_required():
    return settings.TIMEBANK_BROKER_APPROVAL


def format_minutes(minutes):
    """-90 -> "-1:30"; hours and minutes as a member reads them."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours}:{rest:02d}"


class ImmutableRecord(Exception):
    """Raised on any attempt to change or delete a ledger record."""


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class AccountQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Account.Status.APPROVED)

    def members(self):
        return self.exclude(kind=Account.Kind.POT)


class Account(models.Model):
    """A time-bank account: a resident member, a directory organisation or the community pot.

    A resident's membership application lives here too; the account only trades once a
    broker has approved it.
    """

    class Kind(models.TextChoices):
        PERSON = "person", "Resident"
        ORGANISATION = "organisation", "Organisation"
        POT = "pot", "Community pot"

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting a broker"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        CLOSED = "closed", "Closed"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="timebank_account",
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="timebank_accounts",
    )
    display_name = models.CharField(max_length=80)
    neighbourhood = models.CharField(
        max_length=8, blank=True, help_text="Postcode district, for example PO4"
    )
    skills_offered = models.TextField(blank=True)
    skills_wanted = models.TextField(blank=True)
    availability = models.TextField(blank=True)
    access_needs = models.TextField(blank=True)
    agreed_terms_at = models.DateTimeField(null=True, blank=True)
    references_checked = models.BooleanField(default=False)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    balance = models.IntegerField(default=0, editable=False, help_text="Minutes")
    # How many movements the account has, kept with the balance by post_transfer, so a
    # statement knows its number of pages without counting the account's history.
    movement_count = models.PositiveIntegerField(default=0, editable=False)
    credit_limit = models.IntegerField(
        default=default_credit_limit, help_text="Lowest balance allowed, in minutes"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = AccountQuerySet.as_manager()

    class Meta:
        ordering = ["display_name", "pk"]
        constraints = [
            # The last line of defence: a row can never be saved below its limit.
            models.CheckConstraint(
                condition=Q(kind="pot") | Q(balance__gte=models.F("credit_limit")),
                name="timebank_balance_within_limit",
            ),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind="pot"), name="timebank_one_pot"
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def is_pot(self):
        return self.kind == self.Kind.POT

    @property
    def is_active_member(self):
        return self.status == self.Status.APPROVED

    @property
    def balance_display(self):
        return format_minutes(self.balance)

    @property
    def credit_limit_display(self):
        return format_minutes(self.credit_limit)


class Listing(models.Model):
    class Kind(models.TextChoices):
        OFFER = "offer", "Offer"
        REQUEST = "request", "Request"

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="listings")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="listings")
    title = models.CharField(max_length=120)
    description = models.TextField()
    neighbourhood = models.CharField(max_length=8, blank=True)
    expires_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["expires_on", "kind"])]

    def __str__(self):
        return self.title

    @property
    def is_current(self):
        return self.expires_on >= timezone.localdate()


class Message(models.Model):
    """A note from one member to another, sent through the portal so no address is shown."""

    sender = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="sent_messages")
    recipient = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="received_messages"
    )
    listing = models.ForeignKey(
        Listing, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Message from {self.sender} to {self.recipient}"


class Exchange(models.Model):
    """Help given and received, recorded by one member and confirmed by the others.

    One provider and several recipients, or several providers and one recipient; each
    provider-recipient pair becomes one transfer when the exchange completes.
    """

    class Status(models.TextChoices):
        AWAITING_CONFIRMATION = "awaiting_confirmation", "Waiting for confirmation"
        AWAITING_APPROVAL = "awaiting_approval", "Waiting for a broker"
        DISPUTED = "disputed", "Disputed"
        COMPLETED = "completed", "Completed"
        VOID = "void", "Void"

    # Neither completed nor void: still waiting on a member or a broker.
    OPEN_STATUSES = [Status.AWAITING_CONFIRMATION, Status.AWAITING_APPROVAL, Status.DISPUTED]

    recorded_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    minutes = models.PositiveIntegerField(help_text="Minutes for each provider-recipient pair")
    date = models.DateField()
    description = models.TextField()
    listing = models.ForeignKey(
        Listing, on_delete=models.SET_NULL, null=True, blank=True, related_name="exchanges"
    )
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="exchanges"
    )
    status = models.CharField(
        max_length=30, choices=Status.choices, default=Status.AWAITING_CONFIRMATION
    )
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4)
    broker_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0) & Q(minutes__lte=24 * 60),
                name="timebank_exchange_minutes_in_range",
            )
        ]

    def __str__(self):
        return f"Exchange {self.pk}: {self.description[:40]}"

    @property
    def hours_display(self):
        return format_minutes(self.minutes)

    def parties_by_role(self, role):
        return [party for party in self.parties.all() if party.role == role]

    @property
    def providers(self):
        return [party.account for party in self.parties_by_role(Party.Role.PROVIDER)]

    @property
    def recipients(self):
        return [party.account for party in self.parties_by_role(Party.Role.RECIPIENT)]


class Party(models.Model):
    class Role(models.TextChoices):
        PROVIDER = "provider", "Gave help"
        RECIPIENT = "recipient", "Received help"

    class Response(models.TextChoices):
        PENDING = "pending", "Not answered yet"
        CONFIRMED = "confirmed", "Confirmed"
        DISPUTED = "disputed", "Disputed"

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="parties")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="parties")
    role = models.CharField(max_length=10, choices=Role.choices)
    response = models.CharField(max_length=10, choices=Response.choices, default=Response.PENDING)
    dispute_reason = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(fields=["exchange", "account"], name="timebank_party_once")
        ]

    def __str__(self):
        return f"{self.account} ({self.get_role_display()})"


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecord(f"{self.model.__name__} records cannot be changed")

    def delete(self):
        raise ImmutableRecord(f"{self.model.__name__} records cannot be deleted")


class ImmutableModel(models.Model):
    """Written once, then never changed or deleted: corrections are new transfers."""

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecord(f"{type(self).__name__} records cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord(f"{type(self).__name__} records cannot be deleted")


class Transfer(ImmutableModel):
    class Kind(models.TextChoices):
        EXCHANGE = "exchange", "Exchange"
        STARTER = "starter", "Starter credits"
        DONATION = "donation", "Donation to the community pot"
        GIFT = "gift", "From the community pot"
        REVERSAL = "reversal", "Reversal"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    exchange = models.ForeignKey(
        Exchange, on_delete=models.PROTECT, null=True, blank=True, related_name="transfers"
    )
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Transfer {self.pk} ({self.get_kind_display()})"


class Movement(ImmutableModel):
    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="movements")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="movements")
    minutes = models.IntegerField()
    # The account's balance straight after this movement, written under the account's row
    # lock when the movement is created, so a statement reads it instead of summing history.
    balance_after = models.IntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["account", "created_at", "id"])]
        constraints = [
            models.CheckConstraint(condition=~Q(minutes=0), name="timebank_movement_not_zero")
        ]

    def __str__(self):
        return f"{format_minutes(self.minutes)} for {self.account}"
