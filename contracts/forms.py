from django import forms
from wagtail.admin.widgets import AdminDateInput

from contracts.models import Commitment
from guidance.models import Measure


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label="Contract register file",
        help_text="A CSV file with the columns reference, title, supplier, value, start date and "
        "end date (and optionally department, category, companies house number, charity number "
        "and social value applies).",
        error_messages={
            "required": "Select the contract register file",
            "empty": "The selected file is empty",
        },
    )
    dry_run = forms.BooleanField(
        label="Check the file without importing it", required=False, initial=False
    )


COMMITMENT_FIELDS = [
    "measure",
    "target_quantity",
    "period_start",
    "period_end",
    "deadweight",
    "displacement",
    "attribution",
    "years",
    "drop_off",
    "note",
]
COMMITMENT_ERRORS = {
    "measure": {"required": "Select a TOMs measure"},
    "target_quantity": {
        "required": "Enter the target quantity",
        "invalid": "Enter the target quantity as a number, like 100",
        "min_value": "The target quantity must be more than 0",
        "max_digits": "The target quantity must be less than 1,000,000,000,000",
    },
    "period_start": {
        "required": "Enter the first day of the period",
        "invalid": "Enter the first day of the period as a real date",
    },
    "period_end": {
        "required": "Enter the last day of the period",
        "invalid": "Enter the last day of the period as a real date",
    },
}


class CommitmentFormMixin:
    """The period must fall within the contract, and the adjustments between 0 and 100."""

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.contract = contract
        self.instance.contract = contract
        self.fields["measure"].queryset = Measure.objects.active().select_related("theme")
        self.fields["measure"].label_from_instance = lambda measure: (
            f"{measure.code}: {measure.title} (£{measure.proxy_value} per {measure.unit})"
        )
        self.fields["measure"].empty_label = "Select a measure"
        for name in ("deadweight", "displacement", "attribution", "drop_off"):
            label = self.fields[name].label.split(" (")[0].lower()
            self.fields[name].error_messages.update(
                {
                    "invalid": f"Enter {label} as a number between 0 and 100",
                    "min_value": f"{label.capitalize()} must be 0%% or more",
                    "max_value": f"{label.capitalize()} must be 100%% or less",
                    "required": f"Enter {label} as a number between 0 and 100",
                }
            )
        self.fields["years"].error_messages.update(
            {
                "invalid": "Enter the years as a whole number between 1 and 50",
                "min_value": "The benefit must last at least 1 year",
                "max_value": "Enter 50 years or fewer",
                "required": "Enter the years as a whole number between 1 and 50",
            }
        )
        if not self.is_bound:
            self.initial.setdefault("period_start", contract.start_date)
            self.initial.setdefault("period_end", contract.end_date)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The last day of the period must be after the first")
        contract = self.contract
        if start and not contract.start_date <= start <= contract.end_date:
            self.add_error(
                "period_start",
                f"The period must start within the contract, {contract.start_date:%-d %B %Y} "
                f"to {contract.end_date:%-d %B %Y}",
            )
        if end and not contract.start_date <= end <= contract.end_date:
            self.add_error(
                "period_end",
                f"The period must end within the contract, {contract.start_date:%-d %B %Y} "
                f"to {contract.end_date:%-d %B %Y}",
            )
        return cleaned


class CommitmentForm(CommitmentFormMixin, forms.ModelForm):
    """Staff set a commitment in the Wagtail admin."""

    class Meta:
        model = Commitment
        fields = COMMITMENT_FIELDS
        widgets = {"period_start": AdminDateInput, "period_end": AdminDateInput}
        error_messages = COMMITMENT_ERRORS
