"""Open Referral UK shaped open data at /api/directory/organizations."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.search.index import insert_or_update_object

from directory.models import Organisation
from tests.directory.factories import OrganisationFactory, SectorFactory

URL = "/api/directory/organizations"


@pytest.fixture
def published(db):
    sector = SectorFactory(name="Marine", slug="marine")
    boat = OrganisationFactory(
        name="Anchor Boats",
        companies_house_number="01234567",
        charity_number="1123456",
        website="https://anchor.example.org",
        sectors=[sector],
    )
    insert_or_update_object(boat)
    OrganisationFactory(name="Pending Boats", status="pending")
    OrganisationFactory(name="Suspended Boats", status="suspended")
    return boat


def test_list_is_paged_and_shaped_like_open_referral(client, published):
    OrganisationFactory(name="Zebra Crossings")
    body = client.get(URL, {"per_page": 1}).json()
    assert body["total_items"] == 2
    assert body["total_pages"] == 2
    assert body["page_number"] == 1
    (item,) = body["contents"]
    assert item["id"] == str(published.uuid)
    assert item["name"] == "Anchor Boats"
    assert item["website"] == "https://anchor.example.org"
    assert item["email"] is None  # enquiries go through the contact form
    assert {"identifier_scheme": "GB-COH", "identifier": "01234567"} in item[
        "organization_identifiers"
    ]
    assert {"identifier_scheme": "GB-CHC", "identifier": "1123456"} in item[
        "organization_identifiers"
    ]
    assert item["taxonomy_terms"][0]["name"] == "Marine"
    second = client.get(URL, {"per_page": 1, "page": 2}).json()
    assert second["contents"][0]["name"] == "Zebra Crossings"
    assert client.get(URL, {"page": 99}).json()["contents"] == []


def test_only_published_organisations_ever_appear(client, published):
    names = [item["name"] for item in client.get(URL).json()["contents"]]
    assert names == ["Anchor Boats"]
    for other in Organisation.objects.exclude(status="published"):
        assert client.get(f"{URL}/{other.uuid}").status_code == 404


def test_detail_by_uuid(client, published):
    response = client.get(f"{URL}/{published.uuid}")
    assert response.status_code == 200
    assert response.json()["name"] == "Anchor Boats"
    assert client.get(f"{URL}/not-a-uuid").status_code == 422


def test_search_and_modified_after(client, published):
    OrganisationFactory(name="Zebra Crossings")
    found = client.get(URL, {"search": "anchor"}).json()["contents"]
    assert [item["name"] for item in found] == ["Anchor Boats"]
    Organisation.objects.filter(pk=published.pk).update(
        updated_at=timezone.now() + datetime.timedelta(days=10)
    )
    after = (timezone.now() + datetime.timedelta(days=5)).isoformat()
    recent = client.get(URL, {"modified_after": after}).json()["contents"]
    assert [item["name"] for item in recent] == ["Anchor Boats"]


@pytest.mark.parametrize(
    "params", [{"page": 0}, {"per_page": 1000}, {"page": "abc"}, {"modified_after": "soon"}]
)
def test_bad_parameters_are_a_clean_422(client, published, params):
    assert client.get(URL, params).status_code == 422


def test_openapi_describes_the_directory_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/directory/organizations" in paths
    assert "/api/directory/organizations/{organization_id}" in paths


def _queries(client):
    client.get(URL)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, {"per_page": 100}).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_same_queries_for_5_or_500(client):
    sector = SectorFactory()
    OrganisationFactory.create_batch(5, sectors=[sector])
    few = _queries(client)
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Bulk {n}",
                slug=f"bulk-{n}",
                status="published",
                legal_form="cic",
                size_band="small",
                companies_house_number=f"{n:08}",
            )
            for n in range(495)
        ]
    )
    assert _queries(client) == few
