"""The directory search: one query object (`DirectorySearch`) that the directory page, its CSV
export and the open data API share. Parameters go in; the ordered results, a page of them, the
total and the count beside each filter option come out.

With the database search backend the keyword is matched by the database's own full-text on a
column the organisation keeps up to date (`search_vector`: PostgreSQL tsvector with a GIN
index; SQLite: an FTS5 table keyed by the organisation's id). A search cluster (Elasticsearch,
OpenSearch) is asked through Wagtail's search backend and its best matches come back as ids.
Everything else (filters, facet counts, order, paging) is the Django ORM over those matches.
"""

import re
from functools import cached_property

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Value,
    When,
    prefetch_related_objects,
)

from portal.links import link_format

from .facets import registered_facets
from .filters import ColumnGroup, LinkGroup, filter_groups
from .models import BM25, LegalForm, Organisation, OrganisationText, SizeBand

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20
# With a search cluster, the best this many matches keep the cluster's order; any further
# matches follow them, newest first. Every match counts, however many there are.
MAX_SEARCH_HITS = 1000
# Matches read from the cluster per request (a cluster answers at most 1,000 at a time).
CLUSTER_PAGE_SIZE = 1000

SORT_CHOICES = [
    ("relevance", "Relevance"),
    ("name", "Name (A to Z)"),
    ("updated", "Recently updated"),
]
SORT_ORDERS = {
    "name": ("name", "pk"),
    "updated": ("-updated_at", "name", "pk"),
}

# The searchable text of an organisation, field by field, with its weight in the PostgreSQL
# vector: the name counts most, then the keywords, then the description and the sectors.
SEARCH_WEIGHTS = {"name": "B", "keywords": "C", "description": "D", "sectors": "D"}
# ts_rank's weights for D, C, B and A: the boosts 0, 2, 5 and 10 as (boost + 0.1) / 10.1.
RANK_WEIGHTS = [0.1 / 10.1, 2.1 / 10.1, 5.1 / 10.1, 1.0]


def clean_query(text):
    """Printable characters only: control characters upset full-text search engines."""
    return "".join(ch for ch in (text or "") if ch.isprintable()).strip()[:MAX_QUERY_LENGTH]


def search_terms(query):
    """Words only: quotes and operators typed by people (or bots) upset SQLite FTS5."""
    return " ".join(re.sub(r"[^\w\s]", " ", query).split())


def search_published(query):
    """A Wagtail search result of published organisations (the site-wide search), or None when
    nothing searchable was typed."""
    terms = search_terms(clean_query(query))
    if not terms:
        return None
    return Organisation.objects.published().search(terms, order_by_relevance=True)


# Keeping the search column up to date.


def searchable_texts(organisation, sector_names):
    """[(field, text)] in the order the search column is built from."""
    return [
        ("name", organisation.name),
        ("description", organisation.description),
        ("keywords", organisation.keywords),
        *[("sectors", name) for name in sector_names],
    ]


def weighted_vector(texts):
    """The PostgreSQL tsvector of [(field, text)], each text weighted for its field (None
    when there is no text)."""
    vectors = [
        SearchVector(Value(text.strip()), weight=SEARCH_WEIGHTS[field])
        for field, text in texts
        if text.strip()
    ]
    vector = vectors[0] if vectors else None
    for other in vectors[1:]:
        vector = vector + other
    return vector


def index_organisations(ids):
    """Rewrites the search column of these organisations from their name, description,
    keywords and sectors. Called when any of those change (see signals.py) and after bulk
    writes, which send no signals."""
    organisations = Organisation.objects.filter(pk__in=ids).prefetch_related("sectors")
    for organisation in organisations.only("pk", "name", "description", "keywords"):
        texts = searchable_texts(organisation, [s.name for s in organisation.sectors.all()])
        if connection.vendor == "postgresql":
            vector = weighted_vector(texts)
            Organisation.objects.filter(pk=organisation.pk).update(search_vector=vector)
        elif connection.vendor == "sqlite":
            OrganisationText.objects.update_or_create(
                organisation_id=organisation.pk,
                defaults={
                    "document": " ".join(text for _, text in texts),
                    "name": organisation.name,
                },
            )


def unindex_organisation(pk):
    if connection.vendor == "sqlite":
        OrganisationText.objects.filter(organisation_id=pk).delete()


# The keyword match, by where the search runs.


class FullTextMatch:
    """The terms matched against the search column of the database."""

    def __init__(self, terms):
        self.terms = terms

    def matching(self, queryset):
        raise NotImplementedError

    def best_first(self, queryset):
        """The matches among the queryset, most relevant first, then newest."""
        raise NotImplementedError


class PostgresMatch(FullTextMatch):
    def __init__(self, terms):
        super().__init__(terms)
        self.query = SearchQuery(terms, search_type="plain")

    def matching(self, queryset):
        return queryset.filter(search_vector=self.query)

    def best_first(self, queryset):
        rank = SearchRank(F("search_vector"), self.query, weights=RANK_WEIGHTS)
        return self.matching(queryset).annotate(relevance=rank).order_by("-relevance", "-pk")


