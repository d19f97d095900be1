"""The calculator page at /guidance/calculator/: a GET form, so results have a shareable URL."""

import csv
import io

import pytest

from tests.guidance.factories import CalculatorPageFactory, GuidanceIndexPageFactory, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def calculator(home_page):
    index = publish(GuidanceIndexPageFactory(parent=home_page))
    return publish(CalculatorPageFactory(parent=index))


def test_blank_calculator_works_without_javascript(client, calculator):
    response = client.get("/guidance/calculator/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'method="get"' in html
    assert 'name="measure_0"' in html and 'name="quantity_2"' in html
    assert "Volunteering time (PSV-VOL): £16.07 per hour" in html
    assert "Results" not in html


def test_results_are_shown_for_a_shareable_url(client, calculator):
    url = "/guidance/calculator/?contract_value=1000000&measure_0=PSV-LOCALSME&quantity_0=400000"
    response = client.get(url)
    html = response.content.decode()
    assert "£36,000.00" in html
    assert "3.6%" in html
    assert "£0.036 per £1" in html
    assert f'value="http://testserver{url}"' in html.replace("&amp;", "&")
    # One empty line after the last filled one, to add another commitment.
    assert 'name="measure_3"' not in html and 'name="measure_1"' in html


def test_more_lines_appear_as_lines_are_filled(client, calculator):
    response = client.get(
        "/guidance/calculator/?contract_value=500000&measure_0=PSV-VOL&quantity_0=100"
        "&measure_3=PSV-CARELEAVER&quantity_3=2&deadweight=25"
    )
    html = response.content.decode()
    assert 'name="measure_4"' in html and 'name="measure_5"' not in html
    assert "£1,205.25" in html
    assert "£20,454.00" in html


def test_csv_download_of_the_calculation(client, calculator):
    response = client.get(
        "/guidance/calculator/?contract_value=1000000&measure_0=PSV-VOL&quantity_0=100"
        "&measure_1=PSV-CARELEAVER&quantity_1=2&download=csv"
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0] == "PSV-VOL" and rows[1][-1] == "1607.00"
    assert rows[2][0] == "PSV-CARELEAVER" and rows[2][-1] == "27272.00"
    assert ["total social value (£)", "28879.00"] in rows


def test_csv_download_of_bad_input_shows_the_errors_instead(client, calculator):
    response = client.get("/guidance/calculator/?contract_value=abc&download=csv")
    assert response["Content-Type"].startswith("text/html")
    assert "Enter the contract value as a number" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("contract_value=1000&measure_0=&quantity_0=", "Add at least one measure and quantity"),
        ("contract_value=1000&measure_0=PSV-VOL&quantity_0=", "Enter the quantity on line 1"),
        ("contract_value=1000&measure_1=&quantity_1=4", "Select a measure on line 2"),
        (
            "contract_value=1000&measure_0=PSV-VOL&quantity_0=-1",
            "Quantity must be 0 or more on line 1",
        ),
        ("contract_value=1000&measure_0=PSV-VOL&quantity_0=x", "Enter the quantity as a number"),
        (
            "contract_value=1000&measure_0=NOPE&quantity_0=1",
            "There is no measure with the code NOPE",
        ),
        ("contract_value=1e30&measure_0=PSV-VOL&quantity_0=1", "£1,000,000,000,000 or less"),
        ("contract_value=1000&measure_0=PSV-VOL&quantity_0=1&deadweight=120", "Deadweight must be"),
        ("contract_value=1000&measure_0=PSV-VOL&quantity_0=1&years=2.5", "whole number"),
    ],
)
def test_bad_input_shows_the_error_summary(client, calculator, query, message):
    response = client.get(f"/guidance/calculator/?{query}")
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error: " in html


def test_lm3_tool(client, calculator):
    response = client.get("/guidance/calculator/?lm3-round1=100&lm3-round2=60&lm3-round3=30")
    assert "LM3 multiplier: 1.90" in response.content.decode()


def test_lm3_tool_errors(client, calculator):
    response = client.get("/guidance/calculator/?lm3-round1=100&lm3-round2=160&lm3-round3=")
    html = response.content.decode()
    assert "Enter the round 3 amount" in html
    response = client.get("/guidance/calculator/?lm3-round1=100&lm3-round2=160&lm3-round3=10")
    assert "Round 2 cannot be more than round 1" in response.content.decode()


def test_commitments_are_valued_without_a_contract_value(client, calculator):
    response = client.get("/guidance/calculator/?contract_value=&measure_0=PSV-VOL&quantity_0=100")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" not in html
    assert "£1,607.00" in html
    assert "100 hours" in html
    assert "per £1" not in html.split('id="results"')[1].split("</section>")[0]
    assert "of contract value" not in html.split('id="results"')[1].split("</section>")[0]
    assert "Contract value (£) (optional)" in html


@pytest.mark.parametrize(
    ("quantity", "unit", "shown"),
    [
        ("1", "hour", "1 hour"),
        ("100", "hour", "100 hours"),
        ("1.5", "hour", "1.5 hours"),
        ("2", "week", "2 weeks"),
        ("2", "FTE", "2 FTE"),
        ("3", "person", "3 people"),
        ("2", "hour of mentoring", "2 hours of mentoring"),
        ("400000", "£1 spent", "£400,000 spent"),
        ("2", "business", "2 businesses"),
        ("2", "apprenticeship", "2 apprenticeships"),
        ("2", "family", "2 families"),
    ],
)
def test_quantities_read_with_their_unit_in_the_plural(quantity, unit, shown):
    from decimal import Decimal

    from guidance.templatetags.guidance_tags import quantity_of

    assert quantity_of(Decimal(quantity), unit) == shown
