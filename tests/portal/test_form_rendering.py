from django import forms

from portal.forms import GovukForm


class ExampleForm(GovukForm):
    name = forms.CharField(label="Name", help_text="As on your passport")
    count = forms.IntegerField(label="How many")
    when = forms.DateField(label="When", widget=forms.DateInput(attrs={"type": "date"}))
    file = forms.FileField(label="Evidence")
    colour = forms.ChoiceField(
        label="Colour",
        choices=[("r", "Red"), ("g", "Green"), ("b", "Blue")],
        widget=forms.RadioSelect,
    )
    agree = forms.BooleanField(label="I agree")


def test_fields_render_with_govuk_classes_and_described_by():
    form = ExampleForm(data={})
    assert not form.is_valid()
    html = str(form)
    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert "govuk-input--width-10" in html
    assert 'class="govuk-file-upload govuk-file-upload--error"' in html
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Colour</legend>' in html
    )
    assert 'class="govuk-radios__input" id="id_colour_0"' in html
    assert 'class="govuk-checkboxes__input"' in html
    assert "<label" in html and ":</label>" not in html


def test_error_summary_links_each_error_to_its_field():
    from portal.templatetags.govuk import error_summary

    html = error_summary(ExampleForm(data={}))
    assert "There is a problem" in html
    assert 'href="#id_name"' in html
    # A radio group links to its first option, which exists on the page.
    assert 'href="#id_colour_0"' in html


def test_no_error_summary_without_errors():
    from portal.templatetags.govuk import error_summary

    assert error_summary(ExampleForm()).strip() == ""
