from decimal import Decimal

from django import forms
from wagtail.admin.widgets import AdminDateInput

from contracts.models import Commitment, ReportLine
from guidance.models import Measure
from portal.forms import (
    GovukDateField,
    GovukForm,
    GovukModelForm,
    ReasonRequiredMixin,
    text_area,
)
from portal.uploads import MultipleFileField

MAX_QUANTITY = Decimal("999999999999.99")


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


class ProposalForm(CommitmentFormMixin, GovukModelForm):
    """The supplier proposes a commitment on the public site; staff accept or decline it."""

    period_start = GovukDateField(
        label="First day of the period", help_text="For example, 1 4 2025", error_name="First day"
    )
    period_end = GovukDateField(
        label="Last day of the period", help_text="For example, 31 3 2026", error_name="Last day"
    )

    class Meta:
        model = Commitment
        fields = COMMITMENT_FIELDS
        error_messages = COMMITMENT_ERRORS
        labels = {"note": "Why you propose it"}


def quantity_field(label, help_text=""):
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        min_value=0,
        max_value=MAX_QUANTITY,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "required": f"Enter the quantity delivered for {label}",
            "invalid": f"Enter the quantity for {label} as a number, like 25",
            "min_value": f"The quantity for {label} must be 0 or more",
            "max_value": f"The quantity for {label} is too large",
            "max_decimal_places": f"The quantity for {label} can have at most 2 decimal places",
            "max_digits": f"The quantity for {label} is too large",
        },
    )


class ReportForm(GovukForm):
    """A delivery report: a quantity for each commitment, a note and evidence files."""

    note = text_area(
        "Note",
        rows=4,
        required=False,
        max_length=5000,
        too_long="The note",
        help_text="What you did and how you counted it",
    )
    evidence = MultipleFileField(
        label="Evidence",
        required=False,
        help_text="Up to 5 files: PDF, JPEG or PNG, each smaller than 5 MB",
    )

    def __init__(self, *args, commitments, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitments = commitments
        fields = {}
        for commitment in commitments:
            measure = commitment.measure
            fields[f"quantity_{commitment.pk}"] = quantity_field(
                f"{measure.code} {measure.title}",
                f"In {measure.unit}s. The target is {commitment.target_quantity:,} from "
                f"{commitment.period_start:%-d %B %Y} to {commitment.period_end:%-d %B %Y}.",
            )
        self.fields = {**fields, **self.fields}

    def quantities(self):
        return [
            (commitment, self.cleaned_data[f"quantity_{commitment.pk}"])
            for commitment in self.commitments
        ]


class AnswerForm(GovukForm):
    """The supplier answers a query on one line: a corrected quantity and a reply."""

    quantity = quantity_field("this measure")
    reply = text_area(
        "Your answer",
        rows=4,
        max_length=2000,
        blank="Enter your answer to the query",
        too_long="Your answer",
    )


class DecisionForm(ReasonRequiredMixin, forms.Form):
    """The contract manager's decision on a report line (Wagtail admin)."""

    decision_field = "status"
    reason_field = "message"
    needs_reason = (ReportLine.Status.QUERIED, ReportLine.Status.REJECTED)
    reason_missing = "Tell the supplier why you query or reject the line"

    status = forms.ChoiceField(
        label="Decision",
        choices=[
            (ReportLine.Status.VERIFIED, "Verify"),
            (ReportLine.Status.QUERIED, "Query (ask the supplier)"),
            (ReportLine.Status.REJECTED, "Reject"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose verify, query or reject"},
    )
    message = text_area(
        "Message to the supplier",
        required=False,
        max_length=2000,
        help_text="Needed to query or reject",
    )
