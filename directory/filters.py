"""The directory's search and facets: django-filter groups, AND across groups, OR within one,
with a count beside each option that says how many results choosing it would give."""

import re

import django_filters
from django import forms
from django.db import connections
from django.db.models import F, Q, Value

from awards.models import Certificate, CertificateLevel

from .models import SME_SIZE_BANDS, Accreditation, Organisation, Sector, SizeBand
from .search import keyword_search

MAX_QUERY_LENGTH = 200

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


# Sectors and accreditations are counted by their id in the link table.
LINK_COLUMNS = {"sector": "sector_id", "accreditation": "accreditation_id"}


def _links_sql(name, connection):
    """SQL of (organisation_id, value) for each link of a related group: counted by the link's
    own column (no join to the options' table), then named. The same SQL on every request
    for sectors and accreditations; awards depend on the day."""
    key = (connection.vendor, "links", name)
    if key in _COMPILED:
        return _COMPILED[key]
    rows, column = _links(name)
    rows = rows.values("organisation_id", value=F(LINK_COLUMNS.get(name, column))).order_by()
    sql = rows.query.get_compiler(connection=connection).as_sql()
    if name in LINK_COLUMNS:
        _COMPILED[key] = sql
    return sql


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


# The SQL of each option's condition, by database vendor: the same on every request.
_COMPILED = {}


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

    def tally(self, search=None, order=None, page=None):
        """How many of the organisations (the queryset: the published ones) the choices give,
        and beside each option how many choosing it would give (the other groups' choices
        apply, its own group's do not), in one SQL statement whatever the number of
        organisations or options: the organisations (the keyword search's matches when
        `search` is given) are read once, with a flag per option and per chosen group, and
        every count is made from those rows.

        With `page` (number, results per page) the statement also returns the ids of that
        page of results in `order` (an ORDER BY over `m.score`, `m.name`, `m.updated_at`).

        Returns (count, {group: {value: count}}, [ids of the page])."""
        cleaned = self.form.cleaned_data if self.form.is_valid() else {}
        chosen = [name for name in self.filters if cleaned.get(name)]
        counts = {name: {} for name in self.filters}
        matched = search.matched() if search is not None else None
        if search is not None and matched is None:
            return 0, counts, []
        connection = connections[self.queryset.db]
        table = connection.ops.quote_name(Organisation._meta.db_table)

        def where(query, key=None):
            if key is not None and (connection.vendor, key) in _COMPILED:
                return _COMPILED[connection.vendor, key]
            compiled = Organisation.objects.filter(query).query
            sql = compiled.get_compiler(connection=connection).compile(compiled.where)
            if key is not None:
                _COMPILED[connection.vendor, key] = sql
            return sql

        def passes(names):
            return " AND ".join([f"m.c{chosen.index(n)} = 1" for n in names] or ["1 = 1"])

        def others(name):
            return passes([n for n in chosen if n != name])

        columns, params = [f"{table}.id AS id", f"{table}.name AS name"], []
        columns.append(f"{table}.updated_at AS updated_at")
        columns.append("matched.score AS score" if matched is not None else "0 AS score")
        options = [
            (name, value, query)
            for name in self.filters
            if name in COLUMN_OPTIONS
            for value, query in COLUMN_OPTIONS[name].items()
        ]
        flags = [
            (f"f{i}", where(query, (name, value))) for i, (name, value, query) in enumerate(options)
        ]
        flags += [(f"c{i}", where(condition(name, cleaned[name]))) for i, name in enumerate(chosen)]
        for alias, (sql, sql_params) in flags:
            columns.append(f"CASE WHEN {sql} THEN 1 ELSE 0 END AS {alias}")
            params += sql_params
        rows_sql = f"SELECT {', '.join(columns)} FROM "  # noqa: S608 - SQL compiled by the ORM
        if matched is not None:
            # The matches drive the query: each is looked up by primary key.
            matched_sql, matched_params = matched.query.sql_with_params()
            rows_sql += (
                f"({matched_sql}) matched CROSS JOIN {table} WHERE {table}.id = matched.org_id"
            )
            params += matched_params
        else:
            rows_sql += f"{table} WHERE 1 = 1"
        base = self.queryset.query
        base_sql, base_params = base.get_compiler(connection=connection).compile(base.where)
        if base_sql:
            rows_sql += f" AND {base_sql}"
            params += base_params

        # Grouped by their flags ('0'/'1' by option, then by chosen group, in one string), the
        # organisations give the count and every column option's count in one pass.
        aliases = [alias for alias, _ in flags]
        signature = " || ".join(f"CAST(m.{alias} AS TEXT)" for alias in aliases)
        parts = [
            f"SELECT 'flags', {signature}, COUNT(*) FROM m GROUP BY {', '.join(f'm.{a}' for a in aliases)}"  # noqa: S608
        ]
        for name in self.filters:
            if name in COLUMN_OPTIONS:
                continue
            links_sql, links_params = _links_sql(name, connection)
            parts.append(
                f"SELECT %s, CAST(links.value AS TEXT), COUNT(DISTINCT m.id) FROM m CROSS JOIN ({links_sql}) links"  # noqa: S608
                f" WHERE links.organisation_id = m.id AND {others(name)} GROUP BY links.value"
            )
            params += [name, *links_params]
        if page is not None:
            # The page asked for, or the last one when it is past the end (as Paginator does).
            number, per_page = page
            first = min(number - 1, 10**9) * per_page
            parts.append(
                "SELECT 'page', CAST(ranked.id AS TEXT), ranked.position FROM (SELECT m.id AS id,"  # noqa: S608
                f" ROW_NUMBER() OVER (ORDER BY {order}) AS position, COUNT(*) OVER () AS total"
                f" FROM m WHERE {passes(chosen)}) ranked WHERE ranked.position - 1 - CASE"
                " WHEN %s < ranked.total THEN %s ELSE (ranked.total - 1) / %s * %s END"
                " BETWEEN 0 AND %s"
            )
            params += [first, first, per_page, per_page, per_page - 1]
        sql = f"WITH m AS ({rows_sql}) " + " UNION ALL ".join(parts)
        total, page = 0, []
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        slugs = {
            "sector": {str(s.pk): s.slug for s in self.sectors},
            "accreditation": {str(a.pk): a.slug for a in self.accreditations},
        }
        for name, value, n in rows:
            if name == "flags":
                bits = [bit == "1" for bit in value]
                passed = dict(zip(chosen, bits[len(options) :], strict=True))
                if all(passed.values()):
                    total += n
                for (group, option, _), bit in zip(options, bits, strict=False):
                    if bit and all(ok for other, ok in passed.items() if other != group):
                        counts[group][option] = counts[group].get(option, 0) + n
            elif name == "page":
                page.append((n, int(value)))
            else:
                counts[name][slugs.get(name, {}).get(value, value)] = n
        return total, counts, [pk for _, pk in sorted(page)]

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


