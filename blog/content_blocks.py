"""Body blocks for what articles quote, tabulate, show as code, link to as media or show as a gallery.

They sit beside the paragraph and image blocks of ``blog.blocks`` and came with the WordPress import,
which needed a place for each construct it used to flatten; editors use them the same way.
"""

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageChooserBlock

# Said where an image came without alt text, so an editor finds it; never the file name.
NEEDS_ALT_TEXT = "needs alt text"
CAPTION_LENGTH = 2000


class ArticleTableBlock(TableBlock):
    """A table with its caption and heading cells, rendered with <caption> and <th scope>."""

    class Meta:
        icon = "table"
        template = "blog/blocks/table_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(help_text="The quoted words. A blank line starts a new paragraph.")
    citation = blocks.CharBlock(required=False, max_length=300, help_text="Who said or wrote it.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["paragraphs"] = [part.strip() for part in value["text"].split("\n\n") if part.strip()]
        return context

    class Meta:
        icon = "openquote"
        template = "blog/blocks/quote_block.html"


class PreformattedBlock(blocks.TextBlock):
    """Text shown as written, line breaks and indentation included: code, dosage tables typed as text."""

    class Meta:
        icon = "code"
        template = "blog/blocks/preformatted_block.html"


class MediaLinkBlock(blocks.StructBlock):
    """A video or audio recording as a plain link: no player, nothing loaded from another site."""

    label = blocks.CharBlock(
        max_length=80, help_text="What the reader gets and where, e.g. “Watch on YouTube”."
    )
    url = blocks.URLBlock(label="URL")
    title = blocks.CharBlock(required=False, max_length=300, help_text="The recording's title, if known.")

    class Meta:
        icon = "media"
        template = "blog/blocks/media_link_block.html"


class GalleryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(max_length=250, help_text="Describe the image for people who cannot see it.")
    caption = blocks.CharBlock(required=False, max_length=CAPTION_LENGTH)


class GalleryBlock(blocks.StructBlock):
    images = blocks.ListBlock(GalleryImageBlock(), min_num=1)
    caption = blocks.CharBlock(required=False, max_length=CAPTION_LENGTH)

    class Meta:
        icon = "image"
        template = "blog/blocks/gallery_block.html"
