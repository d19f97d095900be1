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
