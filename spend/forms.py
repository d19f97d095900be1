from datetime import date

from django import forms

from directory.models import Organisation
from spend.parsing import FIELDS, REQUIRED_FIELDS
from spend.services import SpendFileError, check_file

YES_NO = [("yes", "Yes"), ("no", "No"), ("unknown", "Not known")]


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Spend file",
        help_text="A CSV file of payments, up to 50 MB, with a heading on the first line",
        error_messages={
            "required": "Select a spend file",
            "empty": "The selected file is empty",
            "invalid": "The selected file must be a CSV file",
        },
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        try:
            check_file(file.name, file.size)
        except SpendFileError as error:
            raise forms.ValidationError(str(error), code=error.code) from error
        return file


class MappingForm(forms.Form):
    """Which heading in the file holds each field, when the headings were not recognised."""

    def __init__(self, *args, headers, initial_mapping, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Not in this file")] + [(heading, heading) for heading in headers]
        for field, (label, _variants) in FIELDS.items():
            required = field in REQUIRED_FIELDS
            self.fields[field] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=required,
                initial=initial_mapping.get(field, ""),
                error_messages={"required": f"Select the column that holds the {label.lower()}"},
            )

    def clean(self):
        cleaned = super().clean()
        used = {}
        for field, heading in list(cleaned.items()):
            if not heading:
                continue
            if heading in used:
                self.add_error(
                    field,
                    f"“{heading}” is already chosen for {FIELDS[used[heading]][0].lower()}",
                )
            else:
                used[heading] = field
        return cleaned

    def mapping(self):
        return {field: heading for field, heading in self.cleaned_data.items() if heading}


def _yes_no_field(label):
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": f"Select whether the supplier is {label.lower()}"},
    )


def _as_bool(value):
    return {"yes": True, "no": False}.get(value)


class ClassifyForm(forms.Form):
    is_local = _yes_no_field("Local")
    is_sme = _yes_no_field("An SME")
    is_vcse = _yes_no_field("A VCSE")
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=8,
        help_text="If known, for example PO1 2AL",
        error_messages={"max_length": "Enter a postcode of 8 characters or fewer"},
    )

    def decision(self):
        data = self.cleaned_data
        return {
            "is_local": _as_bool(data["is_local"]),
            "is_sme": _as_bool(data["is_sme"]),
            "is_vcse": _as_bool(data["is_vcse"]),
            "postcode": data["postcode"],
        }


class LinkForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Directory organisation",
        queryset=Organisation.objects.published(),
        help_text="The organisation in the directory this supplier is",
        error_messages={"required": "Select the directory organisation"},
    )


class BaselineFilterForm(forms.Form):
    start = forms.DateField(
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the first day", "invalid": "Enter a real date"},
    )
    end = forms.DateField(
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the last day", "invalid": "Enter a real date"},
    )
    department = forms.ChoiceField(label="Department", required=False)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "All departments")] + [
            (name, name) for name in departments
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The last day must be on or after the first day")
        if start and start < date(1990, 1, 1):
            self.add_error("start", "Enter a date after 1990")
        return cleaned
