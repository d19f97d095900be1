"""StreamField blocks for guidance pages; each renders GOV.UK Frontend markup."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from portal.blocks import named
from portal.models import LinkBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.CharBlock):
    """A section heading (h2); every heading becomes an entry in the page's contents list."""

    def __init__(self, **kwargs):
        super().__init__(max_length=120, form_classname="title", **kwargs)
        named(self, "Heading")

    class Meta:
        icon = "title"
        template = "guidance/blocks/heading.html"


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "guidance/blocks/rich_text.html"


class InsetBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(features=["bold", "link"])

    class Meta:
        icon = "openquote"
        label = "Inset text"
        template = "guidance/blocks/inset.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=60, default="Important")
    heading = blocks.CharBlock(max_length=160)
    text = blocks.RichTextBlock(features=["bold", "link"], required=False)

    class Meta:
        icon = "info-circle"
        label = "Callout (notification banner)"
        template = "guidance/blocks/callout.html"


class WarningBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)

    class Meta:
        icon = "warning"
        label = "Warning text"
        template = "guidance/blocks/warning.html"


class AccordionSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=160)
    summary = blocks.CharBlock(max_length=200, required=False)
    content = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    sections = blocks.ListBlock(AccordionSectionBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        label = "Accordion (FAQ)"
        template = "guidance/blocks/accordion.html"


class DetailsBlock(blocks.StructBlock):
    summary = blocks.CharBlock(max_length=160)
    content = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "collapse-down"
        label = "Details"
        template = "guidance/blocks/details.html"


class SummaryRowBlock(blocks.StructBlock):
    key = blocks.CharBlock(max_length=120)
    value = blocks.RichTextBlock(features=["bold", "link"])


class SummaryListBlock(blocks.StructBlock):
    rows = blocks.ListBlock(SummaryRowBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        label = "Summary list"
        template = "guidance/blocks/summary_list.html"


class TableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(max_length=200, help_text="Says what the table shows")
    table = TypedTableBlock(
        [
            ("text", blocks.CharBlock()),
            ("numeric", blocks.DecimalBlock()),
            ("rich_text", blocks.RichTextBlock(features=["bold", "italic", "link"])),
        ]
    )

    class Meta:
        icon = "table"
        template = "guidance/blocks/table.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        required=False,
        help_text="Describe what the image shows for people who cannot see it",
    )
    decorative = blocks.BooleanBlock(
        required=False, help_text="Tick only if the image adds no information"
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "guidance/blocks/image.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not (value.get("alt_text") or "").strip():
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alt_text": ErrorList(
                        [ValidationError("Enter alt text, or mark the image as decorative")]
                    )
                }
            )
        return value


class MeasuresBlock(blocks.StructBlock):
    caption = blocks.CharBlock(max_length=200, default="TOMs measures and their proxy values")
    measures = blocks.ListBlock(SnippetChooserBlock("guidance.Measure"), min_num=1)

    class Meta:
        icon = "clipboard-list"
        label = "TOMs measures"
        template = "guidance/blocks/measures.html"


class RelatedLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=80, default="Related content")
    links = blocks.ListBlock(LinkBlock(), min_num=1)

    class Meta:
        icon = "link"
        label = "Related links"
        template = "guidance/blocks/related_links.html"


class GuidanceStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    rich_text = RichTextBlock()
    inset = InsetBlock()
    callout = CalloutBlock()
    warning = WarningBlock()
    accordion = AccordionBlock()
    details = DetailsBlock()
    summary_list = SummaryListBlock()
    table = TableBlock()
    image = ImageBlock()
    measures = MeasuresBlock()
    related_links = RelatedLinksBlock()
