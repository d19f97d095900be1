from django import template

from timebank.models import format_minutes

register = template.Library()


@register.filter
def hours(minutes):
    """Minutes as hours and minutes: 90 -> "1:30"."""
    return format_minutes(int(minutes or 0))
