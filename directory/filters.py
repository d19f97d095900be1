"""The directory's search and facets: django-filter groups, AND across groups, OR within one,
with a count beside each option that says how many results choosing it would give."""

import re

import django_filters
from django import forms
from django.db.models import Case, Count, IntegerField, Q, Value, When

from awards.models import Certificate, CertificateLevel

from .models import SME_SIZE_BANDS, Accreditation, Organisation, Sector, SizeBand

MAX_QUERY_LENGTH = 200
# The search backend returns at most this many matches, best first.
MAX_SEARCH_HITS = 1000

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
AWARD_CHOICES = [(level.value, level.label.split(" (")[0]) for level in CertificateLevel]
SORT_CHOICES = [
    ("relevance", "Relevance"),
    ("name", "Name (A to Z)"),
    ("updated", "Recently updated"),
]


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Unknown values in the query string are dropped, never an error page."""

    def clean(self, value):
        if isinstance(value, str):
            value = [value]
        return super().clean([v for v in (value or []) if self.valid_value(v)])


class FacetFilter(django_filters.MultipleChoiceFilter):
    field_class = LenientMultipleChoiceField


def _in_relation(through, column, values):
    return Q(
        pk__in=through.objects.filter(**{f"{column}__slug__in": values}).values("organisation_id")
    )


def _certified(levels):
    return Q(pk__in=Certificate.objects.valid().filter(level__in=levels).values("organisation_id"))


class DirectoryFilter(django_filters.FilterSet):
    sector = FacetFilter(label="Sector", method="filter_sector")
    type = FacetFilter(label="Type of organisation", choices=TYPE_CHOICES, method="filter_type")
    size = FacetFilter(label="Size", choices=SizeBand.choices, method="filter_size")
    local = FacetFilter(
        label="Location", choices=[("yes", "Local to Portsmouth only")], method="filter_local"
    )
    accreditation = FacetFilter(label="Accreditation", method="filter_accreditation")
    award = FacetFilter(
        label="Social value award level", choices=AWARD_CHOICES, method="filter_award"
    )
    partnerships = FacetFilter(
        label="Partnerships",
        choices=[("yes", "Open to partnerships and consortium bids")],
        method="filter_partnerships",
    )

    class Meta:
        model = Organisation
        fields = []

    def __init__(self, *args, sectors=None, accreditations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sectors = list(Sector.objects.all()) if sectors is None else sectors
        self.accreditations = (
            list(Accreditation.objects.all()) if accreditations is None else accreditations
        )
        self.filters["sector"].extra["choices"] = [(s.slug, s.name) for s in self.sectors]
        self.filters["accreditation"].extra["choices"] = [
            (a.slug, a.name) for a in self.accreditations
        ]

    def filter_sector(self, queryset, name, value):
        return queryset.filter(_in_relation(Organisation.sectors.through, "sector", value))

    def filter_accreditation(self, queryset, name, value):
        return queryset.filter(
            _in_relation(Organisation.accreditations.through, "accreditation", value)
        )

    def filter_type(self, queryset, name, value):
        query = Q()
        for choice in value:
            query |= TYPE_QUERIES[choice]
        return queryset.filter(query)

    def filter_size(self, queryset, name, value):
        return queryset.filter(size_band__in=value)

    def filter_local(self, queryset, name, value):
        return queryset.filter(is_local=True)

    def filter_award(self, queryset, name, value):
        return queryset.filter(_certified(value))

    def filter_partnerships(self, queryset, name, value):
        return queryset.filter(open_to_partnerships=True)

    # Counts: for each group, the other groups' choices apply and this group's do not.

    def _option_queries(self, name):
        if name == "sector":
            through = Organisation.sectors.through
            return {s.slug: _in_relation(through, "sector", [s.slug]) for s in self.sectors}
        if name == "accreditation":
            through = Organisation.accreditations.through
            return {
                a.slug: _in_relation(through, "accreditation", [a.slug])
                for a in self.accreditations
            }
        if name == "type":
            return TYPE_QUERIES
        if name == "size":
            return {band: Q(size_band=band) for band in SizeBand.values}
        if name == "local":
            return {"yes": Q(is_local=True)}
        if name == "award":
            return {level: _certified([level]) for level, _ in AWARD_CHOICES}
        if name == "partnerships":
            return {"yes": Q(open_to_partnerships=True)}
        raise KeyError(name)

    def facets(self):
        """[{name, label, options: [{value, label, count, checked}]}] for the template."""
        cleaned = self.form.cleaned_data if self.form.is_valid() else {}
        groups = []
        for name, filter_ in self.filters.items():
            others = self.queryset
            for other_name, other in self.filters.items():
                if other_name != name and cleaned.get(other_name):
                    others = other.filter(others, cleaned[other_name])
            queries = self._option_queries(name)
            counts = others.aggregate(
                **{f"n{i}": Count("pk", filter=q) for i, q in enumerate(queries.values())}
            )
            chosen = set(cleaned.get(name) or [])
            options = [
                {
                    "value": value,
                    "label": label,
                    "count": counts[f"n{list(queries).index(value)}"],
                    "checked": value in chosen,
                    "id": f"{name}-{value}",
                }
                for value, label in filter_.extra["choices"]
            ]
            groups.append(
                {"name": name, "label": filter_.label, "options": options, "chosen": len(chosen)}
            )
        return groups


def clean_query(text):
    """Printable characters only: control characters upset full-text search engines."""
    return "".join(ch for ch in (text or "") if ch.isprintable()).strip()[:MAX_QUERY_LENGTH]


def search_terms(query):
    """Words only: quotes and operators typed by people (or bots) upset SQLite FTS5."""
    return " ".join(re.sub(r"[^\w\s]", " ", query).split())


def search_published(query):
    """A search result of published organisations, or None when nothing searchable was typed."""
    terms = search_terms(query)
    if not terms:
        return None
    return Organisation.objects.published().search(terms, order_by_relevance=True)


def search_ids(query):
    """Primary keys of published organisations matching the query, best first."""
    results = search_published(query)
    if results is None:
        return []
    return [organisation.pk for organisation in results[:MAX_SEARCH_HITS]]


def directory_queryset(params, sectors=None, accreditations=None):
    """(filterset, ordered queryset, query, sort) for the directory page, export and tests."""
    query = clean_query(params.get("q"))
    base = Organisation.objects.published()
    ranked = None
    if query:
        ranked = search_ids(query)
        base = base.filter(pk__in=ranked)
    filterset = DirectoryFilter(
        params, queryset=base, sectors=sectors, accreditations=accreditations
    )
    queryset = filterset.qs
    sort = params.get("sort")
    if sort not in dict(SORT_CHOICES) or (sort == "relevance" and not query):
        sort = "relevance" if query else "name"
    if sort == "relevance" and ranked:
        queryset = queryset.annotate(
            relevance=Case(
                *[When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)],
                output_field=IntegerField(),
            )
        ).order_by("relevance", "name")
    elif sort == "updated":
        queryset = queryset.order_by("-updated_at", "name")
    else:
        queryset = queryset.order_by("name", "pk")
    return filterset, queryset, query, sort