class SQLiteMatch(FullTextMatch):
    def __init__(self, terms):
        super().__init__(terms)
        # Every word must appear, each as a string (never an FTS5 operator).
        self.expression = " AND ".join(
            '"{}"'.format(word.replace('"', '""')) for word in terms.split()
        )

    def matching(self, queryset):
        texts = OrganisationText.objects.filter(document__match=self.expression)
        return queryset.filter(pk__in=texts.values("organisation_id"))

    def best_first(self, queryset):
        # The full-text table drives the join, so bm25() is read once per match. Lower is better.
        return (
            queryset.filter(search_text__document__match=self.expression)
            .annotate(relevance=BM25())
            .order_by("relevance", "-pk")
        )


class ClusterMatch(FullTextMatch):
    """Elasticsearch or OpenSearch, through Wagtail's backend: its best matches, as ids."""

    def __init__(self, terms):
        super().__init__(terms)
        results = Organisation.objects.published().search(terms, order_by_relevance=True)
        # Best first; equal scores newest first, as the database backends break ties.
        matches = sorted(cluster_matches(results), key=lambda match: (-match[1], -match[0]))
        self.ids = [pk for pk, _score in matches]

    def matching(self, queryset):
        return queryset.filter(pk__in=self.ids)

    def best_first(self, queryset):
        position = Case(
            *[When(pk=pk, then=Value(i)) for i, pk in enumerate(self.ids[:MAX_SEARCH_HITS])],
            default=Value(MAX_SEARCH_HITS),
            output_field=IntegerField(),
        )
        return self.matching(queryset).annotate(relevance=position).order_by("relevance", "-pk")


def cluster_matches(results):
    """Every match of a cluster search as (id, score), read page by page with the client's
    scroll API and without a database query (iterating the results would read each page's
    objects from the database). It uses the backend's public parts only: the query its
    compiler builds, its client, the index of the model and the name of the ids field."""
    backend = results.backend
    compiler = results.query_compiler
    query = {"query": compiler.get_query()}
    params = {
        "index": backend.get_index_for_model(compiler.queryset.model).name,
        "_source": False,
        "scroll": "1m",
        "size": CLUSTER_PAGE_SIZE,
        results.fields_param_name: "pk",
    }
    if backend.use_new_elasticsearch_api:
        page = backend.es.search(**query, **params)
    else:
        page = backend.es.search(body=query, **params)
    matches = []
    try:
        while hits := page["hits"]["hits"]:
            matches.extend((int(hit["fields"]["pk"][0]), hit["_score"] or 0) for hit in hits)
            if "_scroll_id" not in page:
                break
            page = backend.es.scroll(scroll_id=page["_scroll_id"], scroll="1m")
    finally:
        if "_scroll_id" in page:
            backend.es.clear_scroll(scroll_id=page["_scroll_id"])
    return matches


class NoMatch(FullTextMatch):
    """Nothing searchable was typed (only punctuation, say): nothing matches."""

    def matching(self, queryset):
        return queryset.none()

    def best_first(self, queryset):
        return queryset.none()


def keyword_match(terms):
    if not terms:
        return NoMatch(terms)
    if settings.SEARCH_BACKEND == "database" and connection.vendor == "postgresql":
        return PostgresMatch(terms)
    if settings.SEARCH_BACKEND == "database" and connection.vendor == "sqlite":
        return SQLiteMatch(terms)
    return ClusterMatch(terms)


def result_details():
    """Prefetches for what the groups other apps register show beside an organisation (its
    valid award certificate, say)."""
    return [facet.details() for facet in registered_facets() if facet.details]


def with_details(queryset):
    """What a profile shows of the organisation itself: logo and sectors (other apps add
    panels, see profile_panels.py)."""
    return queryset.select_related("logo").prefetch_related("sectors")


LEGAL_FORMS = dict(LegalForm.choices)
SIZE_BANDS = dict(SizeBand.choices)


def with_listing(organisations):
    """A page of search results with what each shows: its legal form, size and flags (`kind`),
    the names of its sectors (`sector_names`, in one query) and what the groups other apps
    register add."""
    by_pk = {organisation.pk: organisation for organisation in organisations}
    # One reverse() for the page, not one a result: the profile URLs differ only by slug.
    profile_url = link_format("directory:profile", "slug")
    for organisation in organisations:
        organisation.profile_url = profile_url.format(organisation.slug)
        organisation.sector_names = []
        organisation.kind = " · ".join(
            [
                LEGAL_FORMS.get(organisation.legal_form, organisation.legal_form),
                SIZE_BANDS.get(organisation.size_band, organisation.size_band),
            ]
            + ["Local"] * organisation.is_local
            + ["VCSE"] * organisation.is_vcse
        )
    links = (
        Organisation.sectors.through.objects.filter(organisation_id__in=by_pk)
        .order_by("sector__name")
        .values_list("organisation_id", "sector__name")
    )
    for pk, name in links:
        by_pk[pk].sector_names.append(name)
    prefetch_related_objects(organisations, *result_details())
    return organisations


