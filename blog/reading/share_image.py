"""The picture that represents an article when shared: its featured image, else its first image block."""

from dataclasses import dataclass, replace
from urllib.parse import urljoin

from wagtail.images.models import SourceImageIOError

# Large enough for Open Graph's and Twitter's large cards, the original's shape kept.
SHARE_RENDITION = "width-1200"


@dataclass(frozen=True)
class ShareImage:
    url: str
    alt: str
    width: int
    height: int


def first_rendition(candidates) -> ShareImage | None:
    """The share rendition of the first (image, alt text) whose original file can be read."""
    for image, alt in candidates:
        try:
            rendition = image.get_rendition(SHARE_RENDITION)
        except SourceImageIOError:  # the original file is missing: better no picture than a broken one
            continue
        return ShareImage(url=rendition.url, alt=alt, width=rendition.width, height=rendition.height)
    return None


def body_share_image(stream_value) -> ShareImage | None:
    """The share rendition of the first usable image block, its URL as the storage gives it."""
    return first_rendition(
        (block.value.get("image"), block.value.get("alt_text", ""))
        for block in stream_value
        if block.block_type == "image" and block.value.get("image") is not None
    )


def share_image(base_url, *, featured=None, featured_alt="", body_image=None) -> ShareImage | None:
    """The share rendition of the featured image, else the body's (``body_share_image``), its URL made
    absolute against ``base_url``."""
    image = first_rendition([(featured, featured_alt)]) if featured is not None else None
    image = image or body_image
    return replace(image, url=urljoin(base_url, image.url)) if image is not None else None
