"""The calculator, LM3 and TOMs forms. Numbers are checked by guidance.calculator, the same
code the JSON API uses, so the page and the API give the same messages."""

from django import forms

from guidance.calculator import MAX_LINES, InvalidCalculation, lm3
from guidance.models import Theme
from guidance.services import calculate_from_codes
from guidance.templatetags.guidance_tags import pounds
from portal.forms import GovukForm

MIN_ROWS = 3


class RowField(forms.CharField):
    """A calculator line field: blank rows are skipped, so no "(optional)" on its label."""

    def validate(self, value):
        pass


def _number_input(width=10):
    return forms.TextInput(
        attrs={"inputmode": "decimal", "class": f"govuk-input govuk-input--width-{width}"}
    )


def _option(label, initial, help_text):
    """One of the calculator's SROI adjustments: a short number with a default."""
    return forms.CharField(
        label=label, required=False, initial=initial, help_text=help_text, widget=_number_input(4)
    )


class CalculatorForm(GovukForm):
    """Contract value, lines of measure + quantity (always one empty line to add another),
    and the SROI adjustments."""

    contract_value = forms.CharField(
        label="Contract value (£)",
        required=False,
        help_text=(
            "The total value of the contract, for example 250000. Leave it empty to value "
            "commitments on their own."
        ),
        widget=_number_input(),
    )
    deadweight = _option("Deadweight (%)", "0", "How much would have happened anyway")
    displacement = _option(
        "Displacement (%)", "0", "How much of the benefit only moved from somewhere else"
    )
    attribution = _option("Attribution (%)", "0", "How much is owed to other organisations' work")
    years = _option("Number of years", "1", "How many years the benefit lasts")
    drop_off = _option(
        "Drop-off each later year (%)",
        "0",
        "How much of the benefit is lost each year after the first",
    )
    discount_rate = _option("Discount rate (%)", "3.5", "HM Treasury Green Book rate is 3.5%")

    OPTIONS = ["deadweight", "displacement", "attribution", "years", "drop_off", "discount_rate"]

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.result = None
        choices = [("", "Choose a measure")] + [
            (
                measure.code,
                f"{measure.title} ({measure.code}): £{pounds(measure.proxy_value)} per {measure.unit}",
            )
            for measure in measures
        ]
        filled = [
            row
            for row in range(MAX_LINES)
            if self.data.get(f"measure_{row}") or self.data.get(f"quantity_{row}")
        ]
        self.row_count = min(MAX_LINES, max(MIN_ROWS, (filled[-1] + 2) if filled else 0))
        for row in range(self.row_count):
            self.fields[f"measure_{row}"] = RowField(
                label="Measure", widget=forms.Select(choices=choices)
            )
            self.fields[f"quantity_{row}"] = RowField(label="Quantity", widget=_number_input())

    def option_fields(self):
        return [self[name] for name in self.OPTIONS]

    def line_rows(self):
        return [
            (row + 1, self[f"measure_{row}"], self[f"quantity_{row}"])
            for row in range(self.row_count)
        ]

    def clean(self):
        cleaned = super().clean()
        rows = []
        incomplete = False
        for row in range(self.row_count):
            code = (cleaned.get(f"measure_{row}") or "").strip()
            quantity = (cleaned.get(f"quantity_{row}") or "").strip()
            if not code and not quantity:
                continue
            if not quantity:
                self.add_error(f"quantity_{row}", f"Enter the quantity on line {row + 1}")
                incomplete = True
                continue
            rows.append((row, code, quantity))
        options = {
            name: cleaned[name] for name in self.OPTIONS if cleaned.get(name, "").strip() != ""
        }
        try:
            self.result = calculate_from_codes(
                cleaned.get("contract_value"),
                [(code, quantity) for _, code, quantity in rows],
                **options,
            )
        except InvalidCalculation as invalid:
            for key, message in invalid.errors.items():
                if key == "lines" and incomplete:
                    continue
                if key.startswith("lines."):
                    _, index, part = key.split(".")
                    row = rows[int(index)][0]
                    self.add_error(f"{part}_{row}", f"{message} on line {row + 1}")
                elif key in self.fields:
                    self.add_error(key, message)
                else:
                    self.add_error("measure_0", message)
        return cleaned


def _round(number, label, help_text):
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=_number_input(),
        error_messages={"required": f"Enter the round {number} amount"},
    )


class LM3Form(GovukForm):
    prefix = "lm3"

    round1 = _round(1, "Round 1: income (£)", "The money coming in, for example the contract value")
    round2 = _round(
        2,
        "Round 2: spent locally (£)",
        "How much of it is spent with local suppliers and on local staff",
    )
    round3 = _round(
        3,
        "Round 3: re-spent locally (£)",
        "How much of round 2 those suppliers and staff spend locally in turn",
    )

    def clean(self):
        cleaned = super().clean()
        self.multiplier = None
        if not self.errors:
            try:
                self.multiplier = lm3(cleaned["round1"], cleaned["round2"], cleaned["round3"])
            except InvalidCalculation as invalid:
                for key, message in invalid.errors.items():
                    self.add_error(key, message)
        return cleaned


class MeasureFilterForm(GovukForm):
    q = forms.CharField(label="Search measures", required=False, max_length=100)
    theme = forms.ModelChoiceField(
        label="Theme",
        queryset=Theme.objects.all(),
        to_field_name="code",
        required=False,
        empty_label="All themes",
        error_messages={"invalid_choice": "Select a theme from the list"},
    )


class MeasureImportForm(forms.Form):
    """Rendered in the Wagtail admin, so a plain form."""

    file = forms.FileField(
        label="CSV file",
        help_text=(
            "Columns: code, theme, outcome, title, unit, proxy_value, edition, year, source"
        ),
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 5MB")
        return upload
