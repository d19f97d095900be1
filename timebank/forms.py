import re
import uuid
from decimal import Decimal, InvalidOperation

from django import forms
from django.forms.utils import ErrorList
from django.utils import timezone

from directory.models import Organisation
from portal.forms import (
    GovukDateField,
    GovukForm,
    GovukModelForm,
    ReasonRequiredMixin,
    radio_field,
    text_area,
)
from portal.idempotency import OneTimeTokenMixin

from .models import Account, Category, Listing
from .services import TimebankError
from .services.exchanges import validate_exchange_date
from .services.ledger import validate_minutes

POSTCODE_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def clean_district(value):
    value = (value or "").strip().upper().replace(" ", "")
    if value and not POSTCODE_DISTRICT.match(value):
        raise forms.ValidationError("Enter the first part of a postcode, like PO4", code="invalid")
    return value


# "1:30", "1h30", "1h 30m", "2 hours": hours and minutes, with an optional minus sign.
HOURS_AND_MINUTES = re.compile(
    r"^(?P<sign>-?)(?P<hours>\d{1,6})"
    r"(?::(?P<colon>\d{2})|\s*(?:h|hrs?|hours?)\s*(?:(?P<minutes>\d{1,2})\s*(?:m|mins?|minutes?)?)?)$",
    re.IGNORECASE,
)
# No field in the time bank needs more hours than this (about 11 years of every hour).
MAX_HOURS = 100_000


class HoursField(forms.CharField):
    """Hours typed as a number (1.5), hours and minutes (1:30, 1h30, 1h 30m) or minutes (45m);
    cleaned to whole minutes. Anything that is not a finite number of hours up to MAX_HOURS
    (Infinity, NaN, 1e999999) is a form error, never an exception."""

    invalid_message = "Enter the hours as a number, for example 1.5 or 1:30"

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-5"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        if len(value) > 20:
            raise forms.ValidationError(self.invalid_message, code="invalid")
        match = HOURS_AND_MINUTES.match(value)
        if match:
            sign = -1 if match["sign"] else 1
            hours = int(match["hours"])
            minutes = int(match["colon"] or match["minutes"] or 0)
            if minutes >= 60:
                raise forms.ValidationError(
                    "Enter minutes from 0 to 59, for example 1:30", code="invalid"
                )
            exact = Decimal(sign * (hours * 60 + minutes))
        else:
            try:
                number = Decimal(value)
            except InvalidOperation as error:
                raise forms.ValidationError(self.invalid_message, code="invalid") from error
            if not number.is_finite():
                raise forms.ValidationError(self.invalid_message, code="invalid")
            if abs(number) > MAX_HOURS:
                raise forms.ValidationError(
                    f"Enter no more than {MAX_HOURS:,} hours", code="max_value"
                )
            exact = number * 60
        if abs(exact) > MAX_HOURS * 60:
            raise forms.ValidationError(f"Enter no more than {MAX_HOURS:,} hours", code="max_value")
        if exact != exact.to_integral_value():
            raise forms.ValidationError(
                "Enter hours in steps of a quarter of an hour, for example 1.25", code="step"
            )
        return int(exact)


class ExchangeHoursField(HoursField):
    def validate(self, value):
        super().validate(value)
        if value is not None:
            try:
                validate_minutes(value)
            except TimebankError as error:
                raise forms.ValidationError(str(error), code="range") from error


class JoinForm(GovukModelForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label="Join on behalf of an organisation",
        help_text="Leave empty to join as yourself",
        empty_label="No, I am joining as myself",
    )
    agree_terms = forms.BooleanField(
        label="I agree to the time bank member terms",
        help_text="One hour is one credit whatever the work; I will record only real exchanges.",
        error_messages={"required": "Agree to the member terms to join"},
    )

    class Meta:
        model = Account
        fields = [
            "display_name",
            "neighbourhood",
            "skills_offered",
            "skills_wanted",
            "availability",
            "access_needs",
        ]
        labels = {
            "display_name": "Name other members will see",
            "neighbourhood": "Your postcode district",
            "skills_offered": "Help you can offer",
            "skills_wanted": "Help you would like",
            "availability": "When you are available",
            "access_needs": "Any access needs",
        }
        help_texts = {
            "display_name": "For example your first name and the first letter of your surname",
            "neighbourhood": "The first part of your postcode, for example PO4",
            "access_needs": "Anything that helps other members work with you",
        }
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "neighbourhood": forms.TextInput(attrs={"class": "govuk-input--width-5"}),
            "skills_offered": forms.Textarea(attrs={"rows": 3}),
            "skills_wanted": forms.Textarea(attrs={"rows": 3}),
            "availability": forms.Textarea(attrs={"rows": 2}),
            "access_needs": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "display_name": {"required": "Enter the name other members will see"},
            "neighbourhood": {
                "required": "Enter your postcode district, like PO4",
                "max_length": "Enter the first part of a postcode, like PO4",
            },
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].required = True
        organisations = Organisation.objects.for_user(user)
        if organisations.exists():
            self.fields["organisation"].queryset = organisations
        else:
            del self.fields["organisation"]

    def clean_neighbourhood(self):
        return clean_district(self.cleaned_data["neighbourhood"])


