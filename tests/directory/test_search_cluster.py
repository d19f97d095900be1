"""The directory on a search cluster answers as it does on the database backend: the same
organisations in the same order, the same count and the same facet counts, on the same data.
The cluster is osmem-server, an in-memory OpenSearch-compatible server on loopback.

Relevance is the one thing the engines compute differently: the cluster weights a match in
the name above one in the description, while SQLite's FTS5 scores the whole entry at once.
Searches ranked by relevance are therefore compared in full order where the matches score
alike on every engine (all in the name, or all in the description: ties go newest first),
and by their set of results, count and facets where they mix the two."""

import io

import pytest
from django.core.management import call_command
from wagtail.search.backends import get_search_backend

from directory.models import Organisation
from tests.directory.factories import AccreditationFactory, OrganisationFactory, SectorFactory
from tests.factories import cluster_search_backends

URL = "/directory/"
DATABASE = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Keywords alone and with every kind of filter, each sort, a second page and no match.
SAME_ORDER = [
    {"q": "kitchen"},
    {"q": "Kitchen", "page": "2"},
    {"q": "lawns"},
    {"q": "lawns", "local": "yes"},
    {"q": "kitchen", "type": "vcse"},
    {"q": "lawns", "size": ["micro", "medium"]},
    {"q": "kitchen", "sector": "windows", "accreditation": "living-wage"},
    {"q": "lawns", "partnerships": "yes", "type": "sme"},
    {"q": "cleaning", "sort": "name"},
    {"q": "cleaning", "sort": "updated", "page": "2"},
    {"q": "cleaning", "sort": "name", "local": "yes", "type": "sme"},
    {"q": "zzzz nothing"},
]
# Name and description matches together, by relevance: the same results, count and facets.
SAME_RESULTS = [
    {"q": "cleaning"},
    {"q": "cleaning", "local": "yes", "size": "small"},
]


@pytest.fixture
def use_database_backend(settings):
    def use():
        settings.SEARCH_BACKEND = "database"
        settings.WAGTAILSEARCH_BACKENDS = DATABASE

    return use


@pytest.fixture
def use_cluster(settings, osmem):
    """Point the portal at an empty clone of the cluster and build the index there."""
    clones = []

    def use():
        clone = osmem.clone()
        clones.append(clone)
        settings.SEARCH_BACKEND = "opensearch3"
        settings.WAGTAILSEARCH_BACKENDS = cluster_search_backends(clone.url)
        call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())

    yield use
    for clone in clones:
        clone.close()


def make_catalogue():
    """Three kinds of organisation of equal lengths: "kitchen" in the name, "cleaning" in the
    name, "cleaning" in the description; "lawns" is in the description of the other two."""
    # One sector each, of one word: every entry has the same length.
    sectors = [SectorFactory(name="Windows", slug="windows"), SectorFactory(name="Doors")]
    living_wage = AccreditationFactory(name="Living wage", slug="living-wage")
    forms = ["limited_company", "cic", "charity"]
    sizes = ["micro", "small", "medium"]
    for n in range(60):
        kind = n % 3
        legal_form = forms[(n // 3) % 3]
        OrganisationFactory(
            name=f"Firm{n:02d} {['Kitchen', 'Cleaning', 'Gardens'][kind]}",
            slug=f"firm-{n:02d}",
            legal_form=legal_form,
            is_vcse=legal_form != "limited_company",
            size_band=sizes[(n // 2) % 3],
            is_local=n % 5 != 0,
            open_to_partnerships=n % 2 == 0,
            description="We do cleaning." if kind == 2 else "We do lawns.",
            email="hello@firm.example.org",
            sectors=[sectors[0] if n % 4 == 0 else sectors[1]],
            accreditations=[living_wage] if n % 6 == 0 else [],
        )


def answer(client, params):
    response = client.get(URL, params)
    assert response.status_code == 200
    context = response.context
    facets = {
        (group["name"], option["value"]): option["count"]
        for group in context["facets"]
        for option in group["options"]
    }
    return {
        "names": [organisation.name for organisation in context["organisations"]],
        "count": context["count"],
        "facets": facets,
    }


def every_page(client, params):
    count = answer(client, params)["count"]
    names = []
    for page in range(1, (count + 19) // 20 + 1):
        names += answer(client, {**params, "page": str(page)})["names"]
    assert len(names) == count
    return names


@pytest.mark.django_db
def test_the_cluster_answers_every_search_as_the_database_backend_does(
    client, use_database_backend, use_cluster
):
    use_database_backend()
    make_catalogue()
    expected = {str(params): answer(client, params) for params in SAME_ORDER + SAME_RESULTS}
    for params in SAME_RESULTS:
        expected[str(params)]["every_page"] = sorted(every_page(client, params))
    use_cluster()
    assert get_search_backend().es.ping()
    for params in SAME_ORDER:
        assert answer(client, params) == expected[str(params)], params
    for params in SAME_RESULTS:
        got, want = answer(client, params), expected[str(params)]
        assert got["count"] == want["count"] and got["facets"] == want["facets"], params
        assert sorted(every_page(client, params)) == want["every_page"], params
    # The searches are not trivial: matches, filters and pages all change the answers.
    kitchen = expected[str({"q": "kitchen"})]
    assert kitchen["count"] == 20 and kitchen["names"][:2] == ["Firm57 Kitchen", "Firm54 Kitchen"]
    assert expected[str({"q": "lawns"})]["count"] == 40
    assert expected[str({"q": "zzzz nothing"})]["count"] == 0
    # On the cluster a match in the name ranks above one in the description.
    ranked = answer(client, {"q": "cleaning"})["names"]
    assert [name.endswith("Cleaning") for name in ranked] == [True] * 20


@pytest.mark.django_db
def test_counts_and_facets_past_the_clusters_hit_cap(client, use_cluster):
    """1,230 matches: more than the cluster answers at once, and every one counts."""
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Bakery {n:04d}",
                slug=f"bakery-{n:04d}",
                status="published",
                legal_form="cic" if n % 3 == 0 else "limited_company",
                is_vcse=n % 3 == 0,
                size_band="micro",
                is_local=n % 2 == 0,
                description="Bread.",
            )
            for n in range(1230)
        ]
    )
    use_cluster()
    result = answer(client, {"q": "bakery"})
    assert result["count"] == 1230
    assert result["facets"][("local", "yes")] == 615
    assert result["facets"][("type", "vcse")] == 410
    local = answer(client, {"q": "bakery", "local": "yes", "type": "vcse", "page": "11"})
    assert local["count"] == 205
    assert len(local["names"]) == 5
    # Past the first 1,000 matches the pages go on, every organisation once.
    seen = []
    for page in range(1, 63):
        seen += answer(client, {"q": "bakery", "sort": "name", "page": str(page)})["names"]
    assert seen == [f"Bakery {n:04d}" for n in range(1230)]
