"""Contract opportunities the council advertises, reserved below threshold for local
suppliers, SMEs or VCSEs (PPN 11/20), with the interest, clarifications and alerts around them."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class ContractType(models.TextChoices):
    GOODS = "goods", "Goods"
    SERVICES = "services", "Services"
    WORKS = "works", "Works"
    LIGHT_TOUCH = "light_touch", "Light-touch services (social, health, education)"


# Value bands people choose alerts by: (key, label, lowest £, highest £ or None).
VALUE_BANDS = [
    ("up-to-30k", "Up to £30,000", Decimal("0"), Decimal("30000")),
    ("30k-100k", "£30,000 to £100,000", Decimal("30000"), Decimal("100000")),
    ("100k-threshold", "£100,000 to £207,720", Decimal("100000"), Decimal("207720")),
    ("over-threshold", "Over £207,720", Decimal("207720"), None),
]
VALUE_BAND_CHOICES = [(key, label) for key, label, _low, _high in VALUE_BANDS]


def value_band_of(value):
    """The key of the band `value` falls in (lower bound included)."""
    for key, _label, low, high in VALUE_BANDS:
        if value >= low and (high is None or value < high):
            return key
    return VALUE_BANDS[0][0]


def threshold_for(contract_type):
    return Decimal(settings.PROCUREMENT_THRESHOLDS[contract_type])


class OpportunityIndexPage(RoutablePageMixin, Page):
    """The public list of open opportunities, the archive and the feeds."""

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["opportunities.OpportunityPage"]
    max_count = 1

    class Meta:
        verbose_name = "opportunities list"

    @path("")
    def open_list(self, request):
        from opportunities.views import opportunity_list

        return opportunity_list(request, self, archive=False)

    @path("archive/")
    def archive(self, request):
        from opportunities.views import opportunity_list

        return opportunity_list(request, self, archive=True)

    @path("feed/rss/")
    def rss(self, request):
        from opportunities.feeds import RssFeed

        return RssFeed(self)(request)

    @path("feed/atom/")
    def atom(self, request):
        from opportunities.feeds import AtomFeed

        return AtomFeed(self)(request)


class OpportunityQuerySet(PageQuerySet):
    def open(self, now=None):
        return self.live().filter(closing_at__gt=now or timezone.now())

    def closed(self, now=None):
        return self.live().filter(closing_at__lte=now or timezone.now())


class OpportunityPage(RoutablePageMixin, Page):
    """One contract opportunity. Staff draft it, a moderator approves it and it can be
    scheduled: Wagtail's workflow and "go live at" do both."""

    reference = models.CharField(
        max_length=40, unique=True, help_text="The council's reference, such as PCC-2026-014"
    )
    buyer = models.CharField(max_length=200, default="Portsmouth City Council")
    summary = models.CharField(max_length=300, help_text="One or two sentences for the list")
    description = RichTextField(features=RICH_TEXT_FEATURES)
    contract_type = models.CharField(max_length=20, choices=ContractType.choices)
    estimated_value = models.DecimalField(
        "estimated value (£, VAT included)",
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    closing_at = models.DateTimeField("closing date and time")
    cpv_code = models.CharField(
        "CPV code",
        max_length=12,
        blank=True,
        help_text="Common Procurement Vocabulary code, such as 90910000-9 for cleaning services",
    )
    sector = models.ForeignKey(
        "directory.Sector",
        on_delete=models.PROTECT,
        related_name="opportunities",
        help_text="The directory sector whose suppliers this suits (used for alerts)",
    )
    how_to_respond = RichTextField(features=RICH_TEXT_FEATURES)
    social_value_asks = ParentalManyToManyField(
        "guidance.Measure",
        blank=True,
        related_name="opportunities",
        verbose_name="social value asks",
    )
    reserved_local = models.BooleanField(
        "reserved for suppliers in the Portsmouth area", default=False
    )
    reserved_sme = models.BooleanField("reserved for SMEs", default=False)
    reserved_vcse = models.BooleanField("reserved for VCSEs", default=False)
    awarded_to = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="awarded_opportunities",
    )
    awarded_value = models.DecimalField(
        "awarded value (£)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    awarded_on = models.DateField(null=True, blank=True)
    alerts_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PageManager.from_queryset(OpportunityQuerySet)()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("reference"),
                FieldPanel("buyer"),
                FieldPanel("summary"),
                FieldPanel("description"),
                FieldPanel("contract_type"),
                FieldPanel("estimated_value"),
                FieldPanel("closing_at"),
                FieldPanel("cpv_code"),
                FieldPanel("sector"),
            ],
            heading="The opportunity",
        ),
        FieldPanel("how_to_respond"),
        InlinePanel("documents", label="Documents"),
        FieldPanel("social_value_asks"),
        MultiFieldPanel(
            [FieldPanel("reserved_local"), FieldPanel("reserved_sme"), FieldPanel("reserved_vcse")],
            heading="Reservation (PPN 11/20, below threshold only)",
        ),
        MultiFieldPanel(
            [FieldPanel("awarded_to"), FieldPanel("awarded_value"), FieldPanel("awarded_on")],
            heading="Award",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("reference"),
        index.FilterField("closing_at"),
    ]
    parent_page_types = ["opportunities.OpportunityIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "opportunity"
        verbose_name_plural = "opportunities"

    @property
    def is_reserved(self):
        return self.reserved_local or self.reserved_sme or self.reserved_vcse

    @property
    def threshold(self):
        return threshold_for(self.contract_type)

    @property
    def is_below_threshold(self):
        return self.estimated_value is not None and self.estimated_value < self.threshold

    @property
    def is_open(self):
        return self.closing_at > timezone.now()

    @property
    def ocid(self):
        return f"{settings.OCDS_PREFIX}-{self.reference}"

    def reservation_labels(self):
        labels = []
        if self.reserved_local:
            labels.append("suppliers in the Portsmouth area")
        if self.reserved_sme and self.reserved_vcse:
            labels.append("SMEs or VCSEs")
        elif self.reserved_sme:
            labels.append("SMEs")
        elif self.reserved_vcse:
            labels.append("VCSEs")
        return labels

    def clean(self):
        super().clean()
        if self.is_reserved and self.estimated_value is not None and not self.is_below_threshold:
            raise ValidationError(
                {
                    "estimated_value": (
                        f"Only opportunities below the £{self.threshold:,.0f} threshold for "
                        f"{self.get_contract_type_display().lower()} can be reserved; lower the "
                        "value or remove the reservation"
                    )
                }
            )
        if self.awarded_to_id and self.awarded_value is None:
            raise ValidationError({"awarded_value": "Enter the value of the award"})

    def get_context(self, request, *args, **kwargs):
        from opportunities.views import opportunity_context

        context = super().get_context(request, *args, **kwargs)
        context.update(opportunity_context(request, self))
        return context

    @path("")
    def detail(self, request):
        return self.render(request)

    @path("interest/")
    def interest(self, request):
        from opportunities.views import express_interest

        return express_interest(request, self)

    @path("ask/")
    def ask(self, request):
        from opportunities.views import ask_question

        return ask_question(request, self)

    @path("ocds/")
    def ocds(self, request):
        from django.http import JsonResponse

        from opportunities.ocds import release

        return JsonResponse(release(self, request), json_dumps_params={"indent": 2})


class OpportunityDocument(Orderable):
    page = ParentalKey(OpportunityPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    def __str__(self):
        return self.title or self.document.title


class Interest(models.Model):
    """An eligible organisation says it means to bid. One per organisation and opportunity."""

    opportunity = models.ForeignKey(
        OpportunityPage, on_delete=models.CASCADE, related_name="interests"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="opportunity_interests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "organisation"], name="unique_interest_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} in {self.opportunity}"


class Clarification(models.Model):
    """A supplier's question. The answer is published without saying who asked."""

    opportunity = models.ForeignKey(
        OpportunityPage, on_delete=models.CASCADE, related_name="clarifications"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    question = models.TextField()
    answer = models.TextField(blank=True)
    is_published = models.BooleanField(
        "published", default=False, help_text="Show the question and answer on the opportunity"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self):
        return f"Question on {self.opportunity}"

    def save(self, *args, **kwargs):
        if self.answer.strip() and self.answered_at is None:
            self.answered_at = timezone.now()
        super().save(*args, **kwargs)

    def clean(self):
        if self.is_published and not self.answer.strip():
            raise ValidationError({"answer": "Enter an answer before publishing the question"})


def new_token():
    return uuid.uuid4().hex


class AlertSubscription(models.Model):
    """What a person wants to hear about: sectors and value bands, now or once a day."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "As soon as an opportunity is published"
        DAILY = "daily", "Once a day, in one email"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opportunity_alerts"
    )
    sectors = models.ManyToManyField("directory.Sector", blank=True, related_name="+")
    value_bands = models.JSONField(default=list, blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    is_active = models.BooleanField(default=True)
    unsubscribe_token = models.CharField(max_length=32, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Opportunity alerts for {self.user}"


class AlertDelivery(models.Model):
    """One opportunity owed to (then sent to) one subscriber; unique, so never sent twice."""

    subscription = models.ForeignKey(
        AlertSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    opportunity = models.ForeignKey(OpportunityPage, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "opportunity"], name="unique_alert_per_opportunity"
            )
        ]

    def __str__(self):
        return f"{self.opportunity} for {self.subscription.user}"
