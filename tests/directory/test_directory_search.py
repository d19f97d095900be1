"""The public directory: search, facets, sorting, paging, empty state, CSV export."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.search.backends import get_search_backend
from wagtail.search.index import insert_or_update_object

from awards.models import Certificate
from directory.models import Organisation
from directory.search import DirectorySearch, index_organisations
from tests.directory.factories import AccreditationFactory, OrganisationFactory, SectorFactory

URL = "/directory/"


def indexed(**kwargs):
    organisation = OrganisationFactory(**kwargs)
    insert_or_update_object(organisation)
    return organisation


def names(response):
    return [o.name for o in response.context["organisations"]]


@pytest.fixture
def catalogue(db):
    cleaning = SectorFactory(name="Cleaning", slug="cleaning")
    catering = SectorFactory(name="Catering", slug="catering")
    living_wage = AccreditationFactory(name="Living wage (test)", slug="living-wage")
    return {
        "broom": indexed(
            name="Broom and Bucket", slug="broom", sectors=[cleaning], accreditations=[living_wage]
        ),
        "kitchen": indexed(
            name="Community Kitchen",
            slug="kitchen",
            legal_form="cic",
            is_vcse=True,
            is_social_enterprise=True,
            sectors=[catering],
            description="We also do cleaning after events.",
        ),
        "large": indexed(
            name="Big Facilities",
            slug="big",
            size_band="large",
            sectors=[cleaning, catering],
            is_local=False,
            postcode="SO14 2AQ",
            open_to_partnerships=True,
        ),
        "hidden": indexed(name="Pending Cleaning Firm", slug="pending", status="pending"),
        "suspended": indexed(name="Suspended Cleaning Firm", slug="suspended", status="suspended"),
    }


def test_only_published_organisations_are_listed(client, catalogue):
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Big Facilities", "Broom and Bucket", "Community Kitchen"]
    assert b"3 organisations found" in response.content


def test_keyword_search_matches_description_and_sector_with_the_name_first(client, catalogue):
    cleaners = indexed(name="Cleaning Champions", slug="champions", description="Floors.")
    response = client.get(URL, {"q": "cleaning"})
    found = names(response)
    assert found[0] == cleaners.name
    assert "Community Kitchen" in found  # description
    assert "Broom and Bucket" in found  # sector name
    assert "Pending Cleaning Firm" not in found
    assert "Suspended Cleaning Firm" not in found


def test_filters_are_or_within_a_group_and_and_across_groups(client, catalogue):
    assert names(client.get(URL, {"sector": ["cleaning", "catering"]})) == [
        "Big Facilities",
        "Broom and Bucket",
        "Community Kitchen",
    ]
    assert names(client.get(URL, {"sector": "cleaning", "type": "sme"})) == ["Broom and Bucket"]
    assert names(client.get(URL, {"type": ["vcse", "large"]})) == [
        "Big Facilities",
        "Community Kitchen",
    ]
    assert names(client.get(URL, {"local": "yes", "sector": "cleaning"})) == ["Broom and Bucket"]
    assert names(client.get(URL, {"accreditation": "living-wage"})) == ["Broom and Bucket"]
    assert names(client.get(URL, {"partnerships": "yes"})) == ["Big Facilities"]
    assert names(client.get(URL, {"size": "large"})) == ["Big Facilities"]


def test_counts_say_how_many_each_option_would_give(client, catalogue):
    response = client.get(URL, {"sector": "cleaning"})
    facets = {group["name"]: group for group in response.context["facets"]}
    sector_counts = {o["value"]: o["count"] for o in facets["sector"]["options"]}
    # Own group ignores its own choice (OR): catering would add to the results.
    assert sector_counts["cleaning"] == 2
    assert sector_counts["catering"] == 2
    type_counts = {o["value"]: o["count"] for o in facets["type"]["options"]}
    # Other groups count within the current results (AND).
    assert type_counts == {"sme": 1, "vcse": 0, "social_enterprise": 0, "large": 1}
    assert b'Cleaning <span class="directory-count">(2' in response.content


def test_award_level_filter_and_badge(client, catalogue):
    gold = Certificate.objects.create(organisation=catalogue["kitchen"], level="gold")
    revoked = Certificate.objects.create(organisation=catalogue["broom"], level="gold")
    revoked.revoked_at = timezone.now()
    revoked.save()
    response = client.get(URL, {"award": "gold"})
    assert names(response) == ["Community Kitchen"]
    assert b"Gold award" in response.content
    # The badge links to the certificate's public verification page.
    verify = reverse("awards:certificate", args=[gold.number])
    assert f'href="{verify}"'.encode() in response.content
    profile = client.get(reverse("directory:profile", args=["kitchen"]))
    assert b"Gold social value award" in profile.content
    assert b"Gold social value award" not in client.get("/directory/broom/").content


def test_sorting_by_name_and_recently_updated(client, catalogue):
    Organisation.objects.filter(pk=catalogue["broom"].pk).update(
        updated_at=catalogue["broom"].updated_at.replace(year=2035)
    )
    assert names(client.get(URL, {"sort": "updated"}))[0] == "Broom and Bucket"
    assert names(client.get(URL, {"sort": "name"}))[0] == "Big Facilities"


@pytest.mark.parametrize(
    "params",
    [
        {"sector": "no-such-sector"},
        {"type": ["sme", "<script>"]},
        {"page": "999999999999999999999"},
        {"page": "-3"},
        {"page": "abc"},
        {"sort": "'; DROP TABLE"},
        {"q": "x" * 5000},
        {"q": '\x00 AND OR NOT ("*'},
        {"q": '"unterminated'},
        {"q": "!!! ???"},
        {"local": ["yes", "maybe"]},
        {"award": "platinum"},
    ],
)
def test_junk_in_the_query_string_never_breaks_the_page(client, catalogue, params):
    response = client.get(URL, params)
    assert response.status_code == 200


def test_unknown_filter_values_are_ignored(client, catalogue):
    assert names(client.get(URL, {"type": ["sme", "bogus"]})) == [
        "Broom and Bucket",
        "Community Kitchen",
    ]


def test_empty_state_suggests_what_to_change(client, catalogue):
    response = client.get(URL, {"q": "submarines"})
    assert b"No organisations match your search" in response.content
    assert b"removing some filters" in response.content
    assert b"0 organisations found" in response.content


def test_pagination_keeps_the_filters(client, catalogue):
    for n in range(25):
        OrganisationFactory(name=f"Zed Firm {n:02}", slug=f"zed-{n}")
    response = client.get(URL, {"local": "yes", "page": 2})
    assert response.context["page_obj"].number == 2
    assert b"local=yes&amp;page=1" in response.content


def test_search_results_link_to_profile_with_back_to_results(client, catalogue):
    response = client.get(URL, {"q": "broom", "sector": "cleaning"})
    assert b"/directory/broom/?back=q%3Dbroom%26sector%3Dcleaning" in response.content
    profile = client.get("/directory/broom/", {"back": "q=broom&sector=cleaning"})
    assert b'href="/directory/?q=broom&amp;sector=cleaning" class="govuk-back-link"' in (
        profile.content
    )


def test_back_link_cannot_leave_the_directory(client, catalogue):
    profile = client.get("/directory/broom/", {"back": "//evil.example/"})
    assert b'href="/directory/?' in profile.content
    assert b'href="//evil.example' not in profile.content


def _bulk_organisations(prefix, count):
    """Published organisations in one query each; the page must not care how many."""
    sector = SectorFactory(slug="bulk")
    accreditation = AccreditationFactory(slug="bulk-acc")
    made = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"{prefix} {n}",
                slug=f"{prefix}-{n}",
                status="published",
                legal_form="cic",
                size_band="small",
                is_vcse=True,
                is_local=True,
                description="Catering for events.",
            )
            for n in range(count)
        ]
    )
    made = Organisation.objects.filter(slug__startswith=f"{prefix}-")
    Organisation.sectors.through.objects.bulk_create(
        [Organisation.sectors.through(organisation=o, sector=sector) for o in made]
    )
    Organisation.accreditations.through.objects.bulk_create(
        [
            Organisation.accreditations.through(organisation=o, accreditation=accreditation)
            for o in made
        ]
    )
    for organisation in made[:3]:
        Certificate.objects.create(organisation=organisation, level="silver")
    get_search_backend().add_bulk(Organisation, list(made))
    index_organisations([o.pk for o in made])


def count_queries(client, url, params):
    client.get(url, params)  # warm the site and settings caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sector": "bulk", "type": "vcse", "local": "yes", "sort": "updated"},
        {"q": "catering"},
        {"q": "catering", "sector": "bulk", "type": "sme", "award": "silver", "page": "2"},
        {"q": "catering events", "local": "yes", "sort": "name"},
    ],
)
def test_directory_page_makes_the_same_queries_for_5_or_500(client, params):
    _bulk_organisations("few", 5)
    few = count_queries(client, URL, params)
    _bulk_organisations("many", 495)
    many = count_queries(client, URL, params)
    assert few == many
    assert few <= 20


def test_csv_export_applies_filters_and_neutralises_formulas(client, catalogue):
    indexed(name='=HYPERLINK("http://x")', slug="formula", description="+SUM(A1)", keywords="-2")
    response = client.get(reverse("directory:export_csv"), {"local": "yes"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["name"] for row in rows} == {
        "Broom and Bucket",
        "Community Kitchen",
        '\'=HYPERLINK("http://x")',
    }
    formula = next(row for row in rows if row["name"].startswith("'="))
    assert formula["description"] == "'+SUM(A1)"
    assert formula["keywords"] == "'-2"
    assert all("Pending" not in row["name"] for row in rows)


def test_csv_export_never_includes_unpublished(client, catalogue):
    response = client.get(reverse("directory:export_csv"))
    text = response.content.decode()
    assert "Pending Cleaning Firm" not in text and "Suspended Cleaning Firm" not in text


def test_organisations_appear_in_site_wide_search(client, catalogue):
    response = client.get("/search/", {"q": "broom"})
    assert b"Broom and Bucket" in response.content
    assert b"/directory/broom/" in response.content
    hidden = client.get("/search/", {"q": "pending"})
    assert b"Pending Cleaning Firm" not in hidden.content


@pytest.mark.parametrize("query", ['"unterminated', 'NOT ("*', "!!!"])
def test_site_wide_search_survives_junk(client, catalogue, query):
    assert client.get("/search/", {"q": query, "kind": "organisations"}).status_code == 200


def test_one_directory_search_cleans_the_query_once_and_orders_the_results(catalogue):
    search = DirectorySearch({"q": "  broom\x00  ", "sort": "bogus"})
    assert search.query == "broom" and search.sort == "relevance"
    assert [o.slug for o in search.results()] == ["broom"]
    assert search.total == 1


@pytest.mark.django_db
def test_a_changed_profile_is_found_at_once_and_postgresql_keeps_no_pending_list():
    """On PostgreSQL a profile change goes straight into the GIN index: with its pending list
    (the default) every search reads all the entries not yet merged, and after seeding
    10,000 profiles a keyword's index scan took 8 ms instead of 0.4."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reloptions FROM pg_class WHERE relname = 'directory_organisation_search'"
            )
            (options,) = cursor.fetchone()
        assert "fastupdate=off" in options
    published = OrganisationFactory(name="Harbour Brooms", status=Organisation.Status.PUBLISHED)
    index_organisations([published.pk])
    assert [o.pk for o in DirectorySearch({"q": "brooms"}).results()] == [published.pk]
