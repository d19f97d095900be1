"""Form bases that render GOV.UK Frontend markup, and the anti-spam checks for anonymous forms.

Every public form inherits `GovukForm` or `GovukModelForm`: `{{ form }}` then renders each
field as a GOV.UK form group (label, hint, error message, widget classes), and
`{% error_summary form %}` renders the error summary that links to each field.
"""

import datetime

from captcha.fields import CaptchaField
from django import forms
from django.forms import BaseForm, BaseFormSet
from django.forms.renderers import TemplatesSetting
from django.shortcuts import render


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"


govuk_renderer = GovukFormRenderer()


class GovukFormMixin:
    default_renderer = govuk_renderer
    # GOV.UK pattern: no colon after labels, and errors never in the label.
    label_suffix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"


def email_field(
    label="Email address", *, required=True, blank="Enter your email address", **kwargs
):
    """An email address field with the GOV.UK error messages."""
    messages = {"invalid": EMAIL_INVALID}
    if required:
        messages["required"] = blank
    return forms.EmailField(label=label, required=required, error_messages=messages, **kwargs)


def text_area(label, *, rows=3, required=True, blank=None, too_long=None, **kwargs):
    """A multi-line text field. `blank` is the message when it is left empty; with max_length,
    `too_long` names the field in the message for a longer text ("Your message must be...")."""
    messages = {}
    if blank:
        messages["required"] = blank
    if too_long:
        messages["max_length"] = f"{too_long} must be {kwargs['max_length']:,} characters or fewer"
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=messages,
        **kwargs,
    )


def optional_checkboxes(queryset, **kwargs):
    """A checkbox for each of `queryset`; ticking none is allowed."""
    return forms.ModelMultipleChoiceField(
        queryset=queryset, required=False, widget=forms.CheckboxSelectMultiple, **kwargs
    )


def radio_field(label, choices, *, blank, **kwargs):
    """A choice shown as radios; `blank` is the message when none is selected."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": blank},
        **kwargs,
    )


class ReasonRequiredMixin:
    """A decision form whose answers in `needs_reason` must come with a written reason."""

    decision_field = "decision"
    reason_field = "reason"
    needs_reason = ()
    reason_missing = "Enter the reason"

    def clean(self):
        cleaned = super().clean()
        reason = (cleaned.get(self.reason_field) or "").strip()
        if cleaned.get(self.decision_field) in self.needs_reason and not reason:
            self.add_error(self.reason_field, self.reason_missing)
        return cleaned


class HoneypotInput(forms.TextInput):
    """A field that people never see or reach; bots that fill every input fill it too."""

    template_name = "forms/honeypot.html"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "tabindex": "-1", **(attrs or {})})


class AntiSpamMixin:
    """Adds a captcha (with its audio alternative) and a honeypot for anonymous users.

    Pass `user=request.user`. Signed-in users are not asked for a captcha. After
    `is_valid()`, a view calls `is_spam()` and silently discards the submission when true.
    """

    honeypot_name = "website_address"

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is None or not user.is_authenticated:
            self.fields["captcha"] = CaptchaField(
                label="Type the characters you see in the picture",
                help_text="This checks that you are a person. Letters are not case sensitive.",
                error_messages={
                    "required": "Type the characters you see in the picture",
                    "invalid": "The characters you typed do not match the picture; try this new one",
                },
            )
            self.fields[self.honeypot_name] = forms.CharField(
                required=False, label="Leave this field empty", widget=HoneypotInput()
            )

    def is_spam(self):
        return bool(self.data.get(self.honeypot_name))


# The error code of an upload refused for its size: its form is answered with 413, not 422.
FILE_TOO_LARGE = "file_too_large"


def _invalid_forms(context):
    values = []
    for value in context.values():
        # A list of forms (one per criterion, say) counts like a formset.
        values.extend(value if isinstance(value, (list, tuple)) else [value])
    for value in values:
        if isinstance(value, BaseForm) and value.is_bound and value.errors:
            yield value
        elif isinstance(value, BaseFormSet) and value.is_bound and not value.is_valid():
            yield from (form for form in value.forms if form.errors)
            if value.non_form_errors():
                yield value


def _too_large(form):
    if isinstance(form, BaseFormSet):
        return False
    return any(
        error.code == FILE_TOO_LARGE
        for errors in form.errors.as_data().values()
        for error in errors
    )


def invalid_form_status(context):
    """422 when a posted form (or formset) in the context has errors, 413 when one of them is
    an upload refused for its size, else None."""
    invalid = list(_invalid_forms(context))
    if not invalid:
        return None
    return 413 if any(_too_large(form) for form in invalid) else 422


def render_form(request, template, context=None, status=None):
    """Render a page with a form. A posted form with errors is re-rendered with status 422
    (413 for an upload that is too large), so clients and monitors see the failure."""
    context = context or {}
    if status is None and request.method == "POST":
        status = invalid_form_status(context)
    return render(request, template, context, status=status or 200)


class InvalidFormStatusMixin:
    """For class-based form views: form_invalid answers 422 (413 for an oversize upload)."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = invalid_form_status({"form": form}) or 422
        return response


