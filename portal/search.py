"""Site-wide search: each app registers what it contributes, and /search/ shows the results
grouped by kind.

    from portal import search
    search.register("organisations", "Organisations", order=20,
                    search=lambda query: Organisation.objects.live().search(query),
                    template="directory/includes/search_result.html")

`search` takes the query string and returns a sliceable, countable result (a Wagtail
search result, a queryset or a list). `template` renders one result as `result`.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SearchSection:
    key: str
    label: str
    order: int
    search: Callable
    template: str


_sections: dict[str, SearchSection] = {}


def register(key, label, *, search, template, order=50):
    _sections[key] = SearchSection(key, label, order, search, template)


def sections():
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


def get_section(key):
    return _sections.get(key)


def _search_pages(query):
    from wagtail.models import Page

    return Page.objects.live().public().specific().search(query)


def register_pages():
    register(
        "pages",
        "Pages",
        order=10,
        search=_search_pages,
        template="portal/includes/page_search_result.html",
    )