def matching(queryset, query):
    """The organisations of the queryset that match a typed query."""
    return keyword_search(Organisation, search_terms(query)).matching(queryset)


# The order of the directory's sorts, on the organisations' columns (`m.score`: relevance).
SORT_ORDERS = {
    "name": "m.name ASC, m.id ASC",
    "updated": "m.updated_at DESC, m.name ASC, m.id ASC",
}


def relevance_order(search):
    return f"m.score {'DESC' if search.higher_is_better else 'ASC'}, m.id DESC"


def directory_search(params, sectors=None, accreditations=None):
    """(filterset, query, sort) for the directory: the filterset's queryset is the published
    organisations and its `search` the keyword search (None without a query)."""
    query = clean_query(params.get("q"))
    filterset = DirectoryFilter(
        params,
        queryset=Organisation.objects.published(),
        sectors=sectors,
        accreditations=accreditations,
    )
    filterset.search = keyword_search(Organisation, search_terms(query)) if query else None
    sort = params.get("sort")
    if sort not in dict(SORT_CHOICES) or (sort == "relevance" and not query):
        sort = "relevance" if query else "name"
    return filterset, query, sort


def ordered_results(filterset, sort):
    """The filterset's results (the search's matches only, when there is one) in `sort`."""
    queryset = filterset.qs
    search = filterset.search
    if search is not None:
        queryset = search.matching(queryset)
    if sort == "relevance":
        return search.best_first(queryset)
    if sort == "updated":
        return queryset.order_by("-updated_at", "name")
    return queryset.order_by("name", "pk")


def directory_queryset(params, sectors=None, accreditations=None):
    """(filterset, ordered queryset, query, sort) for the directory's export and tests."""
    filterset, query, sort = directory_search(params, sectors, accreditations)
    return filterset, ordered_results(filterset, sort), query, sort
