"""Filter groups that other apps add to the directory search, without the directory importing
them. An app registers a group in its AppConfig.ready():

    register_facet(
        LinkedFacet(
            name="award",                  # the query string parameter
            label="Social value award level",
            choices=[("gold", "Gold"), ...],
            rows=lambda: Certificate.objects.valid(),
            column="level",
            order=60,
            details=lambda: Prefetch("certificates", ..., to_attr="valid_certificates"),
        )
    )

`rows()` gives the rows that link an organisation (their `organisation_id` column) to an
option (the value in `column`); it is called for each search, so it may depend on the day.
`details()`, when given, is what a search result shows of the group (a prefetch). The
directory's own groups have orders 10 to 70 in steps of 10; a group is shown in that order.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class LinkedFacet:
    name: str
    label: str
    choices: list
    rows: Callable
    column: str
    order: int = 100
    details: Callable | None = None


_facets: dict[str, LinkedFacet] = {}


def register_facet(facet):
    _facets[facet.name] = facet


def registered_facets():
    return sorted(_facets.values(), key=lambda facet: facet.order)
