"""POST /api/social-value/calculate: the calculator as JSON, computed by the same code as the
calculator page. Bad input gets 400 with a message for each field, never a 500."""

from decimal import Decimal

from ninja import Router, Schema, Status

from guidance.calculator import GREEN_BOOK_DISCOUNT_RATE, MAX_LINES, InvalidCalculation
from guidance.services import calculate_from_codes
from portal.api import read_json

router = Router(tags=["Social value calculator"])

OPTIONS = ["deadweight", "displacement", "attribution", "years", "drop_off", "discount_rate"]
NUMBER = {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}

REQUEST_SCHEMA = {
    "type": "object",
    "required": ["lines"],
    "properties": {
        "contract_value": {
            **NUMBER,
            "description": "Contract value in £ (optional: without it there is no share of the "
            "contract or value per £1)",
            "example": "1000000",
        },
        "lines": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_LINES,
            "items": {
                "type": "object",
                "required": ["measure", "quantity"],
                "properties": {
                    "measure": {
                        "type": "string",
                        "description": "Measure code",
                        "example": "PSV-VOL",
                    },
                    "quantity": {**NUMBER, "description": "Units committed", "example": "100"},
                },
            },
        },
        "deadweight": {
            **NUMBER,
            "description": "% that would have happened anyway",
            "default": "0",
        },
        "displacement": {**NUMBER, "description": "% moved from elsewhere", "default": "0"},
        "attribution": {**NUMBER, "description": "% owed to others", "default": "0"},
        "years": {**NUMBER, "description": "Years the benefit lasts (1-50)", "default": "1"},
        "drop_off": {**NUMBER, "description": "% lost each later year", "default": "0"},
        "discount_rate": {
            **NUMBER,
            "description": "% a year (HM Treasury Green Book)",
            "default": str(GREEN_BOOK_DISCOUNT_RATE),
        },
    },
}


class LineOut(Schema):
    measure: str
    title: str
    theme: str
    unit: str
    proxy_value: str
    quantity: str
    gross: str
    value: str


class ThemeOut(Schema):
    theme: str
    name: str
    value: str


class CalculationOut(Schema):
    contract_value: str | None
    total: str
    percent_of_contract: str | None
    value_per_pound: str | None
    gross_total: str
    lines: list[LineOut]
    themes: list[ThemeOut]
    deadweight: str
    displacement: str
    attribution: str
    years: int
    drop_off: str
    discount_rate: str


class ErrorsOut(Schema):
    errors: dict[str, str]


def _text(number):
    """A Decimal as a plain string, without exponent notation (None stays None)."""
    return None if number is None else f"{Decimal(number):f}"


NOT_AN_OBJECT = "Send the calculation as a JSON object"


def _parse(request):
    data = read_json(request, invalid=NOT_AN_OBJECT, parse_float=Decimal)
    if not isinstance(data, dict):
        return None, {"body": NOT_AN_OBJECT}
    errors = {}
    lines = data.get("lines")
    if not isinstance(lines, list):
        errors["lines"] = "Send lines as a list of objects with a measure and a quantity"
        lines = []
    pairs = []
    for index, line in enumerate(lines):
        if not isinstance(line, dict):
            errors[f"lines.{index}"] = "Send each line as an object with a measure and a quantity"
            continue
        if not isinstance(line.get("measure"), str) or not line["measure"].strip():
            errors[f"lines.{index}.measure"] = "Enter a measure code, like PSV-VOL"
        if line.get("quantity") in (None, ""):
            errors[f"lines.{index}.quantity"] = "Enter the quantity"
        pairs.append((line.get("measure"), line.get("quantity")))
    options = {name: data[name] for name in OPTIONS if data.get(name) not in (None, "")}
    return (data.get("contract_value"), pairs, options), errors


@router.post(
    "/calculate",
    response={200: CalculationOut, 400: ErrorsOut, 413: ErrorsOut},
    summary="Calculate social value",
    description=(
        "Values social value commitments against a contract: each line is quantity x the "
        "measure's proxy value, less deadweight, displacement and attribution, with drop-off "
        "in later years and discounting at the Green Book rate. Numbers are decimal strings."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": REQUEST_SCHEMA}},
        }
    },
)
def calculate(request):
    parsed, errors = _parse(request)
    if parsed is None:
        return Status(400, {"errors": errors})
    contract_value, pairs, options = parsed
    try:
        result = calculate_from_codes(contract_value, pairs, **options)
    except InvalidCalculation as invalid:
        errors = {**invalid.errors, **errors}
    if errors:
        return Status(400, {"errors": errors})
    return Status(
        200,
        {
            "contract_value": _text(result.contract_value),
            "total": _text(result.total),
            "percent_of_contract": _text(result.percent_of_contract),
            "value_per_pound": _text(result.value_per_pound),
            "gross_total": _text(result.gross_total),
            "lines": [
                {
                    "measure": line.measure.code,
                    "title": line.measure.title,
                    "theme": line.measure.theme.code,
                    "unit": line.measure.unit,
                    "proxy_value": _text(line.measure.proxy_value.normalize()),
                    "quantity": _text(line.quantity),
                    "gross": _text(line.gross),
                    "value": _text(line.value),
                }
                for line in result.lines
            ],
            "themes": [
                {"theme": item.theme.code, "name": item.theme.name, "value": _text(item.value)}
                for item in result.themes
            ],
            "deadweight": _text(result.deadweight),
            "displacement": _text(result.displacement),
            "attribution": _text(result.attribution),
            "years": result.years,
            "drop_off": _text(result.drop_off),
            "discount_rate": _text(result.discount_rate),
        },
    )