# The columns a search result shows (the page reads no others).
LISTED_FIELDS = (
    "pk",
    "name",
    "slug",
    "legal_form",
    "size_band",
    "is_local",
    "is_vcse",
    "description",
)


class DirectorySearch:
    """A directory search from its parameters (a QueryDict or dict): `q`, the filter groups
    (sector, type, size, local, accreditation, partnerships and those other apps register),
    `sort`."""

    def __init__(self, params, per_page=RESULTS_PER_PAGE):
        self.per_page = per_page
        self.query = clean_query(params.get("q"))
        self.match = keyword_match(search_terms(self.query)) if self.query else None
        self.groups = filter_groups()
        # {group: [chosen values]} for each group with a known value chosen.
        self.chosen = {g.name: values for g in self.groups if (values := g.clean(params))}
        self.conditions = {
            group.name: group.condition(self.chosen[group.name])
            for group in self.groups
            if group.name in self.chosen
        }
        sort = params.get("sort")
        if sort not in dict(SORT_CHOICES) or (sort == "relevance" and not self.query):
            sort = "relevance" if self.query else "name"
        self.sort = sort

    @property
    def sort_choices(self):
        return [c for c in SORT_CHOICES if self.query or c[0] != "relevance"]

    def _passing(self, *, besides=None):
        """The chosen groups' conditions, all but `besides`'s."""
        query = Q()
        for name, group_condition in self.conditions.items():
            if name != besides:
                query &= group_condition
        return query

    @cached_property
    def matched(self):
        """The published organisations that match the keyword (all of them without one)."""
        published = Organisation.objects.published()
        return self.match.matching(published) if self.match else published

    def results(self):
        """Every organisation that passes the search and the filters, in the chosen order."""
        queryset = Organisation.objects.published().filter(self._passing())
        if self.sort == "relevance":
            return self.match.best_first(queryset)
        if self.match:
            queryset = self.match.matching(queryset)
        return queryset.order_by(*SORT_ORDERS[self.sort])

    @cached_property
    def counts(self):
        """(total, {group: {option: count}}): beside each option, how many results choosing it
        would give (the other groups' choices apply, its own group's do not). The same queries
        whatever the data: one over the matches grouped by the option columns and by whether
        each chosen group passes (a few dozen rows at most), one per group of linked rows."""
        columns = [g for g in self.groups if isinstance(g, ColumnGroup)]
        links = [g for g in self.groups if isinstance(g, LinkGroup)]
        fields = sorted({f for g in columns for f, _ in g.columns.values()})
        flags = {
            f"passes_{group.name}": ExpressionWrapper(
                group.passes(self.chosen[group.name]), output_field=BooleanField()
            )
            for group in self.groups
            if group.name in self.chosen
        }
        rows = self.matched.annotate(**flags).values(*fields, *flags).annotate(n=Count("pk"))
        total = 0
        counts = {g.name: dict.fromkeys(g.values, 0) for g in columns}
        for row in rows.order_by():
            passes = {name: bool(row[f"passes_{name}"]) for name in self.conditions}
            if all(passes.values()):
                total += row["n"]
            for group in columns:
                if all(ok for name, ok in passes.items() if name != group.name):
                    for value, (column, accepted) in group.columns.items():
                        if row[column] in accepted:
                            counts[group.name][value] += row["n"]
        # A link group's options count the matches passing the other groups' choices: the
        # same organisations for every group without a choice. One query per group: as one
        # UNION, PostgreSQL would start parallel workers for a few milliseconds' work.
        among = {}
        for group in links:
            besides = group.name if group.name in self.conditions else None
            if besides not in among:
                among[besides] = self.matched.filter(self._passing(besides=besides))
            counts[group.name] = dict(group.tally(among[besides]))
        return total, counts

    @property
    def total(self):
        return self.counts[0]

    def facets(self):
        """[{name, label, options: [{value, label, count, checked, id}], chosen}] for the
        template, in the groups' order."""
        counts = self.counts[1]
        facets = []
        for group in self.groups:
            chosen = set(self.chosen.get(group.name, ()))
            count = counts[group.name].get
            options = [
                {
                    "value": value,
                    "label": label,
                    "count": count(value) or 0,
                    "checked": value in chosen,
                    "id": f"{group.name}-{value}",
                }
                for value, label in group.choices
            ]
            facets.append(
                {
                    "name": group.name,
                    "label": group.label,
                    "options": options,
                    "chosen": len(chosen),
                }
            )
        return facets

    def page(self, number):
        """The page asked for (the first when it is not a number, the last when it is out of
        range), its organisations with what a result shows."""
        paginator = Paginator(self.results().only(*LISTED_FIELDS), self.per_page)
        paginator.count = self.total
        page = paginator.get_page(number)
        page.object_list = with_listing(list(page.object_list))
        return page
