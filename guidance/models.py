"""TOMs reference data: Themes, Outcomes and Measures, each measure with a £ proxy value."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models


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
