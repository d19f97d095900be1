"""The questions comms staff build a survey from, and the blocks of a "You said, we did" page."""

from wagtail import blocks

from portal.blocks import named

AGREEMENT_SCALE = [
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Neither agree nor disagree"),
    (4, "Agree"),
    (5, "Strongly agree"),
]


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=255)
    help_text = blocks.CharBlock(
        required=False, max_length=255, help_text="A hint shown under the question"
    )
    required = blocks.BooleanBlock(
        required=False, default=True, help_text="Respondents must answer this question"
    )


class ChoiceQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(named(blocks.CharBlock(max_length=120), "Choice"), min_num=2)


class SingleChoiceBlock(ChoiceQuestionBlock):
    breakdown = blocks.BooleanBlock(
        required=False,
        help_text="Break the results of every other question down by the answer to this one "
        "(for example organisation type, or whether the organisation is local)",
    )

    class Meta:
        icon = "radio-full"
        label = "Single choice"


class MultipleChoiceBlock(ChoiceQuestionBlock):
    class Meta:
        icon = "tasks"
        label = "Multiple choice"


class AgreementScaleBlock(QuestionBlock):
    class Meta:
        icon = "order"
        label = "Agreement scale (1 to 5)"
        help_text = "Strongly disagree (1) to strongly agree (5)"


class NumberQuestionBlock(QuestionBlock):
    min_value = blocks.IntegerBlock(required=False)
    max_value = blocks.IntegerBlock(required=False)

    class Meta:
        icon = "decimal"
        label = "Number"


class FreeTextBlock(QuestionBlock):
    class Meta:
        icon = "pilcrow"
        label = "Free text"


class SectionBlock(blocks.StructBlock):
    """One page of the questionnaire."""

    title = blocks.CharBlock(max_length=120)
    intro = blocks.TextBlock(required=False, max_length=600)
    questions = blocks.StreamBlock(
        [
            ("single_choice", SingleChoiceBlock()),
            ("multiple_choice", MultipleChoiceBlock()),
            ("agreement_scale", AgreementScaleBlock()),
            ("number", NumberQuestionBlock()),
            ("free_text", FreeTextBlock()),
        ],
        min_num=1,
    )

    class Meta:
        icon = "doc-empty"
        label = "Section (one page)"


class ResultRowBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=120)
    count = blocks.IntegerBlock(min_value=0)
    percentage = blocks.IntegerBlock(min_value=0, max_value=100)


class ResultBlock(blocks.StructBlock):
    """Figures copied from the results dashboard: numbers only."""

    question = blocks.CharBlock(max_length=255)
    respondents = blocks.IntegerBlock(min_value=0, help_text="How many answered the question")
    rows = blocks.ListBlock(ResultRowBlock())

    class Meta:
        icon = "table"
        template = "survey/blocks/result.html"


class WeDidBlock(blocks.StructBlock):
    you_said = blocks.TextBlock(max_length=600)
    we_did = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "tick"
        label = "You said, we did"
        template = "survey/blocks/we_did.html"


class QuoteBlock(blocks.StructBlock):
    """A free-text answer an editor has chosen to quote."""

    quote = blocks.TextBlock(max_length=1000)
    attribution = blocks.CharBlock(
        max_length=120, required=False, help_text="For example 'A local charity'; never a name"
    )

    class Meta:
        icon = "openquote"
        template = "survey/blocks/quote.html"
