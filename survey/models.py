"""The barriers survey: a questionnaire editors build, the responses to it, and the public
"You said, we did" summary of what the council did about them."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from survey.blocks import QuoteBlock, ResultBlock, SectionBlock, WeDidBlock
from survey.questionnaire import locked_shapes, read_sections

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference():
    """A reference like BS-7KQ2-M9XD: no 0/O or 1/I to misread over the phone."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"BS-{chars[:4]}-{chars[4:]}"


class Channel(models.Model):
    """Where a respondent came from: /survey/?source=<slug> records it."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(
        max_length=40, unique=True, help_text="Used in links, e.g. /survey/?source=intend"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class SurveyPage(RoutablePageMixin, Page):
    intro = RichTextField(features=["bold", "italic", "link", "ul", "ol"], blank=True)
    opens_at = models.DateTimeField(null=True, blank=True, help_text="Leave empty to open now")
    closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Organisations may change their answers until then"
    )
    privacy_notice = RichTextField(
        features=["bold", "italic", "link", "ul", "ol"],
        help_text="Who holds the answers, why, for how long, and the respondent's rights",
    )
    consent_statement = models.CharField(
        max_length=255,
        default="I have read the privacy notice and agree to the council using my answers "
        "as it describes",
    )
    questions = StreamField([("section", SectionBlock())], use_json_field=True)
    confirmation_text = RichTextField(
        features=["bold", "italic", "link", "ul", "ol"],
        blank=True,
        help_text="Shown with the reference once the survey is sent",
    )
    offer_email_receipt = models.BooleanField(
        default=True,
        help_text="Let respondents ask for a receipt by email (the address is not kept)",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading="Dates"),
        MultiFieldPanel(
            [FieldPanel("privacy_notice"), FieldPanel("consent_statement")],
            heading="Privacy",
        ),
        HelpPanel(
            content="<p>Once the survey has responses its questions, choices and question "
            "types are locked so that results stay correct. Help text, section titles and "
            "order can still change. To ask different questions, copy the page and publish "
            "it as a new survey.</p>",
            heading="Locked questions",
        ),
        FieldPanel("questions"),
        MultiFieldPanel(
            [FieldPanel("confirmation_text"), FieldPanel("offer_email_receipt")],
            heading="After sending",
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    subpage_types = ["survey.YouSaidWeDidPage"]

    class Meta:
        verbose_name = "survey page"

    @property
    def sections(self):
        return read_sections(self.questions)

    @property
    def all_questions(self):
        return [question for section in self.sections for question in section.questions]

    def is_open(self, now=None):
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)

    def has_closed(self, now=None):
        return bool(self.closes_at and (now or timezone.now()) >= self.closes_at)

    def clean(self):
        super().clean()
        if not self.pk or not Response.objects.filter(survey_id=self.pk).exists():
            return
        stored = SurveyPage.objects.filter(pk=self.pk).values_list("questions", flat=True).first()
        saved = locked_shapes(stored) if stored else {}
        edited = locked_shapes(self.questions)
        if any(edited.get(question_id) != shape for question_id, shape in saved.items()):
            raise ValidationError(
                {
                    "questions": "This survey already has responses, so its questions, choices "
                    "and question types cannot be changed or removed. Copy the page to ask "
                    "different questions."
                }
            )
        if set(edited) - set(saved):
            raise ValidationError(
                {
                    "questions": "This survey already has responses, so no questions can be "
                    "added. Copy the page to ask different questions."
                }
            )

    # The respondent's journey, one route per step (views live in survey.views).
    @path("")
    def start(self, request):
        from survey import views

        return views.start(request, self)

    @path("section/<int:number>/")
    def section(self, request, number):
        from survey import views

        return views.section(request, self, number)

    @path("check/")
    def check_answers(self, request):
        from survey import views

        return views.check(request, self)

    @path("sent/")
    def sent(self, request):
        from survey import views

        return views.sent(request, self)


class ResponseQuerySet(models.QuerySet):
    def anonymous(self):
        return self.filter(organisation__isnull=True)


class Response(models.Model):
    """One set of answers. Anonymous ones keep only the date, the channel and the answers."""

    survey = models.ForeignKey(SurveyPage, on_delete=models.PROTECT, related_name="responses")
    reference = models.CharField(max_length=12, unique=True, default=new_reference)
    organisation = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Only for answers given on behalf of an organisation",
    )
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    submitted_on = models.DateField(default=timezone.localdate)
    changed_on = models.DateField(null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organisation"], name="survey_one_response_per_organisation"
            ),
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False)
                | models.Q(submitted_by__isnull=True),
                name="survey_anonymous_response_has_no_person",
            ),
        ]
        indexes = [models.Index(fields=["survey", "submitted_on"])]
        permissions = [("view_results", "Can view survey results and export them")]

    def __str__(self):
        return self.reference


class Answer(models.Model):
    """One answer to one question; a multiple-choice answer has one row per option chosen."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=64)
    choice = models.CharField(max_length=255, blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["question_id", "choice"]),
            models.Index(fields=["question_id", "number"]),
            # Results: per-question counts of respondents read only this index, and a
            # breakdown finds a response's answer to the grouping question through the other.
            models.Index(fields=["question_id", "response", "choice", "number"]),
            models.Index(fields=["response", "question_id", "choice"]),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.choice or self.number or self.text}"


class YouSaidWeDidPage(Page):
    """A public summary of the results and what the council did about them."""

    intro = RichTextField(features=["bold", "italic", "link", "ul", "ol"], blank=True)
    body = StreamField(
        [("result", ResultBlock()), ("we_did", WeDidBlock()), ("quote", QuoteBlock())],
        use_json_field=True,
        blank=True,
        help_text="Figures come from the results dashboard. Quote free text only with care: "
        "never anything that identifies a person or organisation.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["survey.SurveyPage"]
    subpage_types = []

    class Meta:
        verbose_name = "'You said, we did' page"


class AnonymousParticipation(models.Model):
    """That a signed-in person has sent an anonymous response to a survey, so they send one
    only. The key is a keyed hash of the survey and the person; there is no time and no link
    to the response, and the key is not a sequence, so rows cannot be matched to responses
    by order."""

    key = models.CharField(max_length=64, primary_key=True)
    survey = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return self.key

    @staticmethod
    def key_for(survey, user):
        message = f"survey-participation:{survey.pk}:{user.pk}".encode()
        return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


class StoredTallies(models.Model):
    """A survey's answers as last counted (survey.results.Tallies) and the state they were
    counted at. Every worker reads them, and they outlast a restart, so a survey's answers
    are counted in full once, not once in each worker after each deployment: later views add
    only the responses sent since."""

    survey = models.OneToOneField(
        SurveyPage, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    state = models.JSONField()
    tallies = models.JSONField()
    counted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "stored tallies"

    def __str__(self):
        return f"Answers to survey {self.survey_id}, counted {self.counted_at:%Y-%m-%d %H:%M}"
