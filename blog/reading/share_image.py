"""The picture that represents an article when shared: its featured image, else its first image block."""

from dataclasses import dataclass
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


def share_image(stream_value, base_url, *, featured=None, featured_alt="") -> ShareImage | None:
    """The share rendition of the featured image, else of the first usable image block, its URL made
    absolute against ``base_url``."""
    candidates = [(featured, featured_alt)] if featured is not None else []
    candidates += [
        (block.value.get("image"), block.value.get("alt_text", ""))
        for block in stream_value
        if block.block_type == "image" and block.value.get("image") is not None
    ]
    for image, alt in candidates:
        try:
            rendition = image.get_rendition(SHARE_RENDITION)
        except SourceImageIOError:  # the original file is missing: better no picture than a broken one
            continue
        return ShareImage(
            url=urljoin(base_url, rendition.url), alt=alt, width=rendition.width, height=rendition.height
        )
    return None
