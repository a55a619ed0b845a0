"""Plain data passed from a parser to the writer. No Django here, so parsers stay testable alone."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class RichTextData:
    """HTML limited to the article body's rich-text features: p, h2-h4, b, i, ul/ol/li, a."""

    html: str


@dataclass(frozen=True)
class ImageData:
    """An image the source referenced; ``source`` is its path relative to the media folder.

    A gallery shortcode names its images by WordPress attachment ID only: ``source`` is then empty and
    ``attachment_id`` set, and the importer finds the file from the export's attachments.
    """

    source: str
    alt: str
    caption: str = ""
    attachment_id: int | None = None


@dataclass(frozen=True)
class PhoneCallData:
    """A paragraph built around a phone number: text before it, the number as written, text after."""

    lead_in: str
    phone_number: str
    trailing_text: str


@dataclass(frozen=True)
class TableData:
    """A table's cells as plain text, row by row; ``header`` when the first row holds column headings."""

    rows: tuple[tuple[str, ...], ...]
    header: bool = False
    # Every body row starts with a heading cell (<th>), e.g. the name of what the row compares.
    first_column_header: bool = False
    caption: str = ""


@dataclass(frozen=True)
class QuoteData:
    """Someone else's words (a blockquote or pull quote), paragraphs separated by blank lines."""

    text: str
    citation: str = ""


@dataclass(frozen=True)
class PreformattedData:
    """Code or preformatted text whose line breaks and indentation carry meaning."""

    text: str


@dataclass(frozen=True)
class MediaLinkData:
    """A video, audio or other embed, kept as a link to where it plays: ``label`` says what and where."""

    url: str
    label: str
    # The embed's caption, when it had one.
    title: str = ""


@dataclass(frozen=True)
class GalleryData:
    images: tuple[ImageData, ...]
    caption: str = ""


BodyData = (
    RichTextData
    | ImageData
    | PhoneCallData
    | TableData
    | QuoteData
    | PreformattedData
    | MediaLinkData
    | GalleryData
)


@dataclass(frozen=True)
class ImportNote:
    """Something the import changed or could not keep in one post, for an editor to check.

    ``kind`` groups notes for the summary's counts ("embed made a link"); ``detail`` says which one.
    """

    kind: str
    detail: str


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
    # The picture shown above the article and when it is shared; a WordPress featured image
    # (``_thumbnail_id``) names its attachment by ID, as a gallery does.
    featured_image: ImageData | None = None
    # A WordPress page's parent page (``wp:post_parent``), under which it is placed when that was imported.
    parent_wordpress_id: int | None = None
    # Paths the article answered at on the old site, to be kept working with redirects.
    legacy_paths: list[str] = field(default_factory=list)
    # What the conversion changed or could not keep, for the import report.
    notes: list[ImportNote] = field(default_factory=list)
