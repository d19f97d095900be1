"""Social value workshops and events: pages with booking, a waiting list, reminders,
attendance and feedback."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class EventIndexPage(RoutablePageMixin, Page):
    """Upcoming events, and past ones under past/."""

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = "events list"

    @path("")
    def upcoming(self, request):
        from supplier_events.views import event_list

        return event_list(request, self, past=False)

    @path("past/")
    def past(self, request):
        from supplier_events.views import event_list

        return event_list(request, self, past=True)


class EventQuerySet(PageQuerySet):
    def upcoming(self, now=None):
        return self.live().filter(ends_at__gt=now or timezone.now())

    def past(self, now=None):
        return self.live().filter(ends_at__lte=now or timezone.now())


class EventPage(RoutablePageMixin, Page):
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    summary = models.CharField(max_length=300, help_text="One or two sentences for the list")
    body = RichTextField(features=RICH_TEXT_FEATURES)
    venue = models.TextField(blank=True, help_text="Address, or leave empty for online only")
    online_link = models.URLField(
        blank=True, help_text="Sent to confirmed attendees only, never shown on the page"
    )
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    audience = models.CharField(
        max_length=200, help_text="Who it is for, such as current and future suppliers"
    )
    accessibility = models.TextField(
        "accessibility information",
        help_text="Step-free access, hearing loop, captions, parking, quiet room",
    )
    organiser_email = models.EmailField(help_text="Feedback from attendees is sent here")

    objects = PageManager.from_queryset(EventQuerySet)()

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading="When"),
        MultiFieldPanel([FieldPanel("venue"), FieldPanel("online_link")], heading="Where"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("audience"),
        FieldPanel("accessibility"),
        FieldPanel("capacity"),
        FieldPanel("organiser_email"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "event"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The event must end after it starts"})
        if not self.venue.strip() and not self.online_link:
            raise ValidationError({"venue": "Enter a venue or an online link"})

    @property
    def is_bookable(self):
        return self.starts_at > timezone.now()

    @property
    def has_ended(self):
        return self.ends_at <= timezone.now()

    def get_context(self, request, *args, **kwargs):
        from supplier_events.views import event_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_context(request, self))
        return context

    @path("")
    def detail(self, request):
        return self.render(request)

    @path("calendar/")
    def calendar(self, request):
        from supplier_events.ical import ical_response

        return ical_response(self, request)

    @path("book/")
    def book(self, request):
        from supplier_events.views import book

        return book(request, self)


class BookingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=[Booking.Status.CONFIRMED, Booking.Status.WAITING])


def new_token():
    return uuid.uuid4().hex


class Booking(models.Model):
    """A place at an event, or a place on its waiting list. Guests verify their email first."""

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", "Waiting for email confirmation"
        CONFIRMED = "confirmed", "Booked"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="bookings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_bookings",
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    organisation = models.CharField(max_length=200, blank=True)
    access_needs = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNVERIFIED)
    token = models.CharField(max_length=32, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    placed_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    feedback_requested_at = models.DateTimeField(null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["placed_at", "pk"]
        constraints = [
            # One live booking per person per event; cancelled ones stay as history.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(status="cancelled"),
                name="one_live_booking_per_email",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "placed_at"], name="booking_queue")]

    def __str__(self):
        return f"{self.name} at {self.event}"


class Feedback(models.Model):
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    useful = models.TextField("what was most useful", blank=True)
    improve = models.TextField("what could be better", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Feedback on {self.booking.event}"
