"""Local social value awards and certification."""

import datetime
import pathlib
import secrets

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from portal.storage import private_storage

# Certificate numbers avoid characters that are easy to misread (0/O, 1/I/L).
CERTIFICATE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CERTIFICATE_VALIDITY_YEARS = 2


def new_certificate_number():
    """An unguessable number such as "PSV-7K2M-9QXA-4HNR" (60 bits of randomness)."""
    groups = ["".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(4)) for _ in range(3)]
    return "PSV-" + "-".join(groups)


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class CertificateLevel(models.TextChoices):
    BRONZE = "bronze", "Bronze (commitment)"
    SILVER = "silver", "Silver (evidence of delivery)"
    GOLD = "gold", "Gold (independently verified value)"


class CertificateQuerySet(models.QuerySet):
    def valid(self, on=None):
        """Certificates in force on a day (today by default): not revoked, not expired."""
        on = on or timezone.localdate()
        if isinstance(on, datetime.datetime):
            on = on.date()
        return self.filter(revoked_at__isnull=True, issued_on__lte=on, expires_on__gte=on)


class Certificate(models.Model):
    Level = CertificateLevel

    class Status(models.TextChoices):
        VALID = "valid", "Valid"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"
        NOT_YET_VALID = "not_yet_valid", "Not yet valid"

    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="certificates"
    )
    level = models.CharField(max_length=10, choices=CertificateLevel.choices)
    number = models.CharField(
        max_length=20, unique=True, default=new_certificate_number, editable=False
    )
    issued_on = models.DateField(default=timezone.localdate)
    expires_on = models.DateField(
        blank=True, help_text="Leave blank for two years after the issue date."
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    citation = models.TextField(
        blank=True, help_text="What the organisation did to earn this level (shown publicly)."
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["organisation", "expires_on"])]

    def __str__(self):
        return f"{self.number}: {self.get_level_display()} for {self.organisation}"

    def save(self, *args, **kwargs):
        if not self.expires_on:
            self.expires_on = add_years(self.issued_on, CERTIFICATE_VALIDITY_YEARS)
        super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            raise ValidationError({"expires_on": "The expiry date must be after the issue date"})

    def status_on(self, on=None):
        on = on or timezone.localdate()
        if self.revoked_at:
            return self.Status.REVOKED
        if on < self.issued_on:
            return self.Status.NOT_YET_VALID
        if on > self.expires_on:
            return self.Status.EXPIRED
        return self.Status.VALID

    @property
    def status(self):
        return self.status_on()

    @property
    def is_valid(self):
        return self.status == self.Status.VALID


class Cycle(models.Model):
    """One year's awards: when nominations and judging are open, and when winners are named."""

    year = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=120, help_text="e.g. Portsmouth Social Value Awards 2026")
    introduction = models.TextField(blank=True, help_text="Shown on the nomination page.")
    nominations_open = models.DateTimeField()
    nominations_close = models.DateTimeField()
    judging_open = models.DateTimeField()
    judging_close = models.DateTimeField()
    announcement_date = models.DateField(
        help_text="Winners appear on the public awards page from this day."
    )
    hide_nominator_from_judges = models.BooleanField(
        default=True, help_text="Judges do not see who made a nomination."
    )
    disagreement_threshold = models.PositiveSmallIntegerField(
        default=25,
        help_text="Flag a nomination when judges' scores (out of 100) differ by this much or more.",
    )

    class Meta:
        ordering = ["-year"]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if (
            self.nominations_open
            and self.nominations_close
            and self.nominations_close <= self.nominations_open
        ):
            errors["nominations_close"] = "Nominations must close after they open"
        if self.judging_open and self.judging_close and self.judging_close <= self.judging_open:
            errors["judging_close"] = "Judging must close after it opens"
        if errors:
            raise ValidationError(errors)

    def nominations_are_open(self, now=None):
        now = now or timezone.now()
        return self.nominations_open <= now < self.nominations_close

    def judging_is_open(self, now=None):
        now = now or timezone.now()
        return self.judging_open <= now < self.judging_close

    def is_announced(self, on=None):
        return self.announcement_date <= (on or timezone.localdate())


class Category(ClusterableModel):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120)
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    judges = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="judged_categories",
        help_text="People in the Judges role who score this category's nominations.",
    )

    panels = [
        FieldPanel("cycle"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        FieldPanel("judges", widget=forms.CheckboxSelectMultiple),
        InlinePanel("criteria", heading="Criteria", label="Criterion", min_num=1),
    ]

    class Meta:
        ordering = ["cycle", "sort_order", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["cycle", "slug"], name="unique_category_slug")
        ]

    def __str__(self):
        return f"{self.name} ({self.cycle.year})"


