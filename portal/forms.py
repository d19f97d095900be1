"""Form bases that render GOV.UK Frontend markup, and the anti-spam checks for anonymous forms.

Every public form inherits `GovukForm` or `GovukModelForm`: `{{ form }}` then renders each
field as a GOV.UK form group (label, hint, error message, widget classes), and
`{% error_summary form %}` renders the error summary that links to each field.
"""

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
