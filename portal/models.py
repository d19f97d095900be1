"""The site itself: users, the home page and the site-wide settings editors manage."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import named


class User(AbstractUser):
    """A person who signs in. The email address is the sign-in name and must be verified."""

    email = models.EmailField("email address", unique=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    # Set by self-registration only: the account waits for its emailed link. Accounts that
    # staff create (Wagtail admin, createsuperuser, seed_demo) count as confirmed.
    awaiting_confirmation = False

    def save(self, *args, **kwargs):
        if self._state.adding and self.email_verified_at is None and not self.awaiting_confirmation:
            self.email_verified_at = timezone.now()
        if self.email:
            self.email = self.email.strip().lower()
            if not self.username:
                self.username = self.email
        super().save(*args, **kwargs)


class LinkValue(blocks.StructValue):
    @property
    def href(self):
        page = self.get("page")
        return page.url if page else self.get("url")


class LinkBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=80)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.CharBlock(
        required=False, max_length=200, help_text="A path such as /directory/ or a full address"
    )

    class Meta:
        icon = "link"
        value_class = LinkValue

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from django.forms.utils import ErrorList

        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ErrorList([ValidationError("Choose a page or enter a URL")])}
            )
        url = value.get("url") or ""
        if url and not (
            url.startswith("/") or url.startswith("https://") or url.startswith("http://")
        ):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ErrorList(
                        [ValidationError("Enter a path starting with / or an http(s) address")]
                    )
                }
            )
        return value


class CardBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=80)
    text = blocks.TextBlock(max_length=300)
    link = LinkBlock()

    class Meta:
        icon = "doc-full"
        template = "portal/blocks/card.html"


class HomePage(Page):
    hero_heading = models.CharField(max_length=120, default="Social value in Portsmouth")
    hero_text = models.TextField(
        max_length=400,
        blank=True,
        help_text="One or two sentences under the heading on the home page",
    )
    cards = StreamField([("card", CardBlock())], blank=True, use_json_field=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("hero_heading"), FieldPanel("hero_text")], heading="Hero"),
        FieldPanel("cards"),
    ]
    search_fields = Page.search_fields + [index.SearchField("hero_text")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = "home page"


class StandardPage(Page):
    """Plain pages such as About, the accessibility statement, privacy notice and cookies."""

    body = StreamField(
        [
            ("heading", named(blocks.CharBlock(form_classname="title", max_length=120), "Heading")),
            (
                "paragraph",
                blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul", "h3"]),
            ),
        ],
        use_json_field=True,
    )

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = "standard page"


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Contact details and the links in the header and footer."""

    contact_email = models.EmailField(default="socialvalue@portsmouthcc.gov.uk")
    contact_phone = models.CharField(max_length=40, default="023 9283 4092", blank=True)
    contact_address = models.TextField(
        default="Portsmouth City Council, Civic Offices, Guildhall Square, Portsmouth PO1 2AL",
        blank=True,
    )
    header_links = StreamField([("link", LinkBlock())], blank=True, use_json_field=True)
    footer_links = StreamField([("link", LinkBlock())], blank=True, use_json_field=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_address"),
            ],
            heading="Contact details",
        ),
        FieldPanel("header_links", heading="Header navigation"),
        FieldPanel("footer_links", heading="Footer links"),
    ]

    select_related = []

    class Meta:
        verbose_name = "portal settings"


class SubmissionToken(models.Model):
    """A create form's one-time token, claimed by the first POST that carries it: a repeated
    POST (double click, resend after a timeout) gets the first POST's result instead of a
    second copy (portal/idempotency.py)."""

    token = models.UUIDField(primary_key=True)
    purpose = models.CharField(max_length=60)
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"{self.purpose} {self.token}"
