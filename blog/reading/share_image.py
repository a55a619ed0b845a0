"""The picture that represents an article when it is shared: its first image block."""

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


def share_image(stream_value, base_url) -> ShareImage | None:
    """The first usable image block's share rendition, its URL made absolute against ``base_url``."""
    for block in stream_value:
        if block.block_type != "image" or block.value.get("image") is None:
            continue
        try:
            rendition = block.value["image"].get_rendition(SHARE_RENDITION)
        except SourceImageIOError:  # the original file is missing: better no picture than a broken one
            continue
        return ShareImage(
            url=urljoin(base_url, rendition.url),
            alt=block.value.get("alt_text", ""),
            width=rendition.width,
            height=rendition.height,
        )
    return None
