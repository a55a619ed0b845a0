"""StreamField blocks for article bodies and their reference lists."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .content_blocks import (
    CAPTION_LENGTH,
    ArticleTableBlock,
    GalleryBlock,
    MediaLinkBlock,
    PreformattedBlock,
    QuoteBlock,
)
from .language_blocks import ForeignLanguageTextBlock

# What patient-education text needs and nothing that breaks the page's heading outline (h1 is the title).
ARTICLE_RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link"]
# Units and formulas ("mg/m²", "H₂O") and corrections need these; they don't affect the outline.
ARTICLE_RICH_TEXT_FEATURES += ["superscript", "subscript", "strikethrough"]
# Links to the clinic's forms and leaflets (intake forms, aftercare sheets), served from its own origin.
ARTICLE_RICH_TEXT_FEATURES += ["document-link"]

# Screen-reader users often jump from link to link, so a link must say where it goes on its own.
VAGUE_LINK_TEXTS = frozenset(
    {"click here", "click", "here", "read more", "more", "link", "this link", "learn more", "this", "go"}
)


class _LinkTextCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.link_texts, self._open_link = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open_link = []

    def handle_endtag(self, tag):
        if tag == "a" and self._open_link is not None:
            self.link_texts.append("".join(self._open_link))
            self._open_link = None

    def handle_data(self, data):
        if self._open_link is not None:
            self._open_link.append(data)


def vague_link_texts(html):
    """The link texts in ``html`` that say nothing about their destination, e.g. "click here"."""
    collector = _LinkTextCollector()
    collector.feed(html)
    collector.close()
    normalised = (" ".join(re.sub(r"[^\w\s]", "", text).lower().split()) for text in collector.link_texts)
    return [text for text in normalised if text in VAGUE_LINK_TEXTS]


class PatientRichTextBlock(blocks.RichTextBlock):
    """Rich text whose links describe where they go."""

    def clean(self, value):
        value = super().clean(value)
        vague = vague_link_texts(value.source)
        if vague:
            raise ValidationError(
                f"The link text “{vague[0]}” doesn’t say where the link goes. Use words that describe the "
                "destination, e.g. “our guide to nerve blocks”."
            )
        return value


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250, help_text="Describe the image for people who cannot see it. Required."
    )
    caption = blocks.CharBlock(required=False, max_length=CAPTION_LENGTH)

    class Meta:
        icon = "image"
        template = "blog/blocks/image_block.html"


class CalloutBlock(blocks.StructBlock):
    URGENT_HEADING = "Get help now"

    style = blocks.ChoiceBlock(
        choices=[("note", "Note"), ("urgent", "Urgent help (e.g. “Call 911 if…”)")],
        default="note",
        # A style, not words of the article: kept out of search and the reading time.
        search_index=False,
        help_text="Urgent help stands out and says it is urgent; its heading defaults to “Get help now”.",
    )
    heading = blocks.CharBlock(required=False, max_length=120)
    text = PatientRichTextBlock(features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        template = "blog/blocks/callout_block.html"


class PhoneContactChooserBlock(SnippetChooserBlock):
    """No longer used: migration 0006 names it, so it stays importable for the migration history."""


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

    def render(self, value, context=None):
        # A contact that is unpublished (or deleted) was taken down: its number must not reach patients, and
        # text written around one desk's number should not point at another, so the block shows nothing.
        contact = value.get("contact")
        if contact is None or not contact.live:
            return ""
        return super().render(value, context)


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = PatientRichTextBlock(features=ARTICLE_RICH_TEXT_FEATURES)
    image = ImageBlock()
    callout = CalloutBlock()
    phone_contact = PhoneContactBlock()
    table = ArticleTableBlock()
    quote = QuoteBlock()
    preformatted = PreformattedBlock()
    media_link = MediaLinkBlock()
    gallery = GalleryBlock()
    # A quoted phrase in Spanish, a notice's taglines: marked with their language for screen readers.
    foreign_language_text = ForeignLanguageTextBlock()


class ReferenceBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=300)
    source = blocks.CharBlock(required=False, max_length=200, help_text="Journal, publisher or organisation.")
    year = blocks.IntegerBlock(required=False, min_value=1800, max_value=2100)
    url = blocks.URLBlock(required=False, label="URL")

    class Meta:
        icon = "doc-full"
        template = "blog/blocks/reference_block.html"

    def clean(self, value):
        value = super().clean(value)
        # Django's URL check also passes ftp:// addresses, which patients' browsers no longer open.
        if value.get("url") and urlsplit(value["url"]).scheme not in ("http", "https"):
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError("Enter a web address starting with https:// or http://.")
                }
            )
        return value


class ReferenceListBlock(blocks.StreamBlock):
    reference = ReferenceBlock()