class Criterion(Orderable):
    """What judges score and nominators write about, with its weight and its scale."""

    category = ParentalKey(Category, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(max_length=160)
    guidance = models.TextField(blank=True, help_text="What nominators should write about.")
    weight = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    word_limit = models.PositiveSmallIntegerField(
        default=300, validators=[MinValueValidator(10), MaxValueValidator(2000)]
    )
    max_score = models.PositiveSmallIntegerField(
        "highest score",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Judges score from 0 to this number.",
    )
    descriptors = models.TextField(
        blank=True,
        help_text="What each score means: one line per score, from 0 up to the highest score.",
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("guidance"),
        FieldPanel("weight"),
        FieldPanel("word_limit"),
        FieldPanel("max_score"),
        FieldPanel("descriptors"),
    ]

    class Meta(Orderable.Meta):
        verbose_name_plural = "criteria"

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        lines = self.descriptor_lines()
        if lines and self.max_score and len(lines) != self.max_score + 1:
            raise ValidationError(
                {
                    "descriptors": f"Give {self.max_score + 1} lines, one for each score "
                    f"from 0 to {self.max_score}"
                }
            )

    def descriptor_lines(self):
        return [line.strip() for line in self.descriptors.splitlines() if line.strip()]

    @property
    def scale(self):
        """[(score, descriptor)] from 0 to the highest score."""
        lines = self.descriptor_lines()
        return [
            (value, lines[value] if value < len(lines) else "")
            for value in range(self.max_score + 1)
        ]


def new_token():
    return secrets.token_urlsafe(32)


def new_reference():
    return "N-" + "".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(8))


class NominationQuerySet(models.QuerySet):
    def submitted(self):
        return self.exclude(status=Nomination.Status.UNCONFIRMED)

    def for_judging(self):
        return self.filter(status=Nomination.Status.ACCEPTED)


class Nomination(models.Model):
    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", "Waiting for the nominator to confirm their email"
        SUBMITTED = "submitted", "Waiting for screening"
        ACCEPTED = "accepted", "Eligible"
        REJECTED = "rejected", "Not eligible"

    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="nominations")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UNCONFIRMED)

    organisation = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_nominations",
    )
    nominee_name = models.CharField(
        max_length=200, blank=True, help_text="For nominees not in the directory."
    )
    nominee_contact_name = models.CharField(max_length=120, blank=True)
    nominee_email = models.EmailField(blank=True)

    nominator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award_nominations",
    )
    nominator_name = models.CharField(max_length=120)
    nominator_email = models.EmailField()
    is_self_nomination = models.BooleanField(default=False)
    confirmation_token = models.CharField(max_length=64, default=new_token, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    screened_at = models.DateTimeField(null=True, blank=True)
    screening_reason = models.TextField(blank=True)

    shortlisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shortlisted_at = models.DateTimeField(null=True, blank=True)
    winner_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    winner_at = models.DateTimeField(null=True, blank=True)
    citation = models.TextField(blank=True, help_text="Shown on the public winners page.")
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = NominationQuerySet.as_manager()

    panels = [
        FieldPanel("citation"),
        FieldPanel("photo"),
    ]

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.nominee_display_name} – {self.category.name}"

    @property
    def nominee_display_name(self):
        return self.organisation.name if self.organisation_id else self.nominee_name

    @property
    def cycle(self):
        return self.category.cycle

    @property
    def is_winner(self):
        return self.winner_at is not None

    @property
    def is_shortlisted(self):
        return self.shortlisted_at is not None


class Statement(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="statements")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()

    class Meta:
        ordering = ["criterion__sort_order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "criterion"], name="one_statement_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.nomination}"


class Evidence(models.Model):
    """A TOMs measure and quantity the nominee delivered, valued by the guidance calculator."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="evidence")
    measure = models.ForeignKey("guidance.Measure", on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(max_digits=16, decimal_places=2)
    value = models.DecimalField(
        "value (£)", max_digits=16, decimal_places=2, help_text="Quantity × proxy value."
    )
    proxy_value = models.DecimalField(
        max_digits=14, decimal_places=4, help_text="The £ per unit used, kept as it was."
    )

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return f"{self.quantity} × {self.measure}"


def supporting_file_path(instance, filename):
    suffix = pathlib.Path(filename).suffix.lower()
    return f"awards/nominations/{secrets.token_hex(16)}{suffix}"


class SupportingFile(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=supporting_file_path, storage=private_storage)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class ConflictDeclaration(models.Model):
    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="conflict_declarations"
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflict_declarations"
    )
    has_conflict = models.BooleanField()
    details = models.TextField(blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nomination", "judge"], name="one_declaration")
        ]

    def __str__(self):
        return f"{self.judge} on {self.nomination}"


class ScoreSheet(models.Model):
    """One judge's scores for one nomination."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="score_sheets"
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="score_sheets"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The judge's score out of 100 (the criteria's weighted scores over their total weight),
    # written when the sheet is submitted and when a criterion's weight or scale changes;
    # empty while the sheet is a draft. The leaderboard ranks on it.
    weighted_total = models.DecimalField(max_digits=9, decimal_places=4, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nomination", "judge"], name="one_sheet_per_judge")
        ]

    def __str__(self):
        return f"{self.judge} on {self.nomination}"

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class ScoreEvent(models.Model):
    """Audit history: every change to a score sheet, who made it and what it was before."""

    class Action(models.TextChoices):
        SAVED = "saved", "Draft saved"
        SUBMITTED = "submitted", "Submitted"
        REOPENED = "reopened", "Reopened by an administrator"

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_action_display()} by {self.actor} at {self.at:%Y-%m-%d %H:%M}"
