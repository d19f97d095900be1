import datetime

import pytest
from django import forms

from portal.forms import GovukDateField, GovukForm
from portal.templatetags.govuk import error_summary


class WhenForm(GovukForm):
    when = GovukDateField(label="When did it happen?", help_text="For example, 20 11 2026")
    later = GovukDateField(label="Follow-up", required=False, error_name="Follow-up date")

    def clean_when(self):
        value = self.cleaned_data["when"]
        if value > datetime.date(2030, 1, 1):
            raise forms.ValidationError("Date must be before 1 January 2030")
        return value


def _form(day="", month="", year="", **extra):
    return WhenForm(data={"when_day": day, "when_month": month, "when_year": year, **extra})


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("20", "11", "2026", datetime.date(2026, 11, 20)),
        ("02", "03", "2026", datetime.date(2026, 3, 2)),
        (" 2 ", " 3", "2026 ", datetime.date(2026, 3, 2)),
        ("20", "Nov", "2026", datetime.date(2026, 11, 20)),
        ("20", "november", "2026", datetime.date(2026, 11, 20)),
        ("29", "2", "2028", datetime.date(2028, 2, 29)),
    ],
)
def test_accepts_real_dates(day, month, year, expected):
    form = _form(day, month, year)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == expected
    assert form.cleaned_data["later"] is None


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "parts"),
    [
        ("", "", "", "Enter the date", ("day", "month", "year")),
        ("20", "", "2026", "Date must include a month", ("month",)),
        ("", "", "2026", "Date must include a day and month", ("day", "month")),
        ("20", "", "", "Date must include a month and year", ("month", "year")),
        ("", "11", "", "Date must include a day and year", ("day", "year")),
        ("31", "2", "2026", "Date must be a real date", ("day", "month", "year")),
        ("29", "2", "2027", "Date must be a real date", ("day", "month", "year")),
        ("20", "13", "2026", "Date must be a real date", ("month",)),
        ("0", "11", "2026", "Date must be a real date", ("day",)),
        ("x", "11", "2026", "Date must be a real date", ("day",)),
        ("20", "11", "1e9", "Date must be a real date", ("year",)),
        ("20", "11", "-2026", "Date must be a real date", ("year",)),
        ("20", "11", "26", "Year must include 4 numbers", ("year",)),
        ("20", "11", "99999", "Year must include 4 numbers", ("year",)),
    ],
)
def test_gives_the_design_systems_message_and_marks_only_the_wrong_boxes(
    day, month, year, message, parts
):
    form = _form(day, month, year)
    assert not form.is_valid()
    assert form.errors["when"] == [message]
    html = str(form["when"].as_field_group())
    for part in ("day", "month", "year"):
        box = html.split(f'name="when_{part}"')[1].split(">")[0]
        assert ("govuk-input--error" in box) == (part in parts), part
    # The error summary links to the first box with the problem.
    assert f'href="#id_when_{parts[0]}"' in error_summary(form)


def test_an_optional_date_may_be_left_empty_but_not_half_filled():
    form = _form("1", "2", "2026", later_month="4")
    assert not form.is_valid()
    assert form.errors["later"] == ["Follow-up date must include a day and year"]


def test_a_custom_required_message_wins():
    class Form(GovukForm):
        on = GovukDateField(error_messages={"required": "Enter the date of the exchange"})

    form = Form(data={})
    assert not form.is_valid()
    assert form.errors["on"] == ["Enter the date of the exchange"]


def test_form_checks_mark_the_whole_date():
    form = _form("1", "1", "2031")
    assert not form.is_valid()
    assert form.errors["when"] == ["Date must be before 1 January 2030"]
    html = str(form["when"].as_field_group())
    assert html.count("govuk-input--error") == 3
    assert 'href="#id_when_day"' in error_summary(form)


def test_renders_the_govuk_date_input_pattern_and_keeps_what_was_typed():
    form = _form("20", "13", "2026")
    form.is_valid()
    html = str(form["when"].as_field_group())
    assert '<fieldset class="govuk-fieldset" role="group"' in html
    assert 'aria-describedby="id_when-hint id_when-error"' in html
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">When did it happen?'
        in html
    )
    assert '<div class="govuk-date-input" id="id_when">' in html
    for part, label in (("day", "Day"), ("month", "Month"), ("year", "Year")):
        assert (
            f'<label class="govuk-label govuk-date-input__label" for="id_when_{part}">{label}'
            in html
        )
        assert f'name="when_{part}"' in html
    assert 'value="13"' in html
    assert 'inputmode="numeric"' in html
    assert "govuk-input--width-4" in html and "govuk-input--width-2" in html
    assert 'type="date"' not in html
    assert 'aria-invalid="true"' in html


def test_an_initial_date_is_shown_in_the_three_boxes():
    form = WhenForm(initial={"when": datetime.date(2026, 3, 7)})
    html = str(form["when"].as_field_group())
    assert 'name="when_day" value="7"' in html
    assert 'name="when_month" value="3"' in html
    assert 'name="when_year" value="2026"' in html
    assert "(optional)" in str(form["later"].as_field_group())


def test_markup_is_escaped():
    form = _form('"><script>', "1", "2026")
    form.is_valid()
    html = str(form["when"].as_field_group())
    assert "<script>" not in html
    assert "&quot;&gt;&lt;script&gt;" in html
