"""The directory's search and facets: django-filter groups, AND across groups, OR within one,
with a count beside each option that says how many results choosing it would give."""

import django_filters
from django import forms
from django.db.models import CharField, Count, Q, Value
from django.db.models.functions import Cast

from awards.models import Certificate, CertificateLevel

from .models import SME_SIZE_BANDS, Accreditation, Organisation, Sector, SizeBand

TYPE_CHOICES = [
    ("sme", "SME (fewer than 250 staff)"),
    ("vcse", "Voluntary, community or social enterprise (VCSE)"),
    ("social_enterprise", "Social enterprise"),
    ("large", "Large organisation"),
]
TYPE_QUERIES = {
    "sme": Q(size_band__in=SME_SIZE_BANDS),
    "vcse": Q(is_vcse=True),
    "social_enterprise": Q(is_social_enterprise=True),
    "large": Q(size_band=SizeBand.LARGE),
}
# The groups whose options are columns of the organisation: each option's condition.
COLUMN_OPTIONS = {
    "type": TYPE_QUERIES,
    "size": {band: Q(size_band=band) for band in SizeBand.values},
    "local": {"yes": Q(is_local=True)},
    "partnerships": {"yes": Q(open_to_partnerships=True)},
}
AWARD_CHOICES = [(level.value, level.label.split(" (")[0]) for level in CertificateLevel]


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Unknown values in the query string are dropped, never an error page."""

    def clean(self, value):
        if isinstance(value, str):
            value = [value]
        return super().clean([v for v in (value or []) if self.valid_value(v)])


class FacetFilter(django_filters.MultipleChoiceFilter):
    field_class = LenientMultipleChoiceField


def _links(name):
    """For a group whose options are linked rows (sectors, accreditations, awards): the rows
    that link an organisation to an option, and the column holding the option's value."""
    if name == "sector":
        return Organisation.sectors.through.objects.all(), "sector__slug"
    if name == "accreditation":
        return Organisation.accreditations.through.objects.all(), "accreditation__slug"
    if name == "award":
        return Certificate.objects.valid(), "level"
    return None


# Sectors and accreditations are counted by their id in the link table (no join).
LINK_COLUMNS = {"sector": "sector_id", "accreditation": "accreditation_id", "award": "level"}


def link_counts(organisations, filterset):
    """[(group, option, count)] for the groups of linked rows, in one query: `organisations`
    maps each group to the organisations its options are counted over."""
    parts = []
    for name, column in LINK_COLUMNS.items():
        rows, _ = _links(name)
        parts.append(
            rows.filter(organisation__in=organisations[name])
            .annotate(group=Value(name), option=Cast(column, CharField()))
            .values("group", "option")
            .annotate(n=Count("organisation_id", distinct=True))
            .order_by()
        )
    slugs = {
        "sector": {str(s.pk): s.slug for s in filterset.sectors},
        "accreditation": {str(a.pk): a.slug for a in filterset.accreditations},
    }
    return [
        (row["group"], slugs.get(row["group"], {}).get(row["option"], row["option"]), row["n"])
        for row in parts[0].union(*parts[1:], all=True)
    ]


def condition(name, values):
    """What an organisation must satisfy for the choices `values` of one group (any of them)."""
    links = _links(name)
    if links is not None:
        rows, column = links
        return Q(pk__in=rows.filter(**{f"{column}__in": values}).values("organisation_id"))
    options = COLUMN_OPTIONS[name]
    query = Q()
    for value in values:
        query |= options[value]
    return query


def _taxonomies():
    """(sectors, accreditations) in one query, each by name."""
    fields = ("id", "name", "slug")
    rows = (
        Sector.objects.annotate(kind=Value("sector"))
        .values_list(*fields, "kind")
        .order_by()
        .union(
            Accreditation.objects.annotate(kind=Value("accreditation"))
            .values_list(*fields, "kind")
            .order_by(),
            all=True,
        )
        .order_by("name")
    )
    found = {"sector": [], "accreditation": []}
    for pk, name, slug, kind in rows:
        model = Sector if kind == "sector" else Accreditation
        found[kind].append(model(pk=pk, name=name, slug=slug))
    return found["sector"], found["accreditation"]


class DirectoryFilter(django_filters.FilterSet):
    sector = FacetFilter(label="Sector", method="filter_group")
    type = FacetFilter(label="Type of organisation", choices=TYPE_CHOICES, method="filter_group")
    size = FacetFilter(label="Size", choices=SizeBand.choices, method="filter_group")
    local = FacetFilter(
        label="Location", choices=[("yes", "Local to Portsmouth only")], method="filter_group"
    )
    accreditation = FacetFilter(label="Accreditation", method="filter_group")
    award = FacetFilter(
        label="Social value award level", choices=AWARD_CHOICES, method="filter_group"
    )
    partnerships = FacetFilter(
        label="Partnerships",
        choices=[("yes", "Open to partnerships and consortium bids")],
        method="filter_group",
    )

    class Meta:
        model = Organisation
        fields = []

    def __init__(self, *args, sectors=None, accreditations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sectors is None or accreditations is None:
            sectors, accreditations = _taxonomies()
        self.sectors, self.accreditations = sectors, accreditations
        self.filters["sector"].extra["choices"] = [(s.slug, s.name) for s in self.sectors]
        self.filters["accreditation"].extra["choices"] = [
            (a.slug, a.name) for a in self.accreditations
        ]

    def filter_group(self, queryset, name, value):
        return queryset.filter(condition(name, value))

    def facets(self, counts):
        """[{name, label, options: [{value, label, count, checked}]}] for the template."""
        cleaned = self.form.cleaned_data if self.form.is_valid() else {}
        return [
            self._group(name, filter_, cleaned, counts[name].get)
            for name, filter_ in self.filters.items()
        ]

    def _group(self, name, filter_, cleaned, count):
        chosen = set(cleaned.get(name) or [])
        options = [
            {
                "value": value,
                "label": label,
                "count": count(value) or 0,
                "checked": value in chosen,
                "id": f"{name}-{value}",
            }
            for value, label in filter_.extra["choices"]
        ]
        return {"name": name, "label": filter_.label, "options": options, "chosen": len(chosen)}
