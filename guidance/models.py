"""TOMs reference data (Themes, Outcomes and Measures, each measure with a £ proxy value)
and the guidance page types."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from guidance.blocks import GuidanceStreamBlock


class Theme(models.Model):
    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Outcome(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="outcomes")
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["theme__sort_order", "sort_order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "title"], name="unique_outcome_per_theme")
        ]

    def __str__(self):
        return self.title


class MeasureQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Measure(models.Model):
    """One TOMs measure: what is counted (unit) and what one unit is worth (proxy value)."""

    code = models.CharField(max_length=30, unique=True)
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="measures")
    outcome = models.ForeignKey(
        Outcome, on_delete=models.PROTECT, related_name="measures", null=True, blank=True
    )
    unit = models.CharField(max_length=60, help_text="What one unit is, e.g. hour, FTE, £1 spent")
    proxy_value = models.DecimalField(
        "proxy value (£ per unit)",
        max_digits=14,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0"))],
    )
    edition = models.CharField(
        max_length=60, help_text="e.g. Portsmouth 2021 or National TOMs 2024"
    )
    year = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=255)
    active = models.BooleanField(default=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["theme__sort_order", "code"]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def theme_code(self):
        return self.theme.code

    @property
    def outcome_title(self):
        return self.outcome.title if self.outcome else ""


def _today():
    return timezone.localdate()


def _a_year_from_today():
    return timezone.localdate() + datetime.timedelta(days=365)


class GuidanceMixin:
    """Breadcrumbs from the home page down to the parent of the page."""

    def get_breadcrumbs(self, request=None):
        return [
            {"title": ancestor.title, "url": ancestor.get_url(request)}
            for ancestor in self.get_ancestors().filter(depth__gt=1)
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = self.get_breadcrumbs(request)
        return context


class GuidanceIndexPage(GuidanceMixin, Page):
    """The front page of the guidance (/guidance/) or of one guide within it."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["portal.HomePage", "guidance.GuidanceIndexPage"]
    subpage_types = [
        "guidance.GuidancePage",
        "guidance.GuidanceIndexPage",
        "guidance.CalculatorPage",
    ]

    class Meta:
        verbose_name = "guidance index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().specific()
        context["show_toms_link"] = self.depth == 3
        return context


class GuidancePage(GuidanceMixin, Page):
    """One page of guidance, reviewed on a schedule so the advice stays right."""

    summary = models.TextField(
        max_length=300, help_text="One or two sentences shown under the title and in lists"
    )
    body = StreamField(GuidanceStreamBlock(), use_json_field=True)
    last_reviewed = models.DateField(default=_today)
    review_due = models.DateField(
        default=_a_year_from_today, help_text="Editors see the page in a report after this date"
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("last_reviewed"), FieldPanel("review_due")], heading="Review"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    parent_page_types = ["guidance.GuidanceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "guidance page"

    def clean(self):
        super().clean()
        if self.last_reviewed and self.review_due and self.review_due <= self.last_reviewed:
            raise ValidationError({"review_due": "The review date must be after the last review"})

    @property
    def review_overdue(self):
        return self.review_due < timezone.localdate()

    def body_with_anchors(self):
        """Each block with the id its heading gets in the contents list (None if not a heading)."""
        used = set()
        for block in self.body:
            anchor = None
            if block.block_type == "heading":
                base = slugify(block.value) or "section"
                anchor, number = base, 2
                while anchor in used:
                    anchor, number = f"{base}-{number}", number + 1
                used.add(anchor)
            yield block, anchor

    def contents(self):
        return [(anchor, block.value) for block, anchor in self.body_with_anchors() if anchor]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        siblings = list(
            GuidancePage.objects.live()
            .public()
            .sibling_of(self)
            .order_by("path")
            .only("title", "url_path", "path", "depth")
        )
        position = next((i for i, page in enumerate(siblings) if page.pk == self.pk), None)
        if position is not None:
            context["previous_page"] = siblings[position - 1] if position > 0 else None
            context["next_page"] = siblings[position + 1] if position + 1 < len(siblings) else None
        return context


class CalculatorPage(GuidanceMixin, Page):
    """The social value calculator and LM3 tool (/guidance/calculator/).

    It is a GET form so a result has a shareable address; `?download=csv` downloads it.
    """

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["guidance.GuidanceIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "social value calculator page"

    def get_context(self, request, *args, **kwargs):
        from guidance.views import calculator_context

        context = super().get_context(request, *args, **kwargs)
        context.update(calculator_context(request))
        return context

    def serve(self, request, *args, **kwargs):
        from guidance.views import calculation_download

        if request.GET.get("download") == "csv":
            response = calculation_download(request)
            if response is not None:
                return response
        return super().serve(request, *args, **kwargs)
