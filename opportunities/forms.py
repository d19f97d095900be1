from django import forms

from directory.models import Sector
from portal.forms import GovukForm, optional_checkboxes, text_area

from .models import VALUE_BAND_CHOICES, AlertSubscription

RESERVED_CHOICES = [
    ("", "Any"),
    ("any", "Reserved for local, small or voluntary organisations"),
    ("local", "Reserved for the Portsmouth area"),
    ("sme", "Reserved for SMEs"),
    ("vcse", "Reserved for VCSEs"),
    ("open", "Open to everyone"),
]


class OpportunityFilterForm(GovukForm):
    q = forms.CharField(label="Search", required=False, max_length=100)
    sector = forms.ModelChoiceField(
        queryset=Sector.objects.all(),
        required=False,
        empty_label="All sectors",
        to_field_name="slug",
        error_messages={"invalid_choice": "Select a sector from the list"},
    )
    value = forms.ChoiceField(
        label="Estimated value",
        choices=[("", "Any value")] + VALUE_BAND_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Select a value band from the list"},
    )
    reserved = forms.ChoiceField(
        label="Reservation",
        choices=RESERVED_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Select a reservation from the list"},
    )
    closing_soon = forms.BooleanField(label="Closing in the next 14 days", required=False)


class OrganisationChoiceForm(GovukForm):
    organisation = forms.ModelChoiceField(
        queryset=None,
        label="Organisation",
        empty_label=None,
        error_messages={
            "required": "Select the organisation you are acting for",
            "invalid_choice": "Select one of your organisations",
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class QuestionForm(OrganisationChoiceForm):
    question = text_area(
        "Your question",
        rows=5,
        max_length=2000,
        blank="Enter your question",
        too_long="Your question",
        help_text="The question and the council's answer are published without your name.",
    )


class AlertForm(GovukForm):
    sectors = optional_checkboxes(
        Sector.objects.all(),
        help_text="Leave them all unticked to hear about every sector.",
    )
    value_bands = forms.MultipleChoiceField(
        label="Estimated values",
        choices=VALUE_BAND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave them all unticked to hear about every value.",
    )
    frequency = forms.ChoiceField(
        label="How often to email you",
        choices=AlertSubscription.Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how often to email you"},
    )
