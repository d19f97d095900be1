"""The directory's search and facets: django-filter groups, AND across groups, OR within one,
with a count beside each option that says how many results choosing it would give."""

import re

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, IntegerField, Q, Value, When
from wagtail.search.backends import get_search_backend

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

    def _matched_values(self, ids):
        """For each organisation in ids, the option values it has in every group: four
        queries, whatever the number of organisations or options."""
        values = {pk: {name: set() for name in self.filters} for pk in ids}
        rows = (
            Organisation.objects.published()
            .filter(pk__in=ids)
            .values_list(
                "pk",
                "size_band",
                "is_vcse",
                "is_social_enterprise",
                "is_local",
                "open_to_partnerships",
            )
        )
        for pk, size_band, is_vcse, is_social_enterprise, is_local, partnerships in rows:
            entry = values[pk]
            entry["size"].add(size_band)
            entry["type"].update(
                choice
                for choice, wanted in (
                    ("sme", size_band in SME_SIZE_BANDS),
                    ("vcse", is_vcse),
                    ("social_enterprise", is_social_enterprise),
                    ("large", size_band == SizeBand.LARGE),
                )
                if wanted
            )
            if is_local:
                entry["local"].add("yes")
            if partnerships:
                entry["partnerships"].add("yes")
        links = [
            (
                "sector",
                Organisation.sectors.through.objects.values_list("organisation_id", "sector__slug"),
            ),
            (
                "accreditation",
                Organisation.accreditations.through.objects.values_list(
                    "organisation_id", "accreditation__slug"
                ),
            ),
            ("award", Certificate.objects.valid().values_list("organisation_id", "level")),
        ]
        for name, pairs in links:
            for pk, value in pairs.filter(organisation_id__in=ids):
                values[pk][name].add(value)
        return values

    def _facets_from_ids(self, ids, cleaned):
        """The same counts as the database's, computed once from the matched organisations:
        a keyword search matches at most MAX_SEARCH_HITS, so this is cheap."""
        values = self._matched_values(ids).values()
        chosen = {name: set(cleaned.get(name) or []) for name in self.filters}
        counts = {}
        for name in self.filters:
            tally = counts[name] = {}
            for entry in values:
                if all(
                    entry[other] & chosen[other]
                    for other in self.filters
                    if other != name and chosen[other]
                ):
                    for value in entry[name]:
                        tally[value] = tally.get(value, 0) + 1
        return counts

    def facets(self, matched_ids=None):
        """[{name, label, options: [{value, label, count, checked}]}] for the template.

        matched_ids: the keyword search's matches (when a query was typed): the counts are then
        made from them in Python instead of seven queries each carrying the id list."""
        cleaned = self.form.cleaned_data if self.form.is_valid() else {}
        if matched_ids is not None:
            counts = self._facets_from_ids(matched_ids, cleaned)
            return [
                self._group(name, filter_, cleaned, counts[name].get)
                for name, filter_ in self.filters.items()
            ]
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
            by_value = {value: counts[f"n{i}"] for i, value in enumerate(queries)}
            groups.append(self._group(name, filter_, cleaned, by_value.get))
        return groups

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


def _sqlite_ranked_ids(terms):
    """The SQLite database backend's own match and BM25 score, without its slow plan.

    The backend joins the FTS table to every index entry and ranks with a scoring subquery
    per row (seconds on 10,000 organisations). Here the FTS table is asked once for the
    matching entries and their scores, and the ordering is the backend's: score weighted by
    the title boost, then newest first. None when another backend is configured.
    """
    backend = get_search_backend()
    if type(backend).__module__ != "modelsearch.backends.database.sqlite.sqlite":
        return None
    # Only importable when SQLite is the database.
    from modelsearch.backends.database.sqlite.query import BM25, MatchExpression
    from modelsearch.backends.database.sqlite.sqlite import normalize as sqlite_normalize
    from wagtail.search.models import IndexEntry, SQLiteFTSIndexEntry

    compiler = backend.query_compiler_class(Organisation.objects.published(), terms)
    match = MatchExpression(
        compiler.FTS_TABLE_FIELDS, compiler.build_search_query(sqlite_normalize(compiler.query))
    )
    matched = SQLiteFTSIndexEntry.objects.filter(match)
    scores = dict(matched.annotate(score=BM25()).values_list("pk", "score"))
    entries = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Organisation),
        pk__in=matched.values("pk"),
    ).values_list("pk", "object_id", "title_norm")
    published = set(Organisation.objects.published().values_list("pk", flat=True))
    ranked = sorted(
        (scores[pk] * (title_norm + 1), -int(object_id))
        for pk, object_id, title_norm in entries
        if int(object_id) in published
    )
    return [-negative_pk for _, negative_pk in ranked[:MAX_SEARCH_HITS]]


def search_ids(query):
    """Primary keys of published organisations matching the query, best first."""
    terms = search_terms(query)
    if not terms:
        return []
    ranked = _sqlite_ranked_ids(terms)
    if ranked is not None:
        return ranked
    results = Organisation.objects.published().search(terms, order_by_relevance=True)
    return [organisation.pk for organisation in results[:MAX_SEARCH_HITS]]


def directory_queryset(params, sectors=None, accreditations=None, rank_in_database=True):
    """(filterset, ordered queryset, query, sort) for the directory page, export and tests.

    rank_in_database=False leaves a relevance-sorted queryset unordered: the directory page
    orders `filterset.ranked_ids` itself, which is far cheaper than a CASE over every id."""
    query = clean_query(params.get("q"))
    base = Organisation.objects.published()
    ranked = None
    if query:
        ranked = search_ids(query)
        base = base.filter(pk__in=ranked)
    filterset = DirectoryFilter(
        params, queryset=base, sectors=sectors, accreditations=accreditations
    )
    # The search's matches, best first (None without a query): facets and the relevance
    # ordering use them directly.
    filterset.ranked_ids = ranked
    queryset = filterset.qs
    sort = params.get("sort")
    if sort not in dict(SORT_CHOICES) or (sort == "relevance" and not query):
        sort = "relevance" if query else "name"
    if sort == "relevance" and ranked:
        if not rank_in_database:
            return filterset, queryset, query, sort
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
