"""Keyword search of the directory as SQL that the filters, facet counts and paging join with.

With the database search backends (PostgreSQL, SQLite) the match is a subquery on Wagtail's
own index table, so a search with filters stays one SQL statement instead of an id list sent
back and forth, and the relevance order is the backend's own score computed in the database
for the page that is shown. A search cluster (Elasticsearch, OpenSearch) is asked through the
Wagtail backend: its best matches come back as ids.
"""

from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from modelsearch.index import RelatedFields, SearchField
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.search.backends import get_search_backend

# With a search cluster, the best this many matches keep the cluster's order; any further
# matches follow them, newest first. Every match counts, however many there are.
MAX_SEARCH_HITS = 1000
# Matches read from the cluster per request (a cluster answers at most 1,000 at a time).
CLUSTER_PAGE_SIZE = 1000

POSTGRES_BACKEND = "modelsearch.backends.database.postgres.postgres"
SQLITE_BACKEND = "modelsearch.backends.database.sqlite.sqlite"


def _indexes_a_title(fields):
    """True when a search field (or a related one) is named `title`: the backends index those
    apart from the body."""
    for field in fields:
        if isinstance(field, SearchField) and field.field_name == "title":
            return True
        if isinstance(field, RelatedFields) and _indexes_a_title(field.fields):
            return True
    return False


class KeywordSearch:
    """What was typed, as a condition on a queryset (`matching`) and an order (`best_first`)."""

    def __init__(self, model, terms):
        self.model = model
        self.terms = terms

    # Whether a higher score is a better match.
    higher_is_better = True

    def matching(self, queryset):
        raise NotImplementedError

    def best_first(self, queryset):
        """The queryset by relevance, then newest first (the backends' tie-break)."""
        raise NotImplementedError

    def matched(self):
        """A values queryset of the matches: `org_id` and its relevance `score`, or None when
        nothing can match."""
        raise NotImplementedError


class IndexTableSearch(KeywordSearch):
    """The database backends: a subquery on the index entries of the model."""

    def __init__(self, model, terms, backend):
        super().__init__(model, terms)
        from wagtail.search.models import IndexEntry

        self.backend = backend
        self.compiler = backend.query_compiler_class(model.objects.none(), terms)
        self.content_types = get_descendants_content_types_pks(model)
        self.entries = IndexEntry.objects.filter(content_type_id__in=self.content_types)

    def matched_entries(self):
        raise NotImplementedError

    def matching(self, queryset):
        ids = self.matched_entries().values(
            matched_id=Cast("object_id", output_field=BigIntegerField())
        )
        return queryset.filter(pk__in=ids)

    def score(self):
        """An expression of one entry's score (on the matched entries), as the backend's."""
        raise NotImplementedError

    def matched(self):
        return self.matched_entries().values(
            org_id=Cast("object_id", output_field=BigIntegerField()), score=self.score()
        )

    def best_first(self, queryset):
        scores = (
            self.matched_entries()
            .filter(object_id=Cast(OuterRef("pk"), output_field=CharField()))
            .annotate(_score=self.score())
            .values("_score")[:1]
        )
        return queryset.annotate(relevance=Subquery(scores, output_field=FloatField())).order_by(
            self.relevance_order, "-pk"
        )


class PostgresSearch(IndexTableSearch):
    """tsvector match on the GIN-indexed body column, ts_rank with the backend's weights."""

    relevance_order = F("relevance").desc()
    higher_is_better = True

    def __init__(self, model, terms, backend):
        super().__init__(model, terms, backend)
        config = self.compiler.get_config(backend)
        self.tsquery = self.compiler.build_tsquery(self.compiler.query, config=config)
        self.rank = lambda vector: self.compiler.build_tsrank(
            vector, self.compiler.query, config=config
        )
        # The backend matches `title || body`, which no index can answer. A model without a
        # title field has an empty title vector, so matching the body alone is the same match
        # and the GIN index on the body answers it.
        self.has_title = _indexes_a_title(model.get_search_fields())

    def matched_entries(self):
        if self.has_title:
            from django.contrib.postgres.search import SearchVectorField

            both = CombinedExpression(F("title"), "||", F("body"), SearchVectorField())
            return self.entries.annotate(_vector=both).filter(_vector=self.tsquery)
        return self.entries.filter(body=self.tsquery)

    def score(self):
        return self.rank(F("title")) * F("title_norm") + self.rank(F("body"))


