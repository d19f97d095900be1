"""Forms for answering a survey: one per section, then consent (and the anti-spam checks)."""

from django import forms

from directory.models import Organisation
from portal.forms import AntiSpamMixin, GovukForm, email_field
from survey.questionnaire import MULTIPLE, NUMBER, SCALE, SINGLE, TEXT

TEXT_MAX_LENGTH = 2000
NUMBER_LIMIT = 10**11


def field_name(question):
    return "q_" + question.id.replace("-", "")


def _scale_field(**kwargs):
    return forms.TypedChoiceField(coerce=int, **kwargs)


# The choice kinds of question: field, widget, and the messages for no answer and for an
# answer not listed ({} is the question).
_CHOICE_FIELDS = {
    SINGLE: (
        forms.ChoiceField,
        forms.RadioSelect,
        "Select an answer to ‘{}’",
        "Select one of the answers listed for ‘{}’",
    ),
    MULTIPLE: (
        forms.MultipleChoiceField,
        forms.CheckboxSelectMultiple,
        "Select at least one answer to ‘{}’",
        "Select only answers listed for ‘{}’",
    ),
    SCALE: (
        _scale_field,
        forms.RadioSelect,
        "Select how much you agree: ‘{}’",
        "Choose a rating from 1 to 5 for ‘{}’",
    ),
}


def _question_field(question):
    common = {
        "label": question.label,
        "help_text": question.help_text,
        "required": question.required,
    }
    label = question.label
    if question.kind in _CHOICE_FIELDS:
        field_class, widget, required, invalid = _CHOICE_FIELDS[question.kind]
        return field_class(
            choices=question.options,
            widget=widget,
            error_messages={
                "required": required.format(label),
                "invalid_choice": invalid.format(label),
            },
            **common,
        )
    if question.kind == NUMBER:
        # Bounds keep every number inside the database column, whatever the editor set.
        low = question.min_value if question.min_value is not None else -NUMBER_LIMIT
        high = question.max_value if question.max_value is not None else NUMBER_LIMIT
        return forms.IntegerField(
            min_value=low,
            max_value=high,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            error_messages={
                "required": f"Enter a number for ‘{label}’",
                "invalid": f"Enter a whole number for ‘{label}’, like 12",
                "min_value": f"Enter a number of at least {low} for ‘{label}’",
                "max_value": f"Enter a number no more than {high} for ‘{label}’",
            },
            **common,
        )
    if question.kind == TEXT:
        return forms.CharField(
            max_length=TEXT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 5}),
            error_messages={
                "required": f"Enter your answer to ‘{label}’",
                "max_length": f"Your answer to ‘{label}’ must be {TEXT_MAX_LENGTH} characters "
                "or fewer",
            },
            **common,
        )
    raise ValueError(f"Unknown question type {question.kind!r}")


class SectionForm(GovukForm):
    def __init__(self, section, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        for question in section.questions:
            self.fields[field_name(question)] = _question_field(question)

    def answers(self):
        """The cleaned answers keyed by question id, ready for the session (JSON)."""
        result = {}
        for question in self.section.questions:
            value = self.cleaned_data.get(field_name(question))
            if value in (None, "", []):
                continue
            result[question.id] = value if isinstance(value, (list, int, str)) else str(value)
        return result

    @classmethod
    def initial_from(cls, section, answers):
        return {
            field_name(question): answers[question.id]
            for question in section.questions
            if question.id in answers
        }


class OrganisationChoiceForm(GovukForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Which organisation are you answering for?",
        error_messages={
            "required": "Select the organisation you are answering for",
            "invalid_choice": "Select one of your organisations",
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class SendForm(AntiSpamMixin, GovukForm):
    receipt_email = email_field(
        "Email address for a receipt",
        required=False,
        help_text="We send a receipt to this address and do not keep it",
    )
    consent = forms.BooleanField(
        error_messages={"required": "Confirm that you have read the privacy notice and agree"}
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = survey.consent_statement
        if not survey.offer_email_receipt:
            del self.fields["receipt_email"]
