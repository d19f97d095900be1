"""The Open Referral UK feed at /api/oruk/: every response is checked against the Open
Referral UK (HSDS 3.0 UK profile) JSON schemas vendored in oruk_schemas/ (see its README)."""

import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from directory import oruk
from directory.models import Accreditation, Organisation, Sector, Service
from tests.directory.factories import (
    AccreditationFactory,
    OrganisationFactory,
    SectorFactory,
    ServiceFactory,
)

URL = "/api/oruk"
SCHEMAS = Path(__file__).parent / "oruk_schemas" / "uk_profile"
PAGE_KEYS = [
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
]


def _load(name):
    return json.loads((SCHEMAS / name).read_text())


REGISTRY = Registry().with_resources(
    (name, Resource.from_contents(_load(name), default_specification=DRAFT202012))
    for name in ("taxonomy.json", "taxonomy_term.json")
)
OPENAPI = _load("openapi.json")


def validator(schema):
    return Draft202012Validator(
        schema, registry=REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def page_of(item_schema):
    """The spec's Page, with every key required and the contents' items checked."""
    return {
        "allOf": [OPENAPI["components"]["schemas"]["Page"]],
        "required": PAGE_KEYS,
        "properties": {"contents": {"type": "array", "items": item_schema}},
    }


def assert_valid(body, schema):
    errors = sorted(validator(schema).iter_errors(body), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def get_valid(client, path, schema, params=None, *, page=False):
    """GET an endpoint and check its body against the named schema (`page`: a page of them)."""
    body = get(client, path, params)
    item_schema = _load(schema)
    assert_valid(body, page_of(item_schema) if page else item_schema)
    return body


def get(client, path, params=None, status=200):
    response = client.get(f"{URL}{path}", params or {})
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


@pytest.fixture
def catalogue(db):
    """Two published organisations with services, and things that must never appear."""
    marine = SectorFactory(name="Marine", slug="marine")
    food = SectorFactory(name="Food and drink", slug="food")
    living_wage = AccreditationFactory(name="Real Living Wage", slug="living-wage")
    boats = OrganisationFactory(
        name="Anchor Boats",
        companies_house_number="01234567",
        charity_number="1123456",
        website="https://anchor.example.org",
        address="10 Dock Road\nOld Portsmouth\nPortsmouth",
        postcode="PO1 2AL",
        phone="023 9200 1000",
        keywords="boat repair, moorings",
        sectors=[marine],
        accreditations=[living_wage],
    )
    repairs = ServiceFactory(
        organisation=boats,
        name="Boat repairs",
        description="We mend small boats.",
        eligibility="Boat owners",
        cost="From £40 an hour",
        how_to_access="Call us",
        contact_name="Sam Hull",
        contact_email="repairs@anchor.example.org",
        contact_phone="023 9200 1001",
        service_area="Portsmouth Harbour",
    )
    ServiceFactory(organisation=boats, name="Moorings")
    bakery = OrganisationFactory(
        name="Harbour Bakery",
        charity_number="SC123456",
        address="",
        postcode="PO4 0AB",
        sectors=[food],
    )
    bread = ServiceFactory(organisation=bakery, name="Bread for charities")
    hidden = [
        ServiceFactory(organisation=boats, name="Pending service", status="pending"),
        ServiceFactory(organisation=boats, name="Rejected service", status="rejected"),
        ServiceFactory(
            organisation=OrganisationFactory(name="Pending Org", status="pending"),
            name="Service of a pending organisation",
        ),
        ServiceFactory(
            organisation=OrganisationFactory(name="Suspended Org", status="suspended"),
            name="Service of a suspended organisation",
        ),
    ]
    return {
        "boats": boats,
        "bakery": bakery,
        "repairs": repairs,
        "bread": bread,
        "marine": marine,
        "living_wage": living_wage,
        "hidden": hidden,
    }


def term_id(kind, obj):
    return str(oruk.derived_id("term", kind, obj.pk))


# The root and the OpenAPI description


def test_root_says_version_profile_and_openapi_url(client, db):
    body = get(client, "/")
    schema = OPENAPI["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert_valid(body, {**schema["schema"], "required": ["version", "profile", "openapi_url"]})
    assert body["version"] == "HSDS-UK-3.0"
    assert body["openapi_url"].endswith("/api/openapi.json")
    openapi = client.get("/api/openapi.json").json()
    for path in ("/", "/services", "/services/{service_id}", "/taxonomies", "/taxonomy_terms"):
        assert f"/api/oruk{path}" in openapi["paths"]
    parameters = openapi["paths"]["/api/oruk/services"]["get"]["parameters"]
    assert {"text", "page", "per_page", "taxonomy_term_id", "modified_after"} <= {
        p["name"] for p in parameters
    }
    assert client.get("/api/docs").status_code == 200


# Every endpoint against the schemas


def test_services_list_matches_the_schema(client, catalogue):
    body = get_valid(client, "/services", "service_list.json", page=True)
    assert [s["name"] for s in body["contents"]] == [
        "Boat repairs",
        "Bread for charities",
        "Moorings",
    ]
    repairs = body["contents"][0]
    assert repairs["organization"]["name"] == "Anchor Boats"
    assert repairs["fees"] == "From £40 an hour"
    assert repairs["eligibility_description"] == "Boat owners"
    assert repairs["application_process"] == "Call us"
    full = get_valid(client, "/services", "service.json", {"full": "true"}, page=True)
    assert full["contents"][0]["attributes"]


def test_one_service_is_fully_nested_and_matches_the_schema(client, catalogue):
    repairs = catalogue["repairs"]
    body = get_valid(client, f"/services/{repairs.uuid}", "service.json")
    assert body["id"] == str(repairs.uuid) and body["status"] == "active"
    organization = body["organization"]
    identifiers = {i["identifier_scheme"]: i for i in organization["organization_identifiers"]}
    assert identifiers["GB-COH"]["identifier"] == "01234567"
    assert identifiers["GB-COH"]["identifier_type"] == "Companies House company number"
    assert identifiers["GB-CHC"]["identifier"] == "1123456"
    assert "email" not in organization  # enquiries go through the contact form
    (place,) = body["service_at_locations"]
    (address,) = place["location"]["addresses"]
    assert address["address_1"] == "10 Dock Road"
    assert address["city"] == "Portsmouth" and address["postal_code"] == "PO1 2AL"
    assert address["country"] == "GB"
    assert body["phones"][0]["number"] == "023 9200 1001"
    (contact,) = body["contacts"]
    assert contact["name"] == "Sam Hull" and contact["email"] == "repairs@anchor.example.org"
    assert body["service_areas"][0]["name"] == "Portsmouth Harbour"
    linked = {a["taxonomy_term"]["name"]: a for a in body["attributes"]}
    assert set(linked) == {"Marine", "Real Living Wage"}
    assert linked["Marine"]["taxonomy_term_id"] == term_id("sectors", catalogue["marine"])
    assert linked["Marine"]["link_id"] == str(repairs.uuid)


def test_service_at_locations_match_the_schema(client, catalogue):
    body = get_valid(client, "/service_at_locations", "service_at_location_list.json", page=True)
    assert body["total_items"] == 3
    first = body["contents"][0]
    assert first["service"]["name"] == "Boat repairs"
    one = get_valid(client, f"/service_at_locations/{first['id']}", "service_at_location.json")
    assert one["service_id"] == str(catalogue["repairs"].uuid)
    assert one["location"]["addresses"][0]["postal_code"] == "PO1 2AL"
    get(client, f"/service_at_locations/{catalogue['repairs'].uuid}", status=404)


def test_taxonomies_and_terms_match_the_schemas(client, catalogue):
    taxonomies = get_valid(client, "/taxonomies", "taxonomy.json", page=True)
    names = {t["name"]: t["id"] for t in taxonomies["contents"]}
    assert set(names) == {"Portsmouth directory sectors", "Portsmouth directory accreditations"}
    sectors_id = names["Portsmouth directory sectors"]
    get_valid(client, f"/taxonomies/{sectors_id}", "taxonomy.json")

    terms = get_valid(client, "/taxonomy_terms", "taxonomy_term.json", page=True)
    assert terms["total_items"] == Sector.objects.count() + Accreditation.objects.count()
    sectors = get(client, "/taxonomy_terms", {"taxonomy_id": sectors_id, "per_page": 100})
    assert {t["code"] for t in sectors["contents"]} == set(
        Sector.objects.values_list("slug", flat=True)
    )
    marine_url = f"/taxonomy_terms/{term_id('sectors', catalogue['marine'])}"
    marine = get_valid(client, marine_url, "taxonomy_term.json")
    assert marine["taxonomy_id"] == sectors_id
    assert marine["description"] == "Organisations working in Marine."


def test_organizations_match_the_schemas(client, catalogue):
    body = get_valid(client, "/organizations", "organization_list.json", page=True)
    assert [o["name"] for o in body["contents"]] == ["Anchor Boats", "Harbour Bakery"]
    get_valid(client, "/organizations", "organization.json", {"full_service": "true"}, page=True)
    bakery = get_valid(client, f"/organizations/{catalogue['bakery'].uuid}", "organization.json")
    (identifier,) = bakery["organization_identifiers"]
    assert identifier["identifier_scheme"] == "GB-SC"
    assert [s["name"] for s in bakery["services"]] == ["Bread for charities"]
    boats = get_valid(
        client,
        f"/organizations/{catalogue['boats'].uuid}",
        "organization.json",
        {"full_service": "true"},
    )
    assert [s["name"] for s in boats["services"]] == ["Boat repairs", "Moorings"]
    assert boats["services"][0]["contacts"]


def test_the_schema_checks_can_fail(client, catalogue):
    """The checks above would catch a record that breaks the spec."""
    body = get(client, f"/services/{catalogue['repairs'].uuid}")
    schema = validator(_load("service.json"))
    assert schema.is_valid(body)
    for key, wrong in [
        ("status", "open"),
        ("id", "42"),
        ("last_modified", "yesterday"),
        ("url", "not a url"),
        ("email", "nobody"),
    ]:
        assert not schema.is_valid({**body, key: wrong}), key
    body["organization"].pop("description")
    assert not schema.is_valid(body)
    assert not validator(page_of({})).is_valid({"contents": []})


# Only published organisations and services


def test_only_published_services_and_organisations_appear(client, catalogue):
    listed = json.dumps(
        [
            get(client, "/services", {"per_page": 100}),
            get(client, "/services", {"full": "true"}),
            get(client, "/services", {"minimal": "true"}),
            get(client, "/service_at_locations", {"full": "true"}),
            get(client, "/organizations", {"full_service": "true"}),
        ]
    )
    for service in catalogue["hidden"]:
        assert str(service.uuid) not in listed and service.name not in listed
        get(client, f"/services/{service.uuid}", status=404)
        sal = oruk.service_at_location_uuid(service.uuid)
        get(client, f"/service_at_locations/{sal}", status=404)
    for name in ("Pending Org", "Suspended Org"):
        assert name not in listed
        organisation = Organisation.objects.get(name=name)
        get(client, f"/organizations/{organisation.uuid}", status=404)
    # Suspending an organisation takes its services out at once.
    catalogue["boats"].status = Organisation.Status.SUSPENDED
    catalogue["boats"].save()
    assert [s["name"] for s in get(client, "/services")["contents"]] == ["Bread for charities"]
    get(client, f"/services/{catalogue['repairs'].uuid}", status=404)


# Query parameters


def names(body):
    return [item["name"] for item in body["contents"]]


def test_text_search(client, catalogue):
    assert names(get(client, "/services", {"text": "mend boats"})) == ["Boat repairs"]
    # The organisation's name and keywords count too; "search" is the same as "text".
    assert names(get(client, "/services", {"search": "anchor"})) == ["Boat repairs", "Moorings"]
    assert names(get(client, "/services", {"text": "BREAD"})) == ["Bread for charities"]
    assert get(client, "/services", {"text": "submarines"})["empty"] is True
    assert names(get(client, "/organizations", {"text": "moorings"})) == ["Anchor Boats"]


def test_taxonomy_filters(client, catalogue):
    marine = term_id("sectors", catalogue["marine"])
    assert names(get(client, "/services", {"taxonomy_term_id": marine})) == [
        "Boat repairs",
        "Moorings",
    ]
    wage = term_id("accreditations", catalogue["living_wage"])
    assert len(get(client, "/service_at_locations", {"taxonomy_term_id": wage})["contents"]) == 2
    sectors = str(oruk.derived_id("taxonomy", "sectors"))
    assert get(client, "/services", {"taxonomy_id": sectors})["total_items"] == 3
    accreditations = str(oruk.derived_id("taxonomy", "accreditations"))
    assert get(client, "/services", {"taxonomy_id": accreditations})["total_items"] == 2
    # A term of another taxonomy, or an unknown term, matches nothing.
    assert get(client, "/services", {"taxonomy_term_id": marine, "taxonomy_id": accreditations})[
        "empty"
    ]
    assert get(client, "/services", {"taxonomy_term_id": str(Service().uuid)})["empty"]


def test_organization_and_modified_after_filters(client, catalogue):
    bakery = catalogue["bakery"]
    assert names(get(client, "/services", {"organization_id": str(bakery.uuid)})) == [
        "Bread for charities"
    ]
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Service.objects.update(updated_at=long_ago)
    Organisation.objects.update(updated_at=long_ago)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert get(client, "/services", {"modified_after": since})["empty"]
    Service.objects.filter(pk=catalogue["bread"].pk).update(updated_at=timezone.now())
    assert names(get(client, "/services", {"modified_after": since})) == ["Bread for charities"]
    # A change to the organisation changes its services' records too.
    Organisation.objects.filter(pk=catalogue["boats"].pk).update(updated_at=timezone.now())
    assert len(get(client, "/services", {"modified_after": since[:10]})["contents"]) == 3
    minimal = get(client, "/services", {"minimal": "true", "modified_after": since})
    assert set(minimal["contents"][0]) == {"id", "last_modified"}


# Pagination and errors


def test_pages(client, catalogue):
    first = get(client, "/services", {"per_page": 2})
    assert first["total_items"] == 3 and first["total_pages"] == 2
    assert first["first_page"] and not first["last_page"] and first["size"] == 2
    second = get(client, "/services", {"per_page": 2, "page": 2})
    assert second["size"] == 1 and second["last_page"] and not second["first_page"]
    assert names(first) + names(second) == names(get(client, "/services"))
    # "size" is accepted as the page size too.
    assert get(client, "/services", {"size": 1})["size"] == 1


def test_a_page_past_the_end_is_empty(client, catalogue):
    body = get(client, "/services", {"page": 7})
    assert body["contents"] == [] and body["empty"] and body["last_page"]
    assert body["page_number"] == 7 and body["total_items"] == 3
    assert_valid(body, page_of(_load("service_list.json")))
    assert get(client, "/services", {"page": "9" * 30})["empty"]


def test_a_huge_page_size_is_capped(client, catalogue):
    ServiceFactory.create_batch(110, organisation=catalogue["bakery"])
    body = get(client, "/services", {"per_page": 10**12})
    assert body["size"] == oruk.MAX_PER_PAGE and body["total_items"] == 113
    assert get(client, "/services", {"minimal": "true", "per_page": 5000})["size"] == 113


@pytest.mark.parametrize(
    "path, params, parameter",
    [
        ("/services", {"page": "0"}, "page"),
        ("/services", {"page": "-1"}, "page"),
        ("/services", {"page": "two"}, "page"),
        ("/services", {"page": "1.5"}, "page"),
        ("/services", {"per_page": "0"}, "per_page"),
        ("/services", {"per_page": "ten"}, "per_page"),
        ("/services", {"size": "x"}, "size"),
        ("/services", {"modified_after": "yesterday"}, "modified_after"),
        ("/services", {"modified_after": "2026-13-45"}, "modified_after"),
        ("/services", {"taxonomy_term_id": "marine"}, "taxonomy_term_id"),
        ("/services", {"taxonomy_id": "1"}, "taxonomy_id"),
        ("/services", {"organization_id": "anchor"}, "organization_id"),
        ("/services", {"minimal": "maybe"}, "minimal"),
        ("/services", {"text": "x" * 201}, "text"),
        ("/service_at_locations", {"page": "0"}, "page"),
        ("/taxonomies", {"per_page": "-5"}, "per_page"),
        ("/taxonomy_terms", {"taxonomy_id": "sectors"}, "taxonomy_id"),
        ("/organizations", {"full_service": "perhaps"}, "full_service"),
    ],
)
def test_bad_parameters_are_a_400_in_the_error_shape(client, catalogue, path, params, parameter):
    body = get(client, path, params, status=400)
    assert body["code"] == 400 and body["message"]
    assert body["errors"] == [{"parameter": parameter, "message": body["message"]}]


@pytest.mark.parametrize(
    "path",
    [
        "/services/not-a-uuid",
        "/services/00000000-0000-0000-0000-000000000000",
        "/service_at_locations/nope",
        "/taxonomies/00000000-0000-0000-0000-000000000000",
        "/taxonomy_terms/marine",
        "/organizations/123",
    ],
)
def test_unknown_ids_are_a_404_in_the_error_shape(client, catalogue, path):
    body = get(client, path, status=404)
    assert body["code"] == 404 and body["message"].startswith("No published")


# Query counts do not grow with the page size or the data


@pytest.mark.parametrize(
    "path, params",
    [
        ("/services", {"full": "true", "per_page": 100}),
        ("/services", {"per_page": 100, "text": "help"}),
        ("/services", {"minimal": "true", "per_page": 1000}),
        ("/service_at_locations", {"full": "true", "per_page": 100}),
        ("/organizations", {"full_service": "true", "per_page": 100}),
        ("/taxonomy_terms", {"per_page": 100}),
    ],
)
def test_query_counts_are_constant(client, db, django_assert_max_num_queries, path, params):
    def add(n):
        sectors = SectorFactory.create_batch(2)
        accreditation = AccreditationFactory()
        for _ in range(n):
            organisation = OrganisationFactory(sectors=sectors, accreditations=[accreditation])
            ServiceFactory.create_batch(2, organisation=organisation)

    add(2)
    with django_assert_max_num_queries(8):
        small = get(client, path, params)
    add(30)
    with django_assert_max_num_queries(8):
        large = get(client, path, params)
    assert large["size"] > small["size"]


# The existing endpoints keep working


def test_the_earlier_organisation_endpoints_still_answer(client, catalogue):
    body = client.get("/api/directory/organizations").json()
    assert {o["name"] for o in body["contents"]} == {"Anchor Boats", "Harbour Bakery"}
    boats = catalogue["boats"]
    assert client.get(f"/api/directory/organizations/{boats.uuid}").status_code == 200
    documented = client.get("/api/openapi.json").json()["paths"]["/api/directory/organizations"]
    assert documented["get"]["deprecated"] is True
    assert "/api/oruk/" in documented["get"]["description"]
