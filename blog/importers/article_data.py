"""Plain data passed from a parser to the writer. No Django here, so parsers stay testable alone."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class RichTextData:
    """HTML limited to the article body's rich-text features: p, h2-h4, b, i, ul/ol/li, a."""

    html: str


@dataclass(frozen=True)
class ImageData:
    """An image the source referenced; ``source`` is its path relative to the media folder."""

    source: str
    alt: str
    caption: str = ""


@dataclass(frozen=True)
class PhoneCallData:
    """A paragraph built around a phone number: text before it, the number as written, text after."""

    lead_in: str
    phone_number: str
    trailing_text: str


BodyData = RichTextData | ImageData | PhoneCallData


@dataclass(frozen=True)
class CategoryData:
    name: str
    slug: str = ""


@dataclass(frozen=True)
class AuthorData:
    login: str
    display_name: str
    email: str = ""


@dataclass
class ArticleData:
    title: str
    body: list[BodyData]
    categories: list[CategoryData] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    slug: str = ""
    summary: str = ""
    # "live", "draft" or "scheduled"; scheduled ones go live at ``published_at``.
    status: str = "live"
    published_at: datetime | None = None
    modified_at: datetime | None = None
    author: AuthorData | None = None
    wordpress_id: int | None = None
    # Paths the article answered at on the old site, to be kept working with redirects.
    legacy_paths: list[str] = field(default_factory=list)
