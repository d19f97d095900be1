"""Public forms: nomination, conflict declaration and scoring."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from directory.models import Organisation
from guidance.models import Measure
from portal.forms import (
    AntiSpamMixin,
    GovukForm,
    GovukFormMixin,
    ReasonRequiredMixin,
    email_field,
    text_area,
)
from portal.idempotency import OneTimeTokenMixin
from portal.uploads import MAX_FILE_SIZE, MAX_FILES, MultipleFileField

from .services import normalise_certificate_number


def word_count(text):
    return len(text.split())


class NominationForm(OneTimeTokenMixin, AntiSpamMixin, GovukForm):
    organisation = forms.ModelChoiceField(
        label="Organisation in the directory",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="It is not listed in the directory",
        help_text="Choose the organisation, or give its details below if it is not listed.",
        error_messages={
            "invalid_choice": "Select an organisation from the list; that one cannot be nominated"
        },
    )
    nominee_name = forms.CharField(
        label="Name of the organisation (if not listed)",
        max_length=200,
        required=False,
    )
    nominee_contact_name = forms.CharField(
        label="Contact person at the organisation (if not listed)",
        max_length=120,
        required=False,
    )
    nominee_email = email_field(
        "Contact email address of the organisation (if not listed)",
        required=False,
        help_text="We will tell them about the nomination and invite them to join the directory.",
    )
    is_self_nomination = forms.BooleanField(
        label="I am nominating my own organisation", required=False
    )
    nominator_name = forms.CharField(
        label="Your full name",
        max_length=120,
        error_messages={"required": "Enter your full name"},
    )
    nominator_email = email_field(
        "Your email address", help_text="We will email you a link to confirm your nomination."
    )
    files = MultipleFileField(
        label="Supporting files",
        required=False,
        help_text=f"Up to {MAX_FILES} PDF, JPEG or PNG files, each smaller than "
        f"{filesizeformat(MAX_FILE_SIZE)}.",
    )

    def __init__(self, *args, category, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.category = category
        self.criteria = list(category.criteria.all())
        self.fields["organisation"].queryset = Organisation.objects.published().order_by("name")
        if user is not None and user.is_authenticated:
            del self.fields["nominator_email"]
            self.fields["nominator_name"].initial = user.get_full_name()
        # Statements come before the files and the anti-spam fields.
        trailing = [name for name in ("files", "captcha", "website_address") if name in self.fields]
        moved = {name: self.fields.pop(name) for name in trailing}
        for criterion in self.criteria:
            self.fields[f"statement_{criterion.pk}"] = text_area(
                criterion.title,
                rows=6,
                blank=f"Enter a statement about {criterion.title.lower()}",
                help_text=f"{criterion.guidance} Up to {criterion.word_limit} words.".strip(),
            )
        self.fields.update(moved)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organisation"):
            if not cleaned.get("nominee_name"):
                self.add_error(
                    "nominee_name",
                    "Enter the name of the organisation, or choose it from the directory list",
                )
            if not cleaned.get("nominee_email") and "nominee_email" not in self.errors:
                self.add_error("nominee_email", "Enter the organisation's contact email address")
        for criterion in self.criteria:
            name = f"statement_{criterion.pk}"
            text = cleaned.get(name) or ""
            words = word_count(text)
            if words > criterion.word_limit:
                self.add_error(
                    name,
                    f"{criterion.title} must be {criterion.word_limit} words or fewer "
                    f"(you wrote {words})",
                )
        return cleaned

    def statements(self):
        return [
            (criterion, self.cleaned_data[f"statement_{criterion.pk}"])
            for criterion in self.criteria
        ]


class EvidenceForm(GovukForm):
    measure = forms.ModelChoiceField(
        label="TOMs measure",
        queryset=Measure.objects.none(),
        required=False,
        empty_label="Choose a measure",
        error_messages={"invalid_choice": "Select a measure from the list"},
    )
    quantity = forms.DecimalField(
        label="Quantity delivered",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages={
            "invalid": "Enter the quantity as a number, like 120",
            "min_value": "Quantity must be 0 or more",
            "max_digits": "Quantity must be 999,999,999,999 or less",
            "max_decimal_places": "Quantity can have at most 2 decimal places",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.active().select_related("theme")
        self.fields["measure"].label_from_instance = lambda m: f"{m.title} (per {m.unit})"

    def clean(self):
        cleaned = super().clean()
        measure, quantity = cleaned.get("measure"), cleaned.get("quantity")
        if measure and quantity is None and "quantity" not in self.errors:
            self.add_error("quantity", "Enter the quantity delivered for this measure")
        if quantity is not None and not measure:
            self.add_error("measure", "Select the measure this quantity is for")
        return cleaned


EvidenceFormSet = forms.formset_factory(EvidenceForm, extra=3, max_num=10, absolute_max=10)


class ConflictForm(ReasonRequiredMixin, GovukForm):
    decision_field = "has_conflict"
    reason_field = "details"
    needs_reason = (True,)
    reason_missing = "Enter the details of your conflict of interest"

    has_conflict = forms.TypedChoiceField(
        label="Do you have a conflict of interest with this nominee?",
        choices=[("no", "No, I have no conflict"), ("yes", "Yes, I have a conflict")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="For example you work for, advise, fund or are related to someone at the "
        "organisation, or you made the nomination.",
        error_messages={"required": "Select whether you have a conflict of interest"},
    )
    details = text_area(
        "Details of the conflict",
        required=False,
        help_text="Only the awards administrators see this.",
    )


class ScoreForm(GovukFormMixin, forms.Form):
    """One criterion: a score on its scale and a comment."""

    def __init__(self, *args, criterion, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        self.fields["value"] = forms.TypedChoiceField(
            label=f"Score for {criterion.title} (weight {criterion.weight})",
            choices=[
                (value, f"{value}{' – ' + text if text else ''}") for value, text in criterion.scale
            ],
            coerce=int,
            required=False,
            widget=forms.RadioSelect,
            disabled=disabled,
            error_messages={
                "invalid_choice": f"Score {criterion.title} from 0 to {criterion.max_score}"
            },
        )
        self.fields["comment"] = text_area(
            f"Comment on {criterion.title}",
            required=False,
            disabled=disabled,
            max_length=5000,
            too_long="Comment",
        )


class ReasonForm(GovukForm):
    reason = text_area("Reason", blank="Enter the reason for your decision")


class CertificateCheckForm(GovukForm):
    """A certificate's number, to go to its public verification page."""

    MALFORMED = "Enter the certificate number as printed, like PSV-7K2M-9QXA-4HNR"

    number = forms.CharField(
        label="Certificate number",
        max_length=40,
        help_text="It is on the certificate, for example PSV-7K2M-9QXA-4HNR",
        error_messages={"required": "Enter the certificate number"},
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-20",
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
            }
        ),
    )

    def clean_number(self):
        number = normalise_certificate_number(self.cleaned_data["number"])
        if number is None:
            raise ValidationError(self.MALFORMED, code="malformed")
        return number