DATE_PARTS = ("day", "month", "year")
_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def _and_join(words):
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes in one fieldset.

    Submits `<name>_day`, `<name>_month` and `<name>_year`; the value is the three strings as
    typed, so a re-rendered form shows exactly what the person entered.
    """

    template_name = "forms/govuk_date_input.html"

    def __init__(self, attrs=None):
        widgets = {part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in DATE_PARTS}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if value:
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]

    def value_from_datadict(self, data, files, name):
        return [(data.get(f"{name}_{part}") or "").strip() for part in DATE_PARTS]

    def value_omitted_from_data(self, data, files, name):
        return all(f"{name}_{part}" not in data for part in DATE_PARTS)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        error_parts = getattr(self, "error_parts", ())
        for part, subwidget in zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True):
            subwidget["part"] = part
            subwidget["label"] = part.capitalize()
            if attrs and attrs.get("id"):
                subwidget["attrs"]["id"] = f"{attrs['id']}_{part}"
            subwidget["attrs"]["class"] = " ".join(
                ["govuk-input", "govuk-date-input__input"]
                + [f"govuk-input--width-{4 if part == 'year' else 2}"]
                + (["govuk-input--error"] if part in error_parts else [])
            )
            # aria-invalid and aria-describedby belong to the fieldset, not to each box.
            subwidget["attrs"].pop("aria-invalid", None)
            subwidget["attrs"].pop("aria-describedby", None)
            if part in error_parts:
                subwidget["attrs"]["aria-invalid"] = "true"
        return context


class GovukDateField(forms.Field):
    """A date typed into the GOV.UK date input, with the Design System's error messages.

    `error_name` starts each message ("Date must include a month"); a `required` error message
    overrides "Enter the date". Day and year may be typed with or without leading zeros and
    the month as a number or a name ("Nov", "november"). A failing part is kept in
    `error_parts` so only the boxes with the problem are highlighted.
    """

    widget = GovukDateInput

    def __init__(self, *, error_name="Date", **kwargs):
        self.error_name = error_name
        super().__init__(**kwargs)
        if self.error_messages["required"] == forms.Field.default_error_messages["required"]:
            self.error_messages["required"] = f"Enter the {error_name.lower()}"

    def _fail(self, message, parts=DATE_PARTS, code="invalid"):
        self.widget.error_parts = tuple(parts)
        return forms.ValidationError(message, code=code)

    def to_python(self, value):
        self.widget.error_parts = ()
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        day, month, year = (list(value) + ["", "", ""])[:3]
        if not (day or month or year):
            return None
        missing = [
            part for part, text in zip(DATE_PARTS, (day, month, year), strict=True) if not text
        ]
        if missing:
            raise self._fail(
                f"{self.error_name} must include a {_and_join(missing)}", missing, "incomplete"
            )
        bad = []
        numbers = {}
        for part, text in (("day", day), ("month", month), ("year", year)):
            if part == "month" and text.lower() in _MONTH_NAMES:
                numbers[part] = _MONTH_NAMES[text.lower()]
            elif text.isdigit():
                numbers[part] = int(text)
            else:
                bad.append(part)
        if bad:
            raise self._fail(f"{self.error_name} must be a real date", bad)
        if not 1 <= numbers["day"] <= 31:
            bad.append("day")
        if not 1 <= numbers["month"] <= 12:
            bad.append("month")
        if bad:
            raise self._fail(f"{self.error_name} must be a real date", bad)
        if len(year) != 4:
            raise self._fail("Year must include 4 numbers", ["year"])
        try:
            return datetime.date(numbers["year"], numbers["month"], numbers["day"])
        except ValueError as error:
            raise self._fail(f"{self.error_name} must be a real date") from error

    def validate(self, value):
        if value is None and self.required:
            raise self._fail(self.error_messages["required"], code="required")

    def has_changed(self, initial, data):
        try:
            data = self.to_python(data)
        except forms.ValidationError:
            return True
        return initial != data
