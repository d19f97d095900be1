"""Contract social value: the contract register, the commitments (key value indicators) each
contract carries, the supplier's delivery reports with their evidence, the contract manager's
verification of each line, and the audit history of all of it.

A commitment is a TOMs measure x a target quantity over a period, valued by the guidance
calculator (quantity x proxy, less deadweight, displacement and attribution, over the years
the benefit lasts). A report line is a delivered quantity for one commitment, valued the same
way; only verified lines count as delivered social value.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Exists, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from guidance.calculator import calculate
from portal.storage import RandomName, private_storage
from spend.models import Supplier

ZERO = Decimal("0.00")
PER_POUND = Decimal("0.0001")

# Bands for the review of current contracts, by contract value (lower bound, label).
VALUE_BANDS = [
    (Decimal("5000000"), "£5m and over"),
    (Decimal("1000000"), "£1m to £5m"),
    (Decimal("500000"), "£500k to £1m"),
    (Decimal("100000"), "£100k to £500k"),
    (Decimal("0"), "Under £100k"),
]


def value_band(value):
    for lower, label in VALUE_BANDS:
        if value >= lower:
            return label
    return VALUE_BANDS[-1][1]


def per_pound(social_value, contract_value):
    """£ of social value per £1 of contract value, to 4 places (0.0016 for £1,607 on £1m)."""
    if not contract_value:
        return None
    return (Decimal(social_value) / Decimal(contract_value)).quantize(
        PER_POUND, rounding=ROUND_HALF_UP
    )


def percentage(label):
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )


class Category(models.TextChoices):
    GOODS = "goods", "Goods"
    SERVICES = "services", "Services"
    WORKS = "works", "Works"


class SocialValueStatus(models.TextChoices):
    NONE = "none", "None"
    COMMITTED = "committed", "Committed"
    REPORTING = "reporting", "Reporting"
    VERIFIED = "verified", "Verified"


# How a contract's supplier was linked to the directory: as the spend baseline links payees.
MatchMethod = Supplier.MatchMethod


class ContractQuerySet(models.QuerySet):
    def for_user(self, user):
        """Contracts of the organisations the user is a member of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation__memberships__user=user)

    def with_figures(self):
        """Each contract with its committed and verified £ and its social value status,
        computed in the same statement as the contracts (subqueries, no join fan-out)."""
        accepted = Commitment.objects.filter(
            contract=OuterRef("pk"), status=Commitment.Status.ACCEPTED
        )
        lines = ReportLine.objects.filter(report__contract=OuterRef("pk")).exclude(
            status=ReportLine.Status.REJECTED
        )
        verified = ReportLine.objects.counted().filter(
            report__contract=OuterRef("pk"), status=ReportLine.Status.VERIFIED
        )

        def total(queryset, group, field):
            return Coalesce(
                Subquery(
                    queryset.order_by()
                    .values(group)
                    .annotate(total=Sum(field))
                    .values("total")[:1],
                    output_field=models.DecimalField(max_digits=16, decimal_places=2),
                ),
                Value(ZERO),
                output_field=models.DecimalField(max_digits=16, decimal_places=2),
            )

        return self.annotate(
            committed=total(accepted, "contract", "committed_value"),
            verified=total(verified, "report__contract", "value"),
            sv_status=Case(
                When(Exists(verified), then=Value(SocialValueStatus.VERIFIED)),
                When(Exists(lines), then=Value(SocialValueStatus.REPORTING)),
                When(Exists(accepted), then=Value(SocialValueStatus.COMMITTED)),
                default=Value(SocialValueStatus.NONE),
                output_field=models.CharField(max_length=20),
            ),
        )


