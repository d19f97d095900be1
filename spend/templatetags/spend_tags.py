from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def money(value, pence=True):
    """£1,234.50, or -£120.00 for a credit; whole pounds when pence is False."""
    if value is None:
        return "Not known"
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    text = f"{abs(value):,.2f}" if pence else f"{abs(value):,.0f}"
    return f"{sign}£{text}"


@register.filter
def percent(value):
    return "Not known" if value is None else f"{value}%"


@register.filter
def signed(value, pence=True):
    """A change with its sign: +£1,200.00 or -£300.00."""
    if value is None:
        return "Not known"
    text = money(value, pence)
    return text if Decimal(value) < 0 else f"+{text}"


@register.filter
def bar_width(value):
    """A share as an SVG width between 0 and 100."""
    if value is None:
        return 0
    return max(0, min(100, float(value)))
