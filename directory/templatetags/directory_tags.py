from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

CHECKED = mark_safe(" checked")  # noqa: S308 - a constant

CHECKBOX = (
    '<div class="govuk-checkboxes__item">'
    '<input class="govuk-checkboxes__input" id="{}" name="{}" type="checkbox" value="{}"{}>'
    '<label class="govuk-label govuk-checkboxes__label" for="{}">{} '
    '<span class="directory-count">({}<span class="govuk-visually-hidden"> organisations</span>)'
    "</span></label></div>"
)


@register.simple_tag
def facet_checkboxes(group):
    """A filter group's options as GOV.UK checkboxes, each with its count: built in one pass,
    as the directory page shows a few dozen of them on every search."""
    name = group["name"]
    return format_html_join(
        "\n",
        CHECKBOX,
        (
            (
                option["id"],
                name,
                option["value"],
                CHECKED if option["checked"] else "",
                option["id"],
                option["label"],
                option["count"],
            )
            for option in group["options"]
        ),
    )