class SQLiteSearch(IndexTableSearch):
    """FTS5 MATCH on the backend's full-text table, its BM25 score weighted by the title."""

    # BM25 in SQLite FTS5 is negative: the lower, the better.
    relevance_order = F("relevance").asc()
    higher_is_better = False

    def __init__(self, model, terms, backend):
        super().__init__(model, terms, backend)
        from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
        from wagtail.search.models import SQLiteFTSIndexEntry

        query = self.compiler.build_search_query(normalize(self.compiler.query))
        self.fts = SQLiteFTSIndexEntry.objects.filter(
            MatchExpression(self.compiler.FTS_TABLE_FIELDS, query)
        )

    def matched_entries(self):
        return self.entries.filter(pk__in=self.fts.values("pk"))

    def score(self):
        # bm25() only exists in the MATCH query itself, on the full-text table's rows.
        from modelsearch.backends.database.sqlite.query import BM25

        return BM25() * (F("index_entry__title_norm") + 1)

    def matched(self):
        # The MATCH must drive the query, each match then finding its entry by primary key.
        # Without statistics SQLite prefers the index on the content type and runs the MATCH
        # once per entry of the model (seconds): `+ 0` keeps that index out of the plan.
        return (
            self.fts.alias(content_type=F("index_entry__content_type_id") + 0)
            .filter(content_type__in=self.content_types)
            .values(
                org_id=Cast("index_entry__object_id", output_field=BigIntegerField()),
                score=self.score(),
            )
        )

    def best_first(self, queryset):
        scores = (
            self.fts.filter(
                index_entry__content_type_id__in=self.content_types,
                index_entry__object_id=Cast(OuterRef("pk"), output_field=CharField()),
            )
            .annotate(_score=self.score())
            .values("_score")[:1]
        )
        return queryset.annotate(relevance=Subquery(scores, output_field=FloatField())).order_by(
            self.relevance_order, "-pk"
        )


class ClusterSearch(KeywordSearch):
    """Elasticsearch or OpenSearch (or another backend): its best matches, as ids."""

    # The score is the position in the cluster's answer.
    higher_is_better = False

    def __init__(self, model, terms):
        super().__init__(model, terms)
        results = model.objects.published().search(terms, order_by_relevance=True)
        # Best first; equal scores newest first, as the database backends break ties.
        matches = sorted(cluster_matches(results), key=lambda match: (-match[1], -match[0]))
        self.ids = [pk for pk, _score in matches]

    def matching(self, queryset):
        return queryset.filter(pk__in=self.ids)

    def _position(self):
        return Case(
            *[When(pk=pk, then=Value(i)) for i, pk in enumerate(self.ids[:MAX_SEARCH_HITS])],
            default=Value(MAX_SEARCH_HITS),
            output_field=IntegerField(),
        )

    def best_first(self, queryset):
        if not self.ids:
            return queryset
        return queryset.annotate(relevance=self._position()).order_by("relevance", "-pk")

    def matched(self):
        if not self.ids:
            return None
        return self.model.objects.filter(pk__in=self.ids).values(
            org_id=F("pk"), score=self._position()
        )


def cluster_matches(results):
    """Every match of a cluster search as (id, score), read page by page with the scroll API
    and without a database query: the backend's own iteration stops at a slice and reads
    each page's objects from the database."""
    model = results.query_compiler.queryset.model
    es = results.backend.es
    page = results._backend_do_search(
        results._get_es_body(),
        index=results.backend.get_index_for_model(model).name,
        _source=False,
        scroll="1m",
        size=CLUSTER_PAGE_SIZE,
        **{results.fields_param_name: "pk"},
    )
    matches = []
    try:
        while hits := page["hits"]["hits"]:
            matches.extend((int(hit["fields"]["pk"][0]), hit["_score"] or 0) for hit in hits)
            if "_scroll_id" not in page:
                break
            page = es.scroll(scroll_id=page["_scroll_id"], scroll="1m")
    finally:
        if "_scroll_id" in page:
            es.clear_scroll(scroll_id=page["_scroll_id"])
    return matches


class NoSearch(KeywordSearch):
    """Nothing searchable was typed (only punctuation, say): nothing matches."""

    def matching(self, queryset):
        return queryset.none()

    def best_first(self, queryset):
        return queryset

    def matched(self):
        return None


def keyword_search(model, terms):
    """The search for these terms (words only) with the configured backend."""
    if not terms:
        return NoSearch(model, terms)
    backend = get_search_backend()
    module = type(backend).__module__
    if module == POSTGRES_BACKEND:
        return PostgresSearch(model, terms, backend)
    if module == SQLITE_BACKEND:
        return SQLiteSearch(model, terms, backend)
    return ClusterSearch(model, terms)
