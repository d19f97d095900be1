from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField

from guidance.models import Measure
from portal.forms import (
    AntiSpamMixin,
    GovukForm,
    GovukModelForm,
    email_field,
    optional_checkboxes,
    text_area,
)
from portal.idempotency import OneTimeTokenMixin

from .models import (
    Accreditation,
    LegalForm,
    Organisation,
    Sector,
    Service,
    SizeBand,
    normalise_charity_number,
    normalise_company_number,
    normalise_postcode,
    validate_web_url,
)
from .services import PROFILE_FIELDS, RELATION_FIELDS, SERVICE_FIELDS


class LogoField(WagtailImageField):
    """Wagtail's checks (real image, allowed type, size, pixel count) with GOV.UK messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formats = self.supported_formats_text
        self.error_messages.update(
            {
                "invalid_image": f"The logo must be an image: {formats}",
                "invalid_image_extension": f"The logo must be an image: {formats}",
                "invalid_image_known_format": "The logo's file type does not match its "
                "name: save it again as a PNG or JPG",
                "file_too_large": "The logo must be smaller than %(max_filesize)s "
                "(this one is %(file_size)s)",
                "file_too_many_pixels": "The logo has too many pixels (%(num_pixels)s): "
                "make it smaller than %(max_pixels_count)s pixels",
            }
        )
        self.help_text = f"{formats}, smaller than {self.max_upload_size_text}."


class OrganisationForm(OneTimeTokenMixin, GovukModelForm):
    """The profile a member edits; saving sends it to moderation (see services)."""

    sectors = optional_checkboxes(
        Sector.objects.all(),
        help_text="Select all that apply.",
    )
    accreditations = optional_checkboxes(
        Accreditation.objects.all(),
        help_text="Select any your organisation holds now.",
    )
    measures = optional_checkboxes(
        Measure.objects.none(),
        label="Social value (TOMs) measures you can deliver",
    )
    logo = LogoField(required=False, label="Logo")
    postcode = forms.CharField(
        label="Postcode",
        max_length=20,
        error_messages={
            "required": "Enter a postcode",
            "max_length": "Enter a real UK postcode, like PO1 2AL",
        },
    )
    website = forms.URLField(
        label="Website",
        required=False,
        assume_scheme="https",
        validators=[validate_web_url],
        help_text="Starting with https://",
        error_messages={"invalid": "Enter a website address starting with http:// or https://"},
    )

    class Meta:
        model = Organisation
        fields = PROFILE_FIELDS
        labels = {
            "name": "Organisation name",
            "legal_form": "Type of organisation",
            "size_band": "Number of staff",
            "companies_house_number": "Companies House number",
            "charity_number": "Registered charity number",
            "address": "Address",
            "postcode": "Postcode",
            "description": "What your organisation does",
            "keywords": "Goods and services",
            "website": "Website",
            "email": "Email address for enquiries",
            "phone": "Phone number",
            "open_to_partnerships": "We are open to partnerships and consortium bids",
            "partnership_interests": "What are you looking for in partners?",
        }
        help_texts = {
            "email": "We send enquiries from the directory here. It is not shown on your profile.",
            "keywords": "Separate them with commas, for example: office cleaning, window cleaning.",
            "companies_house_number": "8 characters, for example 01234567 or SC123456.",
            "charity_number": "For example 1123456.",
            "website": "Starting with https://",
        }
        widgets = {
            "legal_form": forms.RadioSelect,
            "size_band": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "partnership_interests": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "name": {"required": "Enter your organisation's name"},
            "legal_form": {"required": "Select the type of organisation"},
            "size_band": {"required": "Select the number of staff"},
            "companies_house_number": {
                "unique": "Another organisation in the directory has this Companies House number"
            },
            "charity_number": {
                "unique": "Another organisation in the directory has this charity number"
            },
            "postcode": {"required": "Enter a postcode"},
            "description": {"required": "Describe what your organisation does"},
            "email": {
                "invalid": "Enter an email address in the right format, like name@example.org"
            },
            "website": {"invalid": "Enter a website address starting with http:// or https://"},
        }

    def __init__(self, *args, values=None, **kwargs):
        instance = kwargs.get("instance")
        if values is not None:
            kwargs["initial"] = {k: v for k, v in values.items() if k != "logo"}
        super().__init__(*args, **kwargs)
        measures = list(Measure.objects.active().order_by("code"))
        if measures:
            self.fields["measures"].queryset = Measure.objects.filter(
                pk__in=[m.pk for m in measures]
            )
            self.fields["measures"].label_from_instance = lambda m: f"{m.code}: {m.title}"
        else:
            del self.fields["measures"]
        for name in ("postcode", "description", "size_band", "legal_form"):
            self.fields[name].required = True
        self.fields["legal_form"].choices = LegalForm.choices
        self.fields["size_band"].choices = SizeBand.choices
        self.current_logo_id = (values or {}).get("logo") or (
            instance.logo_id if instance else None
        )

    def clean_postcode(self):
        return normalise_postcode(self.cleaned_data["postcode"])

    def clean_companies_house_number(self):
        value = self.cleaned_data.get("companies_house_number")
        return normalise_company_number(value) if value else None

    def clean_charity_number(self):
        value = self.cleaned_data.get("charity_number")
        return normalise_charity_number(value) if value else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("open_to_partnerships") is False:
            cleaned["partnership_interests"] = ""
        return cleaned

    def profile_values(self, user):
        """The cleaned answers as the JSON-friendly values services store and apply."""
        values = {field: self.cleaned_data.get(field) for field in PROFILE_FIELDS}
        for field in ("companies_house_number", "charity_number"):
            values[field] = values[field] or None
        for field in RELATION_FIELDS:
            chosen = self.cleaned_data.get(field)
            if chosen is None and self.instance.pk:
                chosen = getattr(self.instance, field).all()
            values[field] = sorted(obj.pk for obj in chosen or [])
        upload = self.cleaned_data.get("logo")
        if upload:
            image = get_image_model().objects.create(
                title=f"Logo: {values['name']}", file=upload, uploaded_by_user=user
            )
            values["logo"] = image.pk
        else:
            values["logo"] = self.current_logo_id
        return values


class JoinForm(OneTimeTokenMixin, GovukForm):
    message = text_area(
        "Message to the organisation's owners",
        required=False,
        max_length=1000,
        help_text="For example, your job title.",
    )


class InviteForm(OneTimeTokenMixin, GovukForm):
    email = email_field(
        "Email address of the person to invite",
        blank="Enter the email address of the person to invite",
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if self.organisation.memberships.filter(user__email__iexact=email).exists():
            raise ValidationError("This person is already a member of the organisation")
        return email


class EnquiryForm(OneTimeTokenMixin, AntiSpamMixin, GovukForm):
    name = forms.CharField(
        label="Your name", max_length=200, error_messages={"required": "Enter your name"}
    )
    email = email_field(
        "Your email address", help_text="The organisation will reply to this address."
    )
    message = text_area(
        "Your message",
        rows=6,
        max_length=3000,
        blank="Enter your message",
        too_long="Your message",
    )


class ModerationReasonForm(forms.Form):
    reason = text_area("Reason (sent to the organisation)", rows=4, blank="Enter the reason")


# A UK phone number as people write it: digits, spaces, brackets, dashes and a leading +.
PHONE_RE = r"^\+?[0-9 ()\-]{7,30}$"


class ServiceForm(GovukModelForm):
    """A service an organisation offers; saving sends it to moderation (see services)."""

    contact_phone = forms.RegexField(
        regex=PHONE_RE,
        label="Phone number",
        required=False,
        max_length=30,
        help_text="For example 023 9283 4092.",
        error_messages={
            "invalid": "Enter a phone number, like 023 9283 4092",
            "max_length": "Enter a phone number, like 023 9283 4092",
        },
    )

    class Meta:
        model = Service
        fields = SERVICE_FIELDS
        labels = {
            "name": "Name of the service",
            "description": "What the service is",
            "eligibility": "Who can use it",
            "cost": "What it costs",
            "how_to_access": "How to get it",
            "contact_name": "Contact name",
            "contact_email": "Contact email address",
            "service_area": "Where it is offered",
        }
        help_texts = {
            "eligibility": "For example: businesses in Portsmouth, or anyone aged 16 or over.",
            "cost": "For example: free, or from £40 an hour.",
            "how_to_access": "For example: call us, or book on our website.",
            "contact_email": "Shown publicly with the service and in the open data.",
            "service_area": "For example: Portsmouth, or Hampshire and the Isle of Wight.",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "cost": forms.Textarea(attrs={"rows": 2}),
            "how_to_access": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "name": {
                "required": "Enter the name of the service",
                "max_length": "The name must be 200 characters or fewer",
            },
            "description": {"required": "Describe the service"},
            "contact_name": {"max_length": "The contact name must be 200 characters or fewer"},
            "contact_email": {
                "invalid": "Enter an email address in the right format, like name@example.org"
            },
            "service_area": {"max_length": "Where it is offered must be 200 characters or fewer"},
        }

    # Longest answers accepted, so that a pasted document gets a message, not a wall of text.
    TEXT_LIMITS = {"description": 5000, "eligibility": 2000, "cost": 2000, "how_to_access": 2000}

    def __init__(self, *args, values=None, **kwargs):
        if values is not None:
            kwargs["initial"] = values
        super().__init__(*args, **kwargs)
        self.fields["description"].required = True
        for name, limit in self.TEXT_LIMITS.items():
            field = self.fields[name]
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            field.widget.attrs["maxlength"] = str(limit)
            label = field.label[0].upper() + field.label[1:]
            field.error_messages["max_length"] = f"{label} must be {limit} characters or fewer"

    def service_values(self):
        return {field: self.cleaned_data.get(field) or "" for field in SERVICE_FIELDS}
