"""POST /api/social-value/calculate: the calculator as JSON, with 400 and field errors."""

import json

import pytest

from guidance.models import Measure

pytestmark = pytest.mark.django_db

URL = "/api/social-value/calculate"


def post(client, payload):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post(URL, body, content_type="application/json")


def test_local_sme_spend_on_a_million_pound_contract(client):
    response = post(
        client,
        {"contract_value": "1000000", "lines": [{"measure": "PSV-LOCALSME", "quantity": "400000"}]},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == "36000.00"
    assert data["percent_of_contract"] == "3.60"
    assert data["value_per_pound"] == "0.036"
    assert data["themes"] == [{"theme": "growth", "name": "Growth", "value": "36000.00"}]
    assert data["lines"][0]["measure"] == "PSV-LOCALSME"
    assert data["lines"][0]["value"] == "36000.00"
    assert data["discount_rate"] == "3.5"


def test_lines_are_broken_down_with_deadweight(client):
    response = post(
        client,
        {
            "contract_value": "1000000",
            "lines": [
                {"measure": "PSV-VOL", "quantity": "100"},
                {"measure": "PSV-CARELEAVER", "quantity": 2},
            ],
            "deadweight": "25",
        },
    )
    assert response.status_code == 200
    lines = response.json()["lines"]
    assert [(line["gross"], line["value"]) for line in lines] == [
        ("1607.00", "1205.25"),
        ("27272.00", "20454.00"),
    ]
    assert response.json()["total"] == "21659.25"


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"lines": [{"measure": "PSV-VOL", "quantity": "-5"}]}, "lines.0.quantity", "0 or more"),
        ({"lines": [{"measure": "PSV-VOL", "quantity": "ten"}]}, "lines.0.quantity", "number"),
        ({"lines": [{"measure": "PSV-VOL", "quantity": 1e30}]}, "lines.0.quantity", "or less"),
        ({"lines": [{"measure": "NT999", "quantity": "1"}]}, "lines.0.measure", "NT999"),
        ({"lines": [{"measure": "PSV-VOL"}]}, "lines.0.quantity", "Enter the quantity"),
        ({"lines": [{}]}, "lines.0.measure", "Enter a measure code"),
        ({"lines": []}, "lines", "at least one"),
        ({"lines": "PSV-VOL"}, "lines", "list"),
        ({"lines": ["PSV-VOL"]}, "lines.0", "object"),
        ({"deadweight": "150"}, "deadweight", "between 0% and 100%"),
        ({"attribution": "-1"}, "attribution", "between 0% and 100%"),
        ({"displacement": "half"}, "displacement", "number"),
        ({"drop_off": "101"}, "drop_off", "between 0% and 100%"),
        ({"discount_rate": "1e30"}, "discount_rate", "between 0% and 100%"),
        ({"years": "0"}, "years", "between 1 and 50"),
        ({"contract_value": "1e30"}, "contract_value", "or less"),
        ({"contract_value": "-10"}, "contract_value", "more than £0"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, payload, field, message):
    body = {"contract_value": "1000", "lines": [{"measure": "PSV-VOL", "quantity": "1"}]}
    body.update(payload)
    response = post(client, body)
    assert response.status_code == 400
    assert message in response.json()["errors"][field]


def test_inactive_measures_cannot_be_used(client):
    Measure.objects.filter(code="PSV-VCSE").update(active=False)
    response = post(
        client, {"contract_value": "1000", "lines": [{"measure": "PSV-VCSE", "quantity": "1"}]}
    )
    assert response.status_code == 400
    assert response.json()["errors"]["lines.0.measure"] == "Measure PSV-VCSE is no longer in use"


def test_every_problem_is_reported_at_once(client):
    response = post(
        client,
        {
            "contract_value": "lots",
            "lines": [{"measure": "PSV-VOL", "quantity": "-1"}, {"measure": "X", "quantity": "1"}],
            "deadweight": "200",
        },
    )
    assert set(response.json()["errors"]) == {
        "contract_value",
        "lines.0.quantity",
        "lines.1.measure",
        "deadweight",
    }


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '"text"', ""])
def test_malformed_json_is_a_400(client, body):
    response = post(client, body)
    assert response.status_code == 400
    assert response.json() == {"errors": {"body": "Send the calculation as a JSON object"}}


def test_the_api_is_described_in_openapi(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/social-value/calculate"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["lines"]
    assert {"200", "400"} <= set(operation["responses"])


@pytest.fixture
def page_cache_on(settings, django_capture_on_commit_callbacks):
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    return lambda: django_capture_on_commit_callbacks(execute=True)


LOCAL_SME = {
    "contract_value": "1000000",
    "lines": [{"measure": "PSV-LOCALSME", "quantity": "1000"}],
}


def test_with_the_page_cache_on_a_repeat_calculation_needs_no_query(
    client, page_cache_on, django_assert_num_queries
):
    assert post(client, LOCAL_SME).status_code == 200
    with django_assert_num_queries(0):
        response = post(client, LOCAL_SME)
    assert response.json()["total"] == "90.00"


def test_a_changed_proxy_value_is_used_on_the_next_calculation(client, page_cache_on):
    assert post(client, LOCAL_SME).json()["total"] == "90.00"
    measure = Measure.objects.get(code="PSV-LOCALSME")
    with page_cache_on():
        measure.proxy_value = "0.5000"
        measure.save()
    assert post(client, LOCAL_SME).json()["total"] == "500.00"
    with page_cache_on():
        measure.active = False
        measure.save()
    response = post(client, LOCAL_SME)
    assert response.status_code == 400
    assert "no longer in use" in response.content.decode()


def test_deeply_nested_json_is_a_json_400_not_a_500(client):
    response = post(client, "[" * 100_000)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "nested" in response.json()["errors"]["body"]


def test_a_body_over_the_size_limit_is_a_json_413_before_it_is_parsed(client):
    body = '{"contract_value": "1", "lines": [], "pad": "' + "x" * (11 * 1024 * 1024) + '"}'
    response = post(client, body)
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "errors" in response.json()


@pytest.mark.parametrize("value", ["Infinity", "-Infinity", "NaN", "1e999999"])
def test_non_finite_numbers_are_a_400_naming_the_field(client, value):
    response = post(
        client,
        json.dumps({"contract_value": value, "lines": [{"measure": "PSV-VOL", "quantity": value}]}),
    )
    assert response.status_code == 400
    assert "contract_value" in response.json()["errors"]


@pytest.mark.parametrize("contract_value", [None, ""])
def test_the_contract_value_is_optional(client, contract_value):
    body = {"lines": [{"measure": "PSV-VOL", "quantity": "100"}]}
    if contract_value is not None:
        body["contract_value"] = contract_value
    response = post(client, body)
    assert response.status_code == 200
    result = response.json()
    assert result["total"] == "1607.00"
    assert result["contract_value"] is None
    assert result["percent_of_contract"] is None
    assert result["value_per_pound"] is None
