"""The council's supplier spend: uploaded payment files, the suppliers paid, and the public
"Our local spend" page that shows the baseline for a chosen period."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from directory.models import SME_SIZE_BANDS
from portal.storage import RandomName, private_storage


class SpendUpload(models.Model):
    """One spend file and the import job that reads it (progress, outcome and report)."""

    class Status(models.TextChoices):
        NEEDS_MAPPING = "needs_mapping", "Columns need matching"
        QUEUED = "queued", "Waiting to import"
        RUNNING = "running", "Importing"
        COMPLETE = "complete", "Imported"
        FAILED = "failed", "Not imported"

    file = models.FileField(
        upload_to=RandomName("spend/uploads"), storage=private_storage, blank=True
    )
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    headers = models.JSONField(default=list, blank=True)
    column_mapping = models.JSONField(default=dict, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    # When a running import last moved on. One that has not for a long while has stopped
    # (its worker was killed), and the scheduler marks it failed (fail_stalled_imports).
    progress_at = models.DateTimeField(null=True, blank=True)
    imported_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    new_supplier_count = models.PositiveIntegerField(default=0)
    # Each problem as {"line": n or None, "message": "..."}; the file is refused if any.
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.original_name

    @property
    def is_finished(self):
        return self.status in {self.Status.COMPLETE, self.Status.FAILED}

    @property
    def percent_done(self):
        if self.is_finished:
            return 100
        if not self.total_rows:
            return 0
        return min(99, int(self.processed_rows * 100 / self.total_rows))


class Supplier(models.Model):
    """A payee as the spend files name it, matched to a directory organisation or classified
    by hand. One row per normalised name, so decisions carry over to later uploads."""

    class MatchStatus(models.TextChoices):
        UNMATCHED = "unmatched", "Not matched"
        SUGGESTED = "suggested", "Matched by name, to confirm"
        MATCHED = "matched", "Matched by registered number"
        CONFIRMED = "confirmed", "Match confirmed"
        CLASSIFIED = "classified", "Classified by hand"

    class MatchMethod(models.TextChoices):
        COMPANIES_HOUSE = "companies_house", "Companies House number"
        CHARITY = "charity", "Charity number"
        NAME = "name", "Name"
        STAFF = "staff", "Staff decision"

    name = models.CharField(max_length=255)
    normalised_name = models.CharField(max_length=255, unique=True)
    supplier_reference = models.CharField(max_length=100, blank=True)
    companies_house_number = models.CharField(max_length=8, blank=True)
    charity_number = models.CharField(max_length=8, blank=True)
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spend_suppliers",
    )
    # A match staff rejected is never suggested again for this supplier.
    rejected_organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    match_status = models.CharField(
        max_length=20, choices=MatchStatus.choices, default=MatchStatus.UNMATCHED
    )
    match_method = models.CharField(max_length=20, choices=MatchMethod.choices, blank=True)
    # Classification by hand; when set it wins over the linked organisation's profile.
    is_local = models.BooleanField("local", null=True, blank=True)
    is_sme = models.BooleanField("SME", null=True, blank=True)
    is_vcse = models.BooleanField("VCSE", null=True, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        permissions = [("review_supplier", "Can confirm, reject and classify spend suppliers")]

    def __str__(self):
        return self.name


def _classified(field, organisation_test):
    """A supplier is in a group by hand-classification, else by its organisation's profile."""
    return Q(**{f"supplier__{field}": True}) | (
        Q(**{f"supplier__{field}__isnull": True}) & organisation_test
    )


LOCAL = _classified("is_local", Q(supplier__organisation__is_local=True))
SME = _classified("is_sme", Q(supplier__organisation__size_band__in=SME_SIZE_BANDS))
VCSE = _classified("is_vcse", Q(supplier__organisation__is_vcse=True))
# Nothing known about the supplier: no organisation and no classification by hand.
UNCLASSIFIED = (
    Q(supplier__organisation__isnull=True)
    & Q(supplier__is_local__isnull=True)
    & Q(supplier__is_sme__isnull=True)
    & Q(supplier__is_vcse__isnull=True)
)


class Payment(models.Model):
    """One line of a spend file. Credit notes are negative amounts and reduce spend."""

    upload = models.ForeignKey(SpendUpload, on_delete=models.CASCADE, related_name="payments")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="payments")
    transaction_number = models.CharField(max_length=100, unique=True)
    body = models.CharField(max_length=255, blank=True)
    department = models.CharField(max_length=255, blank=True, db_index=True)
    expense_type = models.CharField(max_length=255, blank=True)
    payment_date = models.DateField(db_index=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["-payment_date", "transaction_number"]
        permissions = [("view_baseline", "Can see the local spend baseline and export it")]

    def __str__(self):
        return f"{self.transaction_number} {self.amount}"


class SpendPage(Page):
    """The public "Our local spend" page: the headline baseline for a period editors choose."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    period_start = models.DateField(help_text="First day of the period the page reports")
    period_end = models.DateField(help_text="Last day of the period the page reports")
    period_label = models.CharField(
        max_length=60, help_text="How the period is named on the page, e.g. 2025 to 2026"
    )
    department = models.CharField(
        max_length=255, blank=True, help_text="Leave blank to report spend across the council"
    )
    method_note = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="How the figures are worked out, shown below them",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("period_label"),
                FieldPanel("period_start"),
                FieldPanel("period_end"),
                FieldPanel("department"),
            ],
            heading="Period reported",
        ),
        FieldPanel("method_note"),
    ]

    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1
    template = "spend/spend_page.html"

    class Meta:
        verbose_name = "local spend page"

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "The end of the period must be after its start"})

    def get_context(self, request, *args, **kwargs):
        from spend.baseline import compute_baseline

        context = super().get_context(request, *args, **kwargs)
        context["baseline"] = compute_baseline(
            self.period_start, self.period_end, self.department or None
        )
        return context