class DecisionForm(ReasonRequiredMixin, GovukForm):
    needs_reason = ("decline",)
    reason_missing = "Enter the reason for declining"

    decision = radio_field(
        "Your decision",
        [("approve", "Approve"), ("decline", "Decline")],
        blank="Select approve or decline",
    )
    references_checked = forms.BooleanField(
        required=False,
        label="References have been checked",
        help_text="Do not record criminal record details here.",
    )
    reason = text_area(
        "Reason",
        required=False,
        help_text="Sent to the applicant. Needed when you decline.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "approve" and not data.get("references_checked"):
            self.add_error("references_checked", "Confirm that references have been checked")
        return data


class ListingForm(OneTimeTokenMixin, GovukModelForm):
    expires_on = GovukDateField(
        label="Show until",
        help_text="For example, 31 12 2026",
        error_messages={"required": "Enter the date to show the listing until"},
    )

    class Meta:
        model = Listing
        fields = ["kind", "category", "title", "description", "neighbourhood", "expires_on"]
        labels = {
            "kind": "Are you offering or asking for help?",
            "title": "Short title",
            "neighbourhood": "Postcode district",
        }
        help_texts = {
            "neighbourhood": "Where the help is needed or offered, for example PO4",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "neighbourhood": forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        }
        error_messages = {
            "kind": {"required": "Select offer or request"},
            "category": {"required": "Select a category"},
            "title": {"required": "Enter a short title"},
            "description": {"required": "Enter a description"},
            "neighbourhood": {"max_length": "Enter the first part of a postcode, like PO4"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Listing.Kind.choices

    def clean_neighbourhood(self):
        return clean_district(self.cleaned_data["neighbourhood"])

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        if value < timezone.localdate():
            raise forms.ValidationError("The date must be today or in the future")
        return value


class ListingFilterForm(GovukForm):
    q = forms.CharField(required=False, label="Search listings")
    kind = forms.ChoiceField(
        required=False, choices=[("", "Offers and requests"), *Listing.Kind.choices], label="Type"
    )
    category = forms.ModelChoiceField(
        queryset=Category.objects.all(), required=False, empty_label="All categories"
    )
    neighbourhood = forms.CharField(
        required=False,
        label="Postcode district",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )

    def clean_neighbourhood(self):
        return clean_district(self.cleaned_data["neighbourhood"])


MEMBER_MATCHES = 20


class ExchangeForm(GovukForm):
    """Record an exchange. The other members are found by name first ("Find members" posts
    the form back with `search_members`), then chosen from the matches, so it works without
    JavaScript and never lists every member."""

    SEARCH_BUTTON = "search_members"

    direction = radio_field(
        "Did you give or receive the help?",
        [("gave", "I gave the help"), ("received", "I received the help")],
        blank="Select whether you gave or received the help",
    )
    member_search = forms.CharField(
        required=False,
        max_length=80,
        label="Find the other member",
        help_text="Type part of their name, then select “Find members”",
    )
    members = forms.ModelMultipleChoiceField(
        queryset=Account.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="The other member",
        help_text="For a group exchange, select everyone who took part.",
        error_messages={
            "required": "Select the other member",
            "invalid_choice": "Select a member from the list",
            "invalid_pk_value": "Select a member from the list",
        },
    )
    hours = ExchangeHoursField(
        label="Hours",
        help_text="In steps of a quarter of an hour, for example 1.5, 1:30 or 1h30",
        error_messages={"required": "Enter the hours"},
    )
    date = GovukDateField(
        label="Date of the exchange",
        help_text="For example, 20 11 2026",
        error_messages={"required": "Enter the date of the exchange"},
    )
    description = text_area("What was done", blank="Enter what was done")
    listing = forms.ModelChoiceField(
        queryset=Listing.objects.none(),
        required=False,
        label="Listing",
        empty_label="Not from a listing",
    )
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, account, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.account = account
        others = Account.objects.approved().members().exclude(pk=account.pk)
        self.fields["members"].queryset = others
        from .services.listings import listings_current

        self.fields["listing"].queryset = listings_current().select_related("account")
        self.fields["listing"].label_from_instance = lambda listing: (
            f"{listing.get_kind_display()}: {listing.title} ({listing.account.display_name})"
        )
        self.search = self._value("member_search").strip()[:80]
        chosen = [pk for pk in self._values("members") if str(pk).isdigit()]
        shown = others.filter(pk__in=chosen)
        if self.search:
            found = others.filter(display_name__icontains=self.search).exclude(pk__in=chosen)
            self.matches = list(found.order_by("display_name", "pk")[:MEMBER_MATCHES])
            shown = [*shown.order_by("display_name", "pk"), *self.matches]
        self.fields["members"].widget.choices = [
            (member.pk, member.display_name) for member in shown
        ]

    @classmethod
    def for_listing(cls, listing, *, account):
        """A form that starts from a listing: its owner as the other member and the
        direction the listing implies (someone else's offer is help received)."""
        own = listing.account_id == account.pk
        offer = listing.kind == Listing.Kind.OFFER
        initial = {"listing": listing.pk, "direction": "gave" if offer == own else "received"}
        if not own:
            initial["members"] = [listing.account_id]
        return cls(account=account, initial=initial)

    @classmethod
    def searched(cls, data, *, account):
        """The form as it was posted, unvalidated, after "Find members": nothing typed is lost
        and no error is shown before the person has finished."""
        form = cls(account=account)
        initial = {
            name: field.widget.value_from_datadict(data, {}, name)
            for name, field in form.fields.items()
        }
        return cls(account=account, initial={k: v for k, v in initial.items() if v})

    def _value(self, name):
        source = self.data if self.is_bound else self.initial
        return source.get(name) or ""

    def _values(self, name):
        if self.is_bound:
            return self.data.getlist(name) if hasattr(self.data, "getlist") else []
        return self.initial.get(name) or []

    def clean_date(self):
        value = self.cleaned_data["date"]
        try:
            validate_exchange_date(value)
        except TimebankError as error:
            raise forms.ValidationError(str(error), code="range") from error
        return value

    def clean(self):
        cleaned = super().clean()
        missing = [error.code for error in self.errors.get("members", ErrorList()).as_data()]
        if missing == ["required"] and not self.fields["members"].widget.choices:
            # No member is on the page to select yet: the error belongs to the search box.
            del self.errors["members"]
            self.add_error("member_search", "Find the other member by name, then select them")
        return cleaned


class RespondForm(ReasonRequiredMixin, GovukForm):
    decision_field = "answer"
    needs_reason = ("dispute",)
    reason_missing = "Enter what is wrong with this exchange"

    answer = radio_field(
        "Is this exchange right?",
        [("confirm", "Yes, this is right"), ("dispute", "No, something is wrong")],
        blank="Select yes or no",
    )
    reason = text_area(
        "What is wrong",
        required=False,
        help_text="Only if you answer no. A broker will read this.",
    )


class MessageForm(OneTimeTokenMixin, GovukForm):
    body = text_area(
        "Your message",
        rows=5,
        max_length=2000,
        blank="Enter your message",
        too_long="Your message",
        help_text="Your email address is not shown. The member can reply on the portal.",
    )


class DonateForm(OneTimeTokenMixin, GovukForm):
    hours = ExchangeHoursField(
        label="Hours to give to the community pot",
        help_text="In steps of a quarter of an hour, for example 1.5",
        error_messages={"required": "Enter the hours to give"},
    )


class CloseForm(GovukForm):
    confirm = forms.BooleanField(
        label="I understand that my details will be removed and I cannot use this account again",
        error_messages={"required": "Confirm that you want to close your account"},
    )


class ReasonForm(GovukForm):
    reason = text_area("Reason", blank="Enter the reason")


class ResolveForm(ReasonRequiredMixin, GovukForm):
    decision_field = "action"
    reason_field = "note"
    needs_reason = ("void",)
    reason_missing = "Enter the reason for voiding the exchange"

    action = radio_field(
        "Your decision",
        [("approve", "Approve: post the hours"), ("void", "Void: no hours move")],
        blank="Select approve or void",
    )
    note = text_area("Note", required=False, help_text="Needed when you void an exchange.")


class LimitForm(GovukForm):
    limit = HoursField(
        label="Lowest balance allowed, in hours",
        help_text="Zero or below, for example -10",
        error_messages={"required": "Enter the limit"},
    )

    def clean_limit(self):
        value = self.cleaned_data["limit"]
        if value > 0 or value % 15:
            raise forms.ValidationError("Enter a limit of zero or below, in steps of 15 minutes")
        return value


class ReportForm(GovukForm):
    year = forms.IntegerField(
        label="Year",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Enter a year",
            "invalid": "Enter a year, like 2026",
            "min_value": "Enter a year from 2000",
            "max_value": "Enter a year before 2100",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )
