"""Template tags that render Django forms with GOV.UK Frontend markup."""

from django import forms, template
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join

from portal.forms import DATE_PARTS

register = template.Library()

_INPUT_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
    "checkbox": "govuk-checkboxes__input",
}
_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}
_CHOICE_TYPES = {"radioselect", "checkboxselectmultiple"}


@register.simple_tag
def govuk_widget(field):
    """Render a bound field's widget with GOV.UK classes, error state and aria-describedby."""
    widget_type = field.widget_type
    if widget_type == "govukdate":
        return _date_widget(field)
    css = _INPUT_CLASSES.get(widget_type, "govuk-input")
    existing = field.field.widget.attrs.get("class", "")
    classes = [existing, css]
    if field.errors and css in _ERROR_CLASSES:
        classes.append(_ERROR_CLASSES[css])
    if widget_type in {"number", "date", "time"} and "govuk-input--width" not in existing:
        classes.append("govuk-input--width-10")
    attrs = {"class": " ".join(c for c in classes if c)}
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors and widget_type != "checkbox":
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


def _date_widget(field):
    widget = field.field.widget
    if field.errors and not getattr(widget, "error_parts", ()):
        # An error from the form's own checks (say "must be in the past") is about the whole date.
        widget.error_parts = DATE_PARTS
    elif not field.errors:
        widget.error_parts = ()
    return field.as_widget()


@register.filter
def option_count(field):
    return len(field.field.choices) if hasattr(field.field, "choices") else 0


def field_anchor(field):
    """The id the error summary links to: the first option of a choice group."""
    if field.widget_type in _CHOICE_TYPES:
        return f"{field.auto_id}_0"
    if field.widget_type == "govukdate":
        parts = getattr(field.field.widget, "error_parts", ()) or DATE_PARTS
        return f"{field.auto_id}_{parts[0]}"
    return field.id_for_label or field.auto_id


def _collect(item):
    if isinstance(item, forms.BaseFormSet):
        errors = [(None, error) for error in item.non_form_errors()]
        for form in item.forms:
            errors += _collect(form)
        return errors
    if isinstance(item, forms.BaseForm):
        first_visible = next(iter(item.visible_fields()), None)
        errors = [
            (field_anchor(first_visible) if first_visible else None, error)
            for error in item.non_field_errors()
        ]
        for field in item:
            errors += [(field_anchor(field), error) for error in field.errors]
        return errors
    return []


@register.simple_tag
def error_summary(*forms_or_formsets):
    """{% error_summary form other_form formset %}: the GOV.UK error summary for all of them."""
    errors = []
    for item in forms_or_formsets:
        if item:
            errors += _collect(item)
    return render_to_string("includes/error_summary.html", {"errors": errors})


@register.simple_tag
def table_head(*columns):
    """A GOV.UK table's head row: {% table_head "Measure" "Value#" %}; a name ending in # is a
    numeric column (right-aligned)."""
    cells = format_html_join(
        "",
        '<th scope="col" class="govuk-table__header{}">{}</th>',
        (
            (" govuk-table__header--numeric" if name.endswith("#") else "", name.removesuffix("#"))
            for name in columns
        ),
    )
    return format_html(
        '<thead class="govuk-table__head"><tr class="govuk-table__row">{}</tr></thead>', cells
    )
