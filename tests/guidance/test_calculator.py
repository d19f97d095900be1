"""The calculator's arithmetic: the roadmap's worked results and every bad input."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidance import calculator
from guidance.calculator import InvalidCalculation, calculate, lm3, value_of
from guidance.models import Measure


@pytest.fixture
def measures(db):
    return {m.code: m for m in Measure.objects.select_related("theme")}


def test_migration_seeds_the_five_themes_and_roadmap_measures(measures):
    assert set(measures) == {
        "PSV-VOL",
        "PSV-CARELEAVER",
        "PSV-APPRENTICE",
        "PSV-LOCALSME",
        "PSV-VCSE",
    }
    assert measures["PSV-VOL"].proxy_value == Decimal("16.07")
    assert measures["PSV-VOL"].unit == "hour"
    assert measures["PSV-CARELEAVER"].proxy_value == Decimal("13636")
    assert measures["PSV-APPRENTICE"].proxy_value == Decimal("207.40")
    assert measures["PSV-LOCALSME"].proxy_value == Decimal("0.09")
    assert measures["PSV-VCSE"].proxy_value == Decimal("0.12")
    assert {m.source for m in measures.values()} == {"Portsmouth Social Value Roadmap"}
    assert sorted(m.theme.code for m in measures.values()) == [
        "growth",
        "growth",
        "jobs",
        "jobs",
        "social",
    ]


def test_100_volunteering_hours_are_worth_1607(measures):
    assert value_of(measures["PSV-VOL"], 100) == Decimal("1607.00")
    assert calculate(None, [(measures["PSV-VOL"], "100")]).total == Decimal("1607.00")


def test_two_care_leavers_are_worth_27272(measures):
    assert value_of(measures["PSV-CARELEAVER"], 2) == Decimal("27272.00")


def test_local_sme_spend_against_the_contract(measures):
    result = calculate("1000000", [(measures["PSV-LOCALSME"], "400000")])
    assert result.total == Decimal("36000.00")
    assert result.percent_of_contract == Decimal("3.6")
    assert result.value_per_pound == Decimal("0.036")
    assert [(t.theme.code, t.value) for t in result.themes] == [("growth", Decimal("36000.00"))]


def test_deadweight_reduces_the_first_line(measures):
    result = calculate(
        "1000000",
        [(measures["PSV-VOL"], 100), (measures["PSV-CARELEAVER"], 2)],
        deadweight="25",
    )
    assert result.lines[0].value == Decimal("1205.25")
    assert result.lines[0].gross == Decimal("1607.00")
    assert result.total == Decimal("1205.25") + Decimal("20454.00")


def test_lm3_multiplier():
    assert lm3(100, 60, 30) == Decimal("1.90")
    assert lm3("100", "0", "0") == Decimal("1.00")


def test_theme_values_add_up_to_the_total(measures):
    result = calculate(
        "500000",
        [
            (measures["PSV-VOL"], "37.5"),
            (measures["PSV-APPRENTICE"], "12"),
            (measures["PSV-CARELEAVER"], "1"),
            (measures["PSV-VCSE"], "1234.56"),
        ],
        deadweight="10",
        displacement="5",
        attribution="20",
    )
    assert sum(t.value for t in result.themes) == result.total
    assert [t.theme.code for t in result.themes] == ["jobs", "growth", "social"]


def test_later_years_drop_off_and_are_discounted(measures):
    result = calculate(None, [(measures["PSV-VOL"], 100)], years=3, drop_off="10")
    # 1607 x (1 + 0.9/1.035 + 0.81/1.035^2)
    expected = Decimal("1607") * (
        1 + Decimal("0.9") / Decimal("1.035") + Decimal("0.81") / Decimal("1.035") ** 2
    )
    assert result.total == calculator.money(expected)
    no_discount = calculate(None, [(measures["PSV-VOL"], 100)], years=3, discount_rate=0)
    assert no_discount.total == Decimal("4821.00")


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"lines": "bad-quantity"}, "lines.0.quantity", "Enter the quantity as a number"),
        ({"lines": "negative"}, "lines.0.quantity", "Quantity must be 0 or more"),
        ({"lines": "huge"}, "lines.0.quantity", "Quantity must be 1,000,000,000,000 or less"),
        ({"lines": "none"}, "lines", "Add at least one measure and quantity"),
        ({"lines": "no-measure"}, "lines.0.measure", "Select a measure"),
        ({"deadweight": "101"}, "deadweight", "Deadweight must be between 0% and 100%"),
        ({"displacement": "-1"}, "displacement", "Displacement must be between 0% and 100%"),
        ({"attribution": "lots"}, "attribution", "Enter attribution as a number between 0 and 100"),
        ({"discount_rate": "1e30"}, "discount_rate", "Discount rate must be between 0% and 100%"),
        ({"years": "1.5"}, "years", "Enter the number of years as a whole number"),
        ({"years": "1e30"}, "years", "Number of years must be between 1 and 50"),
        ({"contract_value": "1e30"}, "contract_value", "Contract value must be"),
        ({"contract_value": "NaN"}, "contract_value", "Enter the contract value as a number"),
        ({"contract_value": "0"}, "contract_value", "Contract value must be more than £0"),
    ],
)
def test_bad_input_names_the_field(measures, kwargs, field, message):
    examples = {
        "bad-quantity": [(measures["PSV-VOL"], "ten")],
        "negative": [(measures["PSV-VOL"], "-3")],
        "huge": [(measures["PSV-VOL"], "1e30")],
        "none": [],
        "no-measure": [(None, "3")],
        "good": [(measures["PSV-VOL"], "1")],
    }
    lines = examples[kwargs.pop("lines", "good")]
    arguments = {"contract_value": "1000", **kwargs}
    with pytest.raises(InvalidCalculation) as raised:
        calculate(lines=lines, **arguments)
    assert raised.value.errors[field].startswith(message)


@pytest.mark.parametrize(
    ("rounds", "field"),
    [
        (("0", "0", "0"), "round1"),
        (("abc", "1", "1"), "round1"),
        (("100", "120", "0"), "round2"),
        (("100", "60", "70"), "round3"),
        (("100", "-1", "0"), "round2"),
        (("1e30", "1", "1"), "round1"),
    ],
)
def test_lm3_rejects_impossible_rounds(rounds, field):
    with pytest.raises(InvalidCalculation) as raised:
        lm3(*rounds)
    assert field in raised.value.errors


@given(
    quantity=st.decimals(min_value=0, max_value=10**9, places=2),
    deadweight=st.integers(min_value=0, max_value=100),
)
def test_adjustments_never_raise_the_value(quantity, deadweight):
    class Volunteering:
        proxy_value = Decimal("16.07")
        theme = None

    result = calculate(None, [(Volunteering(), quantity)], deadweight=deadweight)
    assert Decimal("0") <= result.total <= value_of(Volunteering(), quantity)