class Contract(models.Model):
    """One contract on the council's register."""

    class ReportingFrequency(models.IntegerChoices):
        QUARTERLY = 3, "Quarterly"
        HALF_YEARLY = 6, "Every six months"
        YEARLY = 12, "Yearly"

    reference = models.CharField(max_length=50, unique=True)
    title = models.CharField(max_length=255)
    department = models.CharField("buyer department", max_length=255, blank=True)
    supplier_name = models.CharField(
        max_length=255, help_text="The supplier as the contract register names it"
    )
    companies_house_number = models.CharField(max_length=8, blank=True)
    charity_number = models.CharField(max_length=8, blank=True)
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contracts",
        verbose_name="directory organisation",
        help_text="The supplier's directory profile; its members report on the contract",
    )
    match_method = models.CharField(
        "matched by", max_length=20, choices=MatchMethod.choices, blank=True
    )
    value = models.DecimalField(
        "contract value (£)",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    start_date = models.DateField()
    end_date = models.DateField()
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.SERVICES)
    social_value_applies = models.BooleanField(default=True)
    reporting_months = models.PositiveSmallIntegerField(
        "reporting frequency",
        choices=ReportingFrequency.choices,
        default=ReportingFrequency.QUARTERLY,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContractQuerySet.as_manager()

    panels = [
        FieldPanel("reference"),
        FieldPanel("title"),
        FieldPanel("department"),
        FieldPanel("supplier_name"),
        FieldPanel("organisation"),
        FieldPanel("companies_house_number"),
        FieldPanel("charity_number"),
        FieldPanel("value"),
        FieldPanel("start_date"),
        FieldPanel("end_date"),
        FieldPanel("category"),
        FieldPanel("social_value_applies"),
        FieldPanel("reporting_months"),
    ]

    class Meta:
        ordering = ["-value", "reference"]
        permissions = [
            ("verify_report", "Can verify, query and reject delivery report lines"),
            ("view_dashboard", "Can see the contract social value dashboards"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date"})

    @property
    def value_band(self):
        return value_band(self.value)

    # Figures from ContractQuerySet.with_figures(), for listings and exports.

    @property
    def value_display(self):
        return f"£{self.value:,.2f}"

    @property
    def status_label(self):
        return SocialValueStatus(getattr(self, "sv_status", SocialValueStatus.NONE)).label

    @property
    def committed_display(self):
        return f"£{getattr(self, 'committed', ZERO):,.2f}"

    @property
    def verified_display(self):
        return f"£{getattr(self, 'verified', ZERO):,.2f}"

    @property
    def verified_per_pound(self):
        return per_pound(getattr(self, "verified", ZERO), self.value)


class Commitment(models.Model):
    """A key value indicator: a TOMs measure, a target quantity and the period it covers."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed by the supplier"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="commitments")
    measure = models.ForeignKey(
        "guidance.Measure", on_delete=models.PROTECT, related_name="commitments"
    )
    target_quantity = models.DecimalField(
        max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    period_start = models.DateField()
    period_end = models.DateField()
    deadweight = percentage("deadweight (%)")
    displacement = percentage("displacement (%)")
    attribution = percentage("attribution (%)")
    years = models.PositiveSmallIntegerField(
        "years the benefit lasts",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    drop_off = percentage("drop-off each year (%)")
    committed_value = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACCEPTED)
    note = models.TextField(blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period_start", "measure__code", "pk"]

    def __str__(self):
        return f"{self.target_quantity} {self.measure.unit} of {self.measure.code}"

    def save(self, *args, **kwargs):
        self.committed_value = self.value_of(self.target_quantity)
        super().save(*args, **kwargs)

    def value_of(self, quantity):
        """The social value of `quantity` units, with this commitment's adjustments."""
        return calculate(
            self.contract.value,
            [(self.measure, quantity)],
            deadweight=self.deadweight,
            displacement=self.displacement,
            attribution=self.attribution,
            years=self.years,
            drop_off=self.drop_off,
        ).total

    @property
    def value_per_pound(self):
        return per_pound(self.committed_value, self.contract.value)


class Report(models.Model):
    """What the supplier delivered for one report type and period, with evidence."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", "Baseline at engagement"
        PROGRESS = "progress", "Progress report"
        OUTCOME = "outcome", "Outcomes at completion"
        IMPACT = "impact", "Impact follow-up after completion"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    due_on = models.DateField()
    note = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField()
    late = models.BooleanField(default=False)

    class Meta:
        ordering = ["period_start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "kind", "period_start"], name="one_report_per_period"
            )
        ]

    def __str__(self):
        return (
            f"{self.get_kind_display()} {self.period_start:%d %b %Y} to {self.period_end:%d %b %Y}"
        )


class ReportLineQuerySet(models.QuerySet):
    def counted(self):
        """Lines that count as delivered once verified: a baseline is a starting point."""
        return self.exclude(report__kind=Report.Kind.BASELINE)


class ReportLine(models.Model):
    """A delivered quantity against one commitment, and the contract manager's decision."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "To verify"
        QUERIED = "queried", "Queried"
        VERIFIED = "verified", "Verified"
        REJECTED = "rejected", "Rejected"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="lines")
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="lines")
    quantity = models.DecimalField(max_digits=14, decimal_places=2)
    value = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    message = models.TextField(
        blank=True, help_text="The contract manager's latest message to the supplier"
    )
    reply = models.TextField(blank=True, help_text="The supplier's latest answer to a query")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ReportLineQuerySet.as_manager()

    class Meta:
        ordering = ["report", "commitment"]
        constraints = [
            models.UniqueConstraint(fields=["report", "commitment"], name="one_line_per_commitment")
        ]
        indexes = [models.Index(fields=["status"], name="contracts_line_status")]

    def __str__(self):
        return f"{self.quantity} against {self.commitment}"


class Evidence(models.Model):
    """A file the supplier sent with a report; private, served only after a permission check."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=RandomName("contracts/evidence"), storage=private_storage)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class AuditEntry(models.Model):
    """Who changed what, and when, on a contract's social value."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="audit")
    line = models.ForeignKey(
        ReportLine, on_delete=models.CASCADE, null=True, blank=True, related_name="audit"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=40)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self):
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"


class ReminderSent(models.Model):
    """A reminder already emailed, so the daily run sends each one once."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Report.Kind.choices)
    period_start = models.DateField()
    stage = models.CharField(max_length=10)  # "upcoming" or "overdue"
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "kind", "period_start", "stage"], name="one_reminder_each"
            )
        ]

    def __str__(self):
        return f"{self.stage} reminder for {self.kind} from {self.period_start}"


class ContractsSummaryPage(Page):
    """The public summary of contract social value, with no commercial details: totals by
    theme and by department, never a contract, a supplier or a contract value."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    method_note = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="How the figures are worked out, shown below them",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("method_note")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1
    template = "contracts/summary_page.html"

    class Meta:
        verbose_name = "contract social value summary page"

    def get_context(self, request, *args, **kwargs):
        from contracts.dashboards import kept_council_figures

        context = super().get_context(request, *args, **kwargs)
        context["figures"] = kept_council_figures(public=True)
        return context
