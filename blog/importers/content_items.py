"""StreamField values for the body blocks of ``blog.content_blocks``: tables, quotes, code, media, galleries.

The writer hands each parsed block that is not prose, an image or a phone call to ``content_items``.
"""

from collections.abc import Callable

from blog.content_blocks import CAPTION_LENGTH, NEEDS_ALT_TEXT

from .article_data import GalleryData, ImageData, MediaLinkData, PreformattedData, QuoteData, TableData

CONTENT_DATA = (TableData, QuoteData, PreformattedData, MediaLinkData, GalleryData)


def content_items(block, image_for: Callable[[ImageData], object] | None) -> list[tuple[str, object]]:
    if isinstance(block, TableData):
        return [("table", table_value(block))]
    if isinstance(block, QuoteData):
        return [("quote", {"text": block.text, "citation": block.citation[:300]})]
    if isinstance(block, PreformattedData):
        return [("preformatted", block.text)]
    if isinstance(block, MediaLinkData):
        return [("media_link", {"label": block.label, "url": block.url, "title": block.title[:300]})]
    if isinstance(block, GalleryData):
        return _gallery_items(block, image_for)
    raise TypeError(f"Unknown body block {block!r}")


def table_value(block: TableData) -> dict:
    """The value Wagtail's TableBlock stores, header choice included so the editor opens it as it is."""
    choice = {(True, True): "both", (True, False): "row", (False, True): "column"}.get(
        (block.header, block.first_column_header), "neither"
    )
    return {
        "data": [list(row) for row in block.rows],
        "first_row_is_table_header": block.header,
        "first_col_is_header": block.first_column_header,
        "table_header_choice": choice,
        "table_caption": block.caption,
    }


def image_alt_text(data: ImageData, limit: int = 250) -> str:
    """The image's alt text, or the marker an editor searches for; never the file's name."""
    text = " ".join(data.alt.split())
    if not text:
        return NEEDS_ALT_TEXT
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def image_caption(data: ImageData) -> str:
    return " ".join(data.caption.split())[:CAPTION_LENGTH]


def _gallery_items(block: GalleryData, image_for) -> list[tuple[str, object]]:
    images = []
    for data in block.images:
        image = image_for(data) if image_for else None
        if image is not None:
            images.append({"image": image, "alt_text": image_alt_text(data), "caption": image_caption(data)})
    if not images:
        # The importer reports each missing file; an empty gallery would not save.
        return []
    return [("gallery", {"images": images, "caption": " ".join(block.caption.split())[:CAPTION_LENGTH]})]
