"""StreamField blocks for article bodies and their reference lists."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

# What patient-education text needs and nothing that breaks the page's heading outline (h1 is the title).
ARTICLE_RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250, help_text="Describe the image for people who cannot see it. Required."
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blog/blocks/image_block.html"


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        template = "blog/blocks/callout_block.html"


class PhoneContactBlock(blocks.StructBlock):
    lead_in = blocks.CharBlock(
        required=False, max_length=300, help_text="Text before the number, e.g. “Questions? Please call”."
    )
    contact = SnippetChooserBlock("blog.PhoneContact")
    trailing_text = blocks.CharBlock(
        required=False,
        max_length=300,
        help_text="Text after the number. Leave blank to use the contact’s own call-to-action.",
    )

    class Meta:
        icon = "mobile-alt"
        template = "blog/blocks/phone_contact_block.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=ARTICLE_RICH_TEXT_FEATURES)
    image = ImageBlock()
    callout = CalloutBlock()
    phone_contact = PhoneContactBlock()


class ReferenceBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=300)
    source = blocks.CharBlock(required=False, max_length=200, help_text="Journal, publisher or organisation.")
    year = blocks.IntegerBlock(required=False, min_value=1800, max_value=2100)
    url = blocks.URLBlock(required=False, label="URL")

    class Meta:
        icon = "doc-full"
        template = "blog/blocks/reference_block.html"


class ReferenceListBlock(blocks.StreamBlock):
    reference = ReferenceBlock()
