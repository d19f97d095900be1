from django import forms

from portal.forms import AntiSpamMixin, GovukForm

ACCESS_NEEDS_HELP = "For example a hearing loop, step-free access or a quiet space."


class BookingForm(AntiSpamMixin, GovukForm):
    """Guests give a name and email (verified by a link); signed-in people are known."""

    name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter your full name"}
    )
    email = forms.EmailField(
        label="Email address",
        help_text="We send a link to confirm your booking to this address.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    access_needs = forms.CharField(
        label="Access needs",
        help_text=ACCESS_NEEDS_HELP,
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Access needs must be 1,000 characters or fewer"},
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
    useful = forms.CharField(
        label="What was most useful?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    improve = forms.CharField(
        label="What could we do better?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
