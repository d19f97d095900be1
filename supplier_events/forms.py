from django import forms

from portal.forms import AntiSpamMixin, GovukForm, email_field, text_area

ACCESS_NEEDS_HELP = "For example a hearing loop, step-free access or a quiet space."


class BookingForm(AntiSpamMixin, GovukForm):
    """Guests give a name and email (verified by a link); signed-in people are known."""

    name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter your full name"}
    )
    email = email_field(help_text="We send a link to confirm your booking to this address.")
    organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    access_needs = text_area(
        "Access needs",
        help_text=ACCESS_NEEDS_HELP,
        required=False,
        max_length=1000,
        too_long="Access needs",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if user is not None and user.is_authenticated:
            del self.fields["name"]
            del self.fields["email"]


class FeedbackForm(GovukForm):
    rating = forms.TypedChoiceField(
        label="How useful was the event?",
        coerce=int,
        choices=[
            (5, "Very useful"),
            (4, "Useful"),
            (3, "Neither useful nor not useful"),
            (2, "Not very useful"),
            (1, "Not useful at all"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how useful the event was"},
    )
    useful = text_area("What was most useful?", rows=4, required=False, max_length=2000)
    improve = text_area("What could we do better?", rows=4, required=False, max_length=2000)
