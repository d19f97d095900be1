"""The social value calculator: plain Decimal arithmetic, no database access.

The calculator page, the JSON API (`POST /api/social-value/calculate`), the time bank report
and award evidence all call these functions, so a figure is computed the same way wherever it
is shown.

Formula (SROI style, as in the council's roadmap):

1. Gross value of a line = quantity x the measure's proxy value (£ per unit).
2. Net first-year value = gross x (1 - deadweight) x (1 - displacement) x (1 - attribution),
   each a percentage:
   - deadweight: what would have happened anyway;
   - displacement: how much of the benefit merely moved from elsewhere;
   - attribution: how much is owed to other people's contributions.
3. Each later year keeps (1 - drop_off) of the year before's value.
4. Later years are discounted to today's money at the HM Treasury Green Book rate (3.5% by
   default): year t (the first year is t = 0) is divided by (1 + rate) ** t. The first year
   is the present year, so it is not discounted and a one-year calculation equals the net
   value.

   value of a line = sum over t = 0 .. years-1 of  net x (1 - drop_off) ** t / (1 + rate) ** t

Each line's value is rounded to the penny (half up); the total and the per-theme values are
sums of the rounded lines, so a breakdown always adds up to its total.
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")
GREEN_BOOK_DISCOUNT_RATE = Decimal("3.5")

# Bounds that keep every result meaningful and inside Decimal's precision.
MAX_MONEY = Decimal("1000000000000")  # £1 trillion
MAX_QUANTITY = Decimal("1000000000000")
MAX_YEARS = 50
MAX_LINES = 50

# Measure codes from the Portsmouth Social Value Roadmap (seeded by a data migration).
VOLUNTEERING = "PSV-VOL"
CARE_LEAVER = "PSV-CARELEAVER"
APPRENTICE = "PSV-APPRENTICE"
LOCAL_SME_SPEND = "PSV-LOCALSME"
VCSE_SPEND = "PSV-VCSE"


class InvalidCalculation(ValueError):
    """Inputs the calculator cannot use; `errors` maps each field to a message."""

    def __init__(self, errors):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{key}: {message}" for key, message in self.errors.items()))


@dataclass(frozen=True)
class LineResult:
    measure: object
    quantity: Decimal
    gross: Decimal  # quantity x proxy value, before any adjustment
    value: Decimal  # after deadweight, displacement, attribution, drop-off and discounting


@dataclass(frozen=True)
class ThemeResult:
    theme: object
    value: Decimal


@dataclass(frozen=True)
class CalculationResult:
    contract_value: Decimal | None
    lines: list[LineResult]
    themes: list[ThemeResult]
    total: Decimal
    percent_of_contract: Decimal | None  # e.g. 3.60 for 3.6%
    value_per_pound: Decimal | None  # £ of social value per £1 of contract value
    deadweight: Decimal = Decimal("0")
    displacement: Decimal = Decimal("0")
    attribution: Decimal = Decimal("0")
    years: int = 1
    drop_off: Decimal = Decimal("0")
    discount_rate: Decimal = GREEN_BOOK_DISCOUNT_RATE
    gross_total: Decimal = field(default=Decimal("0"))


def to_decimal(value):
    """Decimal from an int, str or Decimal; None for anything that is not a finite number."""
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(str(value).strip().replace(",", "").lstrip("£"))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def _plain(number):
    """3.500 -> 3.5 and 100 -> 100 (normalize alone would give 1E+2)."""
    number = number.normalize()
    return number.quantize(Decimal("1")) if number.as_tuple().exponent > 0 else number


def money(value):
    """Round to the penny, half up (how the council rounds money)."""
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


PERCENTAGE_LABELS = {
    "deadweight": "Deadweight",
    "displacement": "Displacement",
    "attribution": "Attribution",
    "drop_off": "Drop-off",
    "discount_rate": "Discount rate",
}


def _percentage(name, value, errors):
    label = PERCENTAGE_LABELS[name]
    number = to_decimal(value)
    if number is None:
        errors[name] = f"Enter {label.lower()} as a number between 0 and 100"
    elif not Decimal("0") <= number <= Decimal("100"):
        errors[name] = f"{label} must be between 0% and 100%"
    else:
        return number / Decimal("100")
    return Decimal("0")


def _check_quantity(quantity):
    number = to_decimal(quantity)
    if number is None:
        return None, "Enter the quantity as a number"
    if number < 0:
        return None, "Quantity must be 0 or more"
    if number > MAX_QUANTITY:
        return None, "Quantity must be 1,000,000,000,000 or less"
    return number, None


def value_of(measure, quantity):
    """The gross value of `quantity` units of one measure: quantity x proxy value, to the penny.

    >>> value_of(volunteering, 100)  # 100 hours at £16.07
    Decimal('1607.00')
    """
    number, error = _check_quantity(quantity)
    if error:
        raise InvalidCalculation({"quantity": error})
    return money(number * Decimal(measure.proxy_value))


def calculate(
    contract_value,
    lines,
    deadweight=0,
    displacement=0,
    attribution=0,
    years=1,
    drop_off=0,
    discount_rate=GREEN_BOOK_DISCOUNT_RATE,
):
    """Value a list of (measure, quantity) commitments against a contract.

    `contract_value` may be None (no % of contract or £ per £1 then). Percentages are given
    as 0-100. `measure` is anything with `proxy_value` and `theme` (a guidance Measure with
    its theme loaded). Raises InvalidCalculation listing every bad input.

    Worked example: 100 PSV-VOL hours (£16.07/hour) with 25% deadweight over one year
    = 100 x 16.07 x 0.75 = £1,205.25.
    """
    errors = {}
    contract = None
    if contract_value not in (None, ""):
        contract = to_decimal(contract_value)
        if contract is None:
            errors["contract_value"] = "Enter the contract value as a number, like 250000"
        elif contract <= 0:
            errors["contract_value"] = "Contract value must be more than £0"
        elif contract > MAX_MONEY:
            errors["contract_value"] = "Contract value must be £1,000,000,000,000 or less"
    fractions = {
        name: _percentage(name, value, errors)
        for name, value in (
            ("deadweight", deadweight),
            ("displacement", displacement),
            ("attribution", attribution),
            ("drop_off", drop_off),
            ("discount_rate", discount_rate),
        )
    }
    year_count = to_decimal(years)
    if year_count is None or year_count != year_count.to_integral_value():
        errors["years"] = "Enter the number of years as a whole number"
    elif not 1 <= year_count <= MAX_YEARS:
        errors["years"] = f"Number of years must be between 1 and {MAX_YEARS}"
    lines = list(lines)
    if not lines:
        errors["lines"] = "Add at least one measure and quantity"
    elif len(lines) > MAX_LINES:
        errors["lines"] = f"Enter {MAX_LINES} lines or fewer"
    quantities = []
    for index, (measure, quantity) in enumerate(lines):
        number, error = _check_quantity(quantity)
        if error:
            errors[f"lines.{index}.quantity"] = error
        if measure is None:
            errors[f"lines.{index}.measure"] = "Select a measure"
        quantities.append(number)
    if errors:
        raise InvalidCalculation(errors)

    year_count = int(year_count)
    keep = (
        (1 - fractions["deadweight"])
        * (1 - fractions["displacement"])
        * (1 - fractions["attribution"])
    )
    # Sum of (1 - drop_off)^t / (1 + rate)^t over the years: one factor for every line.
    yearly = (1 - fractions["drop_off"]) / (1 + fractions["discount_rate"])
    over_years = sum((yearly**t for t in range(year_count)), Decimal("0"))

    line_results = []
    theme_totals = OrderedDict()
    for (measure, _), quantity in zip(lines, quantities, strict=True):
        gross = quantity * Decimal(measure.proxy_value)
        value = money(gross * keep * over_years)
        line_results.append(LineResult(measure, quantity, money(gross), value))
        theme = getattr(measure, "theme", None)
        key = getattr(theme, "pk", None) or id(theme)
        if key not in theme_totals:
            theme_totals[key] = [theme, Decimal("0.00")]
        theme_totals[key][1] += value
    total = sum((line.value for line in line_results), Decimal("0.00"))
    themes = sorted(
        (ThemeResult(theme, value) for theme, value in theme_totals.values()),
        key=lambda item: (getattr(item.theme, "sort_order", 0), str(item.theme)),
    )
    percent = per_pound = None
    if contract is not None:
        percent = (total * 100 / contract).quantize(PENNY, rounding=ROUND_HALF_UP)
        per_pound = (total / contract).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    return CalculationResult(
        contract_value=contract,
        lines=line_results,
        themes=themes,
        total=total,
        percent_of_contract=percent,
        value_per_pound=per_pound,
        deadweight=_plain(fractions["deadweight"] * 100),
        displacement=_plain(fractions["displacement"] * 100),
        attribution=_plain(fractions["attribution"] * 100),
        years=year_count,
        drop_off=_plain(fractions["drop_off"] * 100),
        discount_rate=_plain(fractions["discount_rate"] * 100),
        gross_total=sum((line.gross for line in line_results), Decimal("0.00")),
    )


def lm3(round1, round2, round3):
    """Local Multiplier 3 (New Economics Foundation): (R1 + R2 + R3) / R1, to 2 places.

    Round 1 is the income (e.g. the contract value), round 2 what the recipient spends
    locally (local suppliers and staff), round 3 what those re-spend locally. Each round is
    part of the one before, so the result lies between 1.00 and 3.00.

    >>> lm3(100, 60, 30)
    Decimal('1.90')
    """
    errors = {}
    values = {}
    for name, raw in (("round1", round1), ("round2", round2), ("round3", round3)):
        number = to_decimal(raw)
        if number is None:
            errors[name] = "Enter the amount as a number, like 25000"
        elif number < 0:
            errors[name] = "Amount must be £0 or more"
        elif number > MAX_MONEY:
            errors[name] = "Amount must be £1,000,000,000,000 or less"
        else:
            values[name] = number
    if "round1" in values and values["round1"] == 0:
        errors["round1"] = "Round 1 must be more than £0"
    if not errors:
        if values["round2"] > values["round1"]:
            errors["round2"] = "Round 2 cannot be more than round 1"
        if values["round3"] > values["round2"]:
            errors["round3"] = "Round 3 cannot be more than round 2"
    if errors:
        raise InvalidCalculation(errors)
    multiplier = (values["round1"] + values["round2"] + values["round3"]) / values["round1"]
    return multiplier.quantize(PENNY, rounding=ROUND_HALF_UP)
