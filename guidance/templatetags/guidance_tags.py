from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def money(value):
    """1607 -> "1,607.00": pounds and pence with thousands separators."""
    if value in (None, ""):
        return ""
    return f"{Decimal(value):,.2f}"


@register.filter
def pounds(value):
    """A proxy value as written: 13636 -> "13,636", 207.4 -> "207.40", 0.0925 -> "0.0925"."""
    if value in (None, ""):
        return ""
    number = Decimal(value).normalize()
    if number == number.to_integral_value():
        return f"{number:,.0f}"
    if number.as_tuple().exponent >= -2:
        return f"{number:,.2f}"
    return f"{number:,f}"


@register.filter
def number(value):
    """A quantity without trailing zeros: Decimal("100.00") -> "100"."""
    if value in (None, ""):
        return ""
    normalized = Decimal(value).normalize()
    if normalized == normalized.to_integral_value():
        return f"{normalized:,.0f}"
    return f"{normalized:,f}"


_IRREGULAR_PLURALS = {"person": "people", "child": "children"}


@register.filter
def quantity_of(quantity, unit):
    """A quantity with its unit, plural when it is not 1: "100 hours", "1 week", "2 FTE",
    and money units read as money: (400000, "£1 spent") -> "£400,000 spent"."""
    amount = number(quantity)
    if unit.startswith("£1 "):
        return f"£{amount} {unit[3:]}"
    first, _, rest = unit.partition(" ")
    if Decimal(quantity) != 1 and not first.isupper():
        if first in _IRREGULAR_PLURALS:
            first = _IRREGULAR_PLURALS[first]
        elif first.endswith(("s", "x", "ch", "sh")):
            first += "es"
        elif first.endswith("y") and first[-2:-1] not in "aeiou":
            first = first[:-1] + "ies"
        else:
            first += "s"
    return " ".join(part for part in (amount, first, rest) if part)


@register.filter
def with_columns(row, columns):
    """A table row's cells paired with their columns, for the column name a phone shows."""
    return zip(row, columns, strict=False)
