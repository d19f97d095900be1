"""The directory's filter groups: AND across groups, OR within one. Each group knows its
options, what an organisation must satisfy for a choice of them, and how its options are
counted: from the organisation's own columns, or from the rows that link an organisation to
an option (sectors, accreditations and the groups other apps register, see facets.py)."""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Exists, OuterRef, Q, Value

from portal.cache import kept

from .facets import registered_facets
from .models import SME_SIZE_BANDS, Accreditation, Organisation, Sector, SizeBand

TYPE_CHOICES = [
    ("sme", "SME (fewer than 250 staff)"),
    ("vcse", "Voluntary, community or social enterprise (VCSE)"),
    ("social_enterprise", "Social enterprise"),
    ("large", "Large organisation"),
]


@dataclass(frozen=True)
class Group:
    name: str
    label: str
    choices: list  # [(value, label)]

    def clean(self, params):
        """The known values of this group in the query string (unknown ones are dropped)."""
        if hasattr(params, "getlist"):
            values = params.getlist(self.name)
        else:
            values = params.get(self.name) or []
            values = [values] if isinstance(values, str) else values
        known = self.values
        return [value for value in values if value in known]

    @cached_property
    def values(self):
        return {value for value, _ in self.choices}


@dataclass(frozen=True)
class ColumnGroup(Group):
    """Options that are columns of the organisation: {option: (column, accepted values)}."""

    columns: dict = field(default_factory=dict)

    def condition(self, values):
        query = Q()
        for value in values:
            column, accepted = self.columns[value]
            query |= Q(**{f"{column}__in": sorted(accepted)})
        return query

    def passes(self, values):
        """Whether an organisation passes a choice of `values`, as a column of each result."""
        return self.condition(values)


@dataclass(frozen=True)
class LinkGroup(Group):
    """Options that are rows linked to the organisation: `rows()` gives the link rows (with
    `organisation_id`), `column` the option each row stands for, `stored` maps an option's
    value to what that column holds (a slug to an id, say) when they differ. `relation`, for
    a many-to-many field of the organisation (sectors, accreditations), counts its options by
    joining it from the organisations counted, which links each option once at most."""

    rows: object = None
    column: str = ""
    stored: dict | None = None
    relation: str = ""

    def linked(self, values):
        stored = [self.stored[v] for v in values] if self.stored else values
        return self.rows().filter(**{f"{self.column}__in": stored})

    def condition(self, values):
        return Q(pk__in=self.linked(values).values("organisation_id"))

    def passes(self, values):
        """Whether an organisation passes a choice of `values`, as a column of each result: a
        correlated EXISTS, which looks up each result's own links (as `pk IN (...)`, SQLite
        evaluates the list again for the GROUP BY, twice the work)."""
        return Exists(self.linked(values).filter(organisation_id=OuterRef("pk")))

    def tally(self, organisations):
        """[(option, count)]: how many of `organisations` are linked to each option."""
        if self.relation:
            rows = organisations.filter(**{f"{self.relation}__isnull": False})
            rows = rows.values_list(self.relation).annotate(n=Count("pk"))
        else:
            rows = (
                self.rows()
                .filter(organisation__in=organisations)
                .values_list(self.column)
                .annotate(n=Count("organisation_id", distinct=True))
            )
        by_stored = self.by_stored
        return [(by_stored.get(stored, stored), n) for stored, n in rows.order_by()]

    @cached_property
    def by_stored(self):
        """{what the column holds: option} when they differ, else {}."""
        return {stored: value for value, stored in (self.stored or {}).items()}


def _taxonomies():
    """(sectors, accreditations) as [(id, slug, name)] by name, in one query."""
    fields = ("id", "slug", "name")
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
    for pk, slug, name, kind in rows:
        found[kind].append((pk, slug, name))
    return found["sector"], found["accreditation"]


def _taxonomy_group(name, label, relation, items):
    through = getattr(Organisation, relation).through
    return LinkGroup(
        name=name,
        label=label,
        choices=[(slug, title) for _, slug, title in items],
        rows=through.objects.all,
        column=through._meta.get_field(name).attname,
        stored={slug: pk for pk, slug, _ in items},
        relation=relation,
    )


def _build_groups():
    sectors, accreditations = _taxonomies()
    groups = [
        (
            10,
            _taxonomy_group("sector", "Sector", "sectors", sectors),
        ),
        (
            20,
            ColumnGroup(
                "type",
                "Type of organisation",
                TYPE_CHOICES,
                columns={
                    "sme": ("size_band", set(SME_SIZE_BANDS)),
                    "vcse": ("is_vcse", {True}),
                    "social_enterprise": ("is_social_enterprise", {True}),
                    "large": ("size_band", {SizeBand.LARGE}),
                },
            ),
        ),
        (
            30,
            ColumnGroup(
                "size",
                "Size",
                SizeBand.choices,
                columns={band: ("size_band", {band}) for band in SizeBand.values},
            ),
        ),
        (
            40,
            ColumnGroup(
                "local",
                "Location",
                [("yes", "Local to Portsmouth only")],
                columns={"yes": ("is_local", {True})},
            ),
        ),
        (
            50,
            _taxonomy_group("accreditation", "Accreditation", "accreditations", accreditations),
        ),
        (
            70,
            ColumnGroup(
                "partnerships",
                "Partnerships",
                [("yes", "Open to partnerships and consortium bids")],
                columns={"yes": ("open_to_partnerships", {True})},
            ),
        ),
    ]
    for facet in registered_facets():
        group = LinkGroup(
            name=facet.name,
            label=facet.label,
            choices=list(facet.choices),
            rows=facet.rows,
            column=facet.column,
        )
        groups.append((facet.order, group))
    return [group for _, group in sorted(groups, key=lambda item: item[0])]


def filter_groups():
    """The groups in the order they are shown; kept by each worker until content changes (a
    sector added or renamed, say)."""
    return kept("directory-filter-groups", "groups", _build_groups)
