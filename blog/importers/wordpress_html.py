"""Turn the HTML WordPress stores for a post into body blocks.

WordPress keeps two kinds of post content. Block-editor posts are real HTML wrapped in ``<!-- wp:... -->``
comments. Classic-editor posts are text with a little HTML where WordPress adds the paragraphs only when
it displays the post (``wpautop``): a blank line starts a new paragraph and a single newline is a line
break. Both also contain shortcodes (``[caption]``, ``[gallery]``, plugin ones) that mean nothing outside
WordPress.
"""

import dataclasses
import html
import json
import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from .article_data import (
    BodyData,
    GalleryData,
    ImageData,
    ImportNote,
    MediaLinkData,
    PhoneCallData,
    PreformattedData,
    QuoteData,
    RichTextData,
    TableData,
)
from .media_links import media_label
from .phone_calls import joined_phone_call, split_phone_call
from .summaries import SUMMARY_LENGTH, summarize

_HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
_HEADING_KINDS = frozenset(_HEADINGS.values())
_INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i", "a": "a"}
_INLINE |= {"sup": "sup", "sub": "sub", "s": "s", "strike": "s", "del": "s"}
_LISTS = frozenset({"ul", "ol"})
# Elements that end the paragraph before them, as they do in a browser. Their own markup is dropped.
_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "div", "dl", "dt"}
    | {"fieldset", "footer", "form", "header", "hr", "legend", "main", "nav", "p", "pre", "section"}
    | {"summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr"}
)
# Elements whose text is not prose: scripts, embedded players' fallback text, form controls.
_DROPPED = frozenset(
    {"audio", "button", "canvas", "iframe", "noscript", "object", "script", "select", "style", "svg"}
    | {"template", "textarea", "video"}
)
_LINK_SCHEMES = frozenset({"", "http", "https", "mailto", "tel"})

_SPACE = re.compile(r"[ \t\n\r\f]+")
_BLANK_LINE = re.compile(r"\n[ \t\r\f]*(?:\n[ \t\r\f]*)+")

# [caption ...]<a><img></a> Caption text[/caption]; "wp_caption" is the pre-2.6 spelling.
_CAPTION = re.compile(r"\[(caption|wp_caption)\b([^\]]*)\](.*?)\[/\1\]", re.DOTALL | re.IGNORECASE)
_CAPTIONED_IMAGE = re.compile(
    r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", re.DOTALL | re.IGNORECASE
)
_CAPTION_ATTRIBUTE = re.compile(r"""\bcaption=(["'])(.*?)\1""", re.DOTALL)
# Shortcodes whose enclosed content is a media URL or player config, never prose.
_MEDIA_SHORTCODE = re.compile(
    r"\[(audio|embed|playlist|video)\b[^\]]*\].*?\[/\1\]", re.DOTALL | re.IGNORECASE
)
_SHORTCODE = re.compile(r"(\[?)\[(/?)([A-Za-z][\w-]*)(?=[\s/\]])([^\[\]]*)\](\]?)")
_CLOSING_SHORTCODE = re.compile(r"\[/([A-Za-z][\w-]*)\]")
_CORE_SHORTCODES = frozenset(
    {"audio", "caption", "embed", "gallery", "playlist", "video", "wp_caption", "youtube", "vimeo"}
)
# Shortcodes turned into blocks before the rest are stripped; any other one removed is reported by name.
_CONVERTED_SHORTCODES = frozenset({"caption", "wp_caption"})

# Embeds, rewritten before parsing as placeholder elements the body builder turns into blocks.
_EMBED_BLOCK = re.compile(
    r"<!-- wp:(?:core-)?embed(?:/[\w-]+)?\s*(\{.*?\})?\s*-->(.*?)<!-- /wp:(?:core-)?embed(?:/[\w-]+)? -->",
    re.DOTALL,
)
_EMBED_SHORTCODE = re.compile(r"(?<!\[)\[embed\b[^\]]*\](.*?)\[/embed\]", re.DOTALL | re.IGNORECASE)
# Jetpack's [youtube https://...] and [vimeo 12345] forms.
_PROVIDER_SHORTCODE = re.compile(r"(?<!\[)\[(youtube|vimeo)[=\s]+([^\]\s]+)[^\]]*\]", re.IGNORECASE)
_AV_SHORTCODE = re.compile(r"(?<!\[)\[(audio|video)\b([^\]]*)\](?:(.*?)\[/\1\])?", re.DOTALL | re.IGNORECASE)
_URL_ATTRIBUTE = re.compile(r"""\b(?:src|mp3|m4a|ogg|wav|wma|mp4|m4v|webm|ogv|wmv|flv)=(["'])(.*?)\1""")
_GALLERY_SHORTCODE = re.compile(r"(?<!\[)\[gallery\b([^\]]*)\]", re.IGNORECASE)
_IDS_ATTRIBUTE = re.compile(r"""\bids=(["']?)([\d,\s]*)\1""")
# A classic post's URL alone on its line, which WordPress turns into an embed (oEmbed).
_BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.MULTILINE)
_FIGCAPTION = re.compile(r"<figcaption[^>]*>(.*?)</figcaption>", re.DOTALL)
_BLOCK_COMMENT = re.compile(r"^\s*wp:([a-z][\w/-]*)")
# Block-editor blocks whose content this module converts; others are reported by name, their text kept.
_KNOWN_BLOCKS = frozenset(
    {"paragraph", "heading", "list", "list-item", "image", "quote", "pullquote", "table", "code"}
    | {"preformatted", "verse", "embed", "gallery", "audio", "video", "separator", "spacer", "more"}
    | {"nextpage", "group", "columns", "column", "html", "shortcode", "freeform", "buttons", "button"}
)

_SIZE_SUFFIX = re.compile(r"-(\d+)x(\d+)(\.[A-Za-z0-9]+)$")
_UPLOADS = "/wp-content/uploads/"


def is_block_editor_content(content: str) -> bool:
    return "<!-- wp:" in content


def html_to_body(content: str) -> list[BodyData]:
    """Convert a post's ``content:encoded`` into body blocks; see ``convert_post_html``."""
    return convert_post_html(content)[0]


def convert_post_html(content: str) -> tuple[list[BodyData], list[ImportNote]]:
    """Convert a post's ``content:encoded`` into body blocks, and say what the conversion changed.

    Each paragraph, heading and list becomes its own RichTextData. A paragraph whose text holds a phone
    number becomes PhoneCallData instead (its formatting is dropped). Images become ImageData, splitting the
    paragraph they sat in; tables, quotes, code, galleries and embeds become blocks of their own. Embeds
    are kept as links, never players. Every shortcode or editor block that is not converted, and every
    attribute or piece of formatting that can't be kept, is an ImportNote.
    """
    classic = not is_block_editor_content(content)
    notes: list[ImportNote] = []
    content = _media_to_placeholders(_captions_to_figures(content), classic=classic)
    removed: Counter = Counter()
    content = _strip_shortcodes(content, removed)
    for name, count in sorted(removed.items()):
        notes.append(
            ImportNote("unsupported shortcode", f"[{name}] removed ({count}×), the text it wrapped kept")
        )
    builder = _BodyBuilder(classic=classic, notes=notes)
    builder.feed(content)
    builder.close()
    return builder.finish(), notes


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment with entities decoded and whitespace collapsed."""
    extractor = _TextExtractor()
    extractor.feed(fragment)
    extractor.close()
    return _collapse("".join(extractor.parts))


def summarize_body(body: list[BodyData], limit: int = SUMMARY_LENGTH) -> str:
    """A summary from the body's paragraphs; headings, lists and captions don't read as a summary."""
    texts: list[str] = []
    length = 0
    for block in body:
        if isinstance(block, RichTextData) and block.html.startswith("<p>"):
            text = html_to_text(block.html)
        elif isinstance(block, PhoneCallData):
            text = joined_phone_call(block)
        else:
            continue
        texts.append(text)
        length += len(text) + 1
        if length > limit:
            break
    return summarize(" ".join(texts), limit)


def strip_shortcodes(content: str) -> str:
    """Remove shortcodes, keeping the text an enclosing shortcode wraps.

    Square brackets are also ordinary punctuation ("[sic]", "[Updated May 2020]"), so a bracketed word is
    only treated as a shortcode when it is a WordPress core one, has ``name=value`` attributes, has a
    closing ``[/name]`` tag or a name no prose would use (with ``-`` or ``_``). ``[[name]]`` is WordPress's
    escape for a literal ``[name]``.
    """
    return _strip_shortcodes(content, Counter())


def _strip_shortcodes(content: str, removed: Counter) -> str:
    """``strip_shortcodes``, counting in ``removed`` the shortcodes that were dropped, by name."""
    for match in _MEDIA_SHORTCODE.finditer(content):
        removed[match.group(1).lower()] += 1
    content = _MEDIA_SHORTCODE.sub("", content)
    closed = {name.lower() for name in _CLOSING_SHORTCODE.findall(content)}

    def replace(match: re.Match[str]) -> str:
        opening_escape, closing, name, attributes, closing_escape = match.groups()
        if opening_escape and closing_escape:
            return match.group(0)[1:-1]
        lowered = name.lower()
        is_shortcode = (
            closing
            or lowered in _CORE_SHORTCODES
            or lowered in closed
            or "=" in attributes
            or "-" in name
            or "_" in name
        )
        if not is_shortcode:
            return match.group(0)
        if not closing and lowered not in _CONVERTED_SHORTCODES:
            removed[lowered] += 1
        return opening_escape + closing_escape

    return _SHORTCODE.sub(replace, content)


def _media_to_placeholders(content: str, *, classic: bool) -> str:
    """Rewrite embeds and galleries as ``<x-media-link>``/``<x-gallery>`` elements the builder converts."""

    def link(url: str, title: str = "") -> str:
        url = html.unescape(url.strip())
        return f'<x-media-link href="{html.escape(url)}" title="{html.escape(title)}"></x-media-link>'

    def embed_block(match: re.Match[str]) -> str:
        try:
            attributes = json.loads(match.group(1) or "{}")
        except ValueError:
            attributes = {}
        inner = match.group(2)
        caption = _FIGCAPTION.search(inner)
        title = html_to_text(caption.group(1)) if caption else ""
        url = attributes.get("url") if isinstance(attributes, dict) else None
        if not url:
            found = re.search(r"https?://[^\s<>\"]+", inner)
            url = found.group(0) if found else ""
        return link(url, title) if url else ""

    def av_shortcode(match: re.Match[str]) -> str:
        attribute = _URL_ATTRIBUTE.search(match.group(2))
        url = attribute.group(2) if attribute else (match.group(3) or "").strip()
        if not url.startswith(("http://", "https://", "/")):
            return match.group(0)
        return link(url)

    def gallery(match: re.Match[str]) -> str:
        ids = _IDS_ATTRIBUTE.search(match.group(1))
        return f'<x-gallery ids="{ids.group(2) if ids else ""}"></x-gallery>'

    content = _EMBED_BLOCK.sub(embed_block, content)
    content = _EMBED_SHORTCODE.sub(lambda match: link(html_to_text(match.group(1))), content)
    content = _PROVIDER_SHORTCODE.sub(lambda match: _provider_link(match, link), content)
    content = _AV_SHORTCODE.sub(av_shortcode, content)
    content = _GALLERY_SHORTCODE.sub(gallery, content)
    if classic:
        content = _BARE_URL_LINE.sub(
            lambda match: (
                link(match.group(1)) if media_label(match.group(1), known_only=True) else match.group(0)
            ),
            content,
        )
    return content


def _provider_link(match: re.Match[str], link) -> str:
    provider, value = match.group(1).lower(), match.group(2)
    if value.isdigit() and provider == "vimeo":
        value = f"https://vimeo.com/{value}"
    elif not value.startswith(("http://", "https://")):
        value = f"https://www.youtube.com/watch?v={value}"
    return link(value)


def image_source(
    src: str, *, classes: frozenset[str] = frozenset(), width: str = "", height: str = ""
) -> str:
    """Where an ``<img src>`` points inside wp-content/uploads, e.g. ``2019/05/botox-injection.png``.

    WordPress inserts resized copies named ``name-300x200.png``; the original's path is returned for
    those so the image matches its attachment's ``_wp_attached_file``. An uploaded original may itself be
    named like that, so the suffix is only removed when the markup says the image is a resized copy: a
    ``size-medium``-style class (not ``size-full``) or width/height attributes equal to the suffix.
    Images hosted elsewhere keep their full URL.
    """
    try:
        path = unquote(urlsplit(src).path)
    except ValueError:
        return src
    start = path.find(_UPLOADS)
    if start != -1:
        relative = path[start + len(_UPLOADS) :]
    elif _is_wordpress_com_upload(src, path):
        relative = path.lstrip("/")
    else:
        return src
    suffix = _SIZE_SUFFIX.search(relative)
    if suffix and _is_resized_copy(suffix, classes, width, height):
        relative = relative[: suffix.start()] + suffix.group(3)
    return relative


def _is_wordpress_com_upload(src: str, path: str) -> bool:
    """``https://clinic.files.wordpress.com/2019/05/name.jpg``: WordPress.com keeps uploads at YYYY/MM/."""
    host = (urlsplit(src).hostname or "").lower()
    return host.endswith(".files.wordpress.com") and re.match(r"/\d{4}/\d{2}/[^/]+$", path) is not None


def _is_resized_copy(suffix: re.Match[str], classes: frozenset[str], width: str, height: str) -> bool:
    sizes = {name.removeprefix("size-") for name in classes if name.startswith("size-")}
    if "full" in sizes:
        return False
    if sizes:
        return True
    return (width.strip(), height.strip()) == (suffix.group(1), suffix.group(2))


def _captions_to_figures(content: str) -> str:
    """Rewrite ``[caption]`` as the figure/figcaption markup block-editor images already use."""

    def replace(match: re.Match[str]) -> str:
        attributes, inner = match.group(2), match.group(3)
        image = _CAPTIONED_IMAGE.match(inner)
        if image is None:
            return inner
        caption = image.group(2).strip()
        if not caption:
            attribute = _CAPTION_ATTRIBUTE.search(attributes)
            caption = attribute.group(2) if attribute else ""
        return f"<figure>{image.group(1)}<figcaption>{caption}</figcaption></figure>"

    return _CAPTION.sub(replace, content)


def _collapse(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _safe_href(href: str | None) -> str | None:
    href = (href or "").strip()
    if not href:
        return None
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return None
    return href if scheme in _LINK_SCHEMES else None


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._dropped = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self._dropped += 1
        elif tag in _BLOCKS or tag in _HEADINGS or tag in {"br", "li"}:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self._dropped = max(0, self._dropped - 1)
        elif tag in _BLOCKS or tag in _HEADINGS or tag == "li":
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._dropped:
            self.parts.append(data)


class _Figure:
    def __init__(self, classes: frozenset[str], first_block: int) -> None:
        self.classes = classes
        self.images: list[ImageData] = []
        self.caption: list[str] = []
        # Where the blocks built inside the figure start, for a caption that belongs to a table or embed.
        self.first_block = first_block

    @property
    def is_gallery(self) -> bool:
        return bool(self.classes & {"wp-block-gallery", "gallery", "blocks-gallery-grid"})


class _Table:
    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        # Per row, whether each cell was a <th>.
        self.header_cells: list[list[bool]] = []
        self.cell: list[str] | None = None
        self.caption: list[str] | None = None
        self.in_caption = False
        self.in_head = False
        self.head_rows = 0
        self.links = 0
        # A table inside a cell is flattened into that cell's text.
        self.depth = 1

    def start_row(self) -> None:
        self.end_cell()
        self.rows.append([])
        self.header_cells.append([])
        if self.in_head:
            self.head_rows += 1

    def start_cell(self, is_header: bool) -> None:
        self.end_cell()
        if not self.rows:
            self.start_row()
        self.cell = []
        self.header_cells[-1].append(is_header)

    def end_cell(self) -> None:
        if self.cell is not None:
            self.rows[-1].append(_collapse("".join(self.cell)))
            self.cell = None

    def data(self) -> TableData | None:
        self.end_cell()
        rows = [row for row in self.rows if row]
        header_flags = [flags for row, flags in zip(self.rows, self.header_cells, strict=True) if row]
        if not any(cell for row in rows for cell in row):
            return None
        width = max(len(row) for row in rows)
        padded = tuple(tuple(row + [""] * (width - len(row))) for row in rows)
        header = self.head_rows > 0 or all(header_flags[0])
        body_flags = header_flags[1:] if header else header_flags
        first_column = bool(body_flags) and all(flags and flags[0] for flags in body_flags)
        caption = _collapse("".join(self.caption or []))
        return TableData(rows=padded, header=header, first_column_header=first_column, caption=caption)


class _Quote:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.citation: list[str] = []
        self.cite_depth = 0
        self.links = 0
        self.depth = 1

    def data(self) -> QuoteData | None:
        paragraphs = [_collapse(part) for part in re.split(r"\n\s*\n", "".join(self.parts))]
        text = "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
        if not text:
            return None
        citation = _collapse("".join(self.citation)).lstrip("—–- ").strip()
        return QuoteData(text=text, citation=citation)


class _BodyBuilder(HTMLParser):
    """Walks post HTML once, building one block at a time.

    A block is opened lazily by the first text it holds, so the whitespace and newlines between
    block-level tags never produce empty paragraphs. Inline formatting still open when a paragraph is
    split (by an image or, in classic posts, a blank line) is reopened in the next paragraph. Tables,
    quotes and preformatted text are collected whole, each by its own small state, and become one block.
    """

    def __init__(self, *, classic: bool, notes: list[ImportNote] | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.classic = classic
        self.notes = notes if notes is not None else []
        self.blocks: list[BodyData] = []
        # "p", "h2".."h4", "list" or None between blocks.
        self._kind: str | None = None
        # ("text", str) | ("open", tag, href) | ("close", tag) | ("br",)
        self._tokens: list[tuple[str, ...]] = []
        self._inline: list[tuple[str, str]] = []
        # Open ul/ol/li elements of the current list, outermost first.
        self._list_stack: list[str] = []
        self._dropped = 0
        self._caption_depth = 0
        self._figures: list[_Figure] = []
        # Images met inside a heading, list, table or quote wait until it ends rather than splitting it.
        self._waiting_images: list[ImageData] = []
        self._table: _Table | None = None
        self._quote: _Quote | None = None
        self._pre: list[str] | None = None
        # An <audio>/<video> element without a src waits for its first <source>.
        self._media_waiting: str | None = None

    def finish(self) -> list[BodyData]:
        self._end_table()
        self._end_quote()
        self._end_pre()
        self._end_block()
        while self._figures:
            self._close_figure()
        return self.blocks

    def note(self, kind: str, detail: str) -> None:
        self.notes.append(ImportNote(kind, detail))

    def handle_comment(self, data: str) -> None:
        block = _BLOCK_COMMENT.match(data)
        if block is None:
            return
        name = block.group(1).removeprefix("core/")
        if name not in _KNOWN_BLOCKS and not name.startswith(("embed", "core-embed")):
            self.note("unsupported block", f"block “{name}” is not converted; its text was kept as prose")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("audio", "video", "iframe") or (tag == "source" and self._media_waiting):
            self._media_element(tag, attributes)
        if tag in _DROPPED:
            self._dropped += 1
        if self._dropped:
            return
        if tag == "x-media-link":
            link = _media_link(attributes.get("href") or "", attributes.get("title") or "")
            self._place_block(MediaLinkData(*link))
        elif tag == "x-gallery":
            self._gallery_shortcode(attributes.get("ids") or "")
        elif self._pre is not None:
            if tag == "br":
                self._pre.append("\n")
        elif tag == "pre":
            self._end_block()
            self._pre = []
        elif self._table is not None:
            self._table_tag(tag, attributes)
        elif tag == "table":
            self._end_block()
            self._table = _Table()
        elif self._quote is not None:
            self._quote_tag(tag, attributes)
        elif tag == "blockquote":
            self._end_block()
            self._quote = _Quote()
        else:
            self._flow_starttag(tag, attributes)

    def _flow_starttag(self, tag: str, attributes: dict[str, str | None]) -> None:
        if tag in _INLINE:
            self._open_inline(tag, attributes)
        elif tag == "br":
            self._line_break(from_newline=False)
        elif tag == "img":
            self._image(attributes)
        elif tag in _LISTS:
            self._open_list(tag, attributes)
        elif tag == "li":
            if self._kind == "list":
                if self._in_list_item():
                    # An unclosed <li> ends where the next one starts.
                    self._close_list_element("li")
                self._list_stack.append("li")
                self._inline = []
                self._tokens.append(("open", "li"))
        elif tag in _HEADINGS:
            if self._kind != "list":
                self._end_block()
                self._kind = _HEADINGS[tag]
        elif tag == "figure":
            if self._kind != "list" and self._kind not in _HEADING_KINDS:
                self._end_block()
            self._figures.append(
                _Figure(frozenset((attributes.get("class") or "").split()), first_block=len(self.blocks))
            )
        elif tag == "figcaption" and self._figures:
            self._caption_depth += 1
        elif tag in _BLOCKS or tag == "figcaption":
            self._block_boundary()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("audio", "video") and self._media_waiting == tag:
            self._media_waiting = None
            self.note("media dropped", f"an <{tag}> element with no address was dropped")
        if tag in _DROPPED:
            self._dropped = max(0, self._dropped - 1)
            return
        if self._dropped:
            return
        if self._pre is not None:
            if tag == "pre":
                self._end_pre()
        elif self._table is not None:
            self._table_end_tag(tag)
        elif self._quote is not None:
            self._quote_end_tag(tag)
        else:
            self._flow_endtag(tag)

    def _flow_endtag(self, tag: str) -> None:
        if tag in _INLINE:
            self._close_inline(_INLINE[tag])
        elif tag in _LISTS:
            if self._kind == "list" and tag in self._list_stack:
                self._close_list_element(tag)
                if not self._list_stack:
                    self._end_block()
        elif tag == "li":
            if self._kind == "list" and "li" in self._list_stack:
                self._close_list_element("li")
        elif tag in _HEADINGS:
            if self._kind in _HEADING_KINDS:
                self._end_block()
        elif tag == "figure":
            if self._figures:
                self._close_figure()
        elif tag == "figcaption" and self._caption_depth:
            self._caption_depth -= 1
        elif tag in _BLOCKS or tag == "figcaption":
            self._block_boundary()

    def handle_data(self, data: str) -> None:
        if self._dropped:
            return
        if self._pre is not None:
            self._pre.append(data)
            return
        data = data.replace("\xa0", " ")
        if self._table is not None:
            if self._table.in_caption:
                self._table.caption.append(data)
            elif self._table.cell is not None:
                self._table.cell.append(data)
            return
        if self._quote is not None:
            quote = self._quote
            (quote.citation if quote.cite_depth else quote.parts).append(data)
            return
        if self._caption_depth:
            self._figures[-1].caption.append(data)
            return
        if not self.classic:
            self._add_text(data)
            return
        # wpautop: a blank line separates paragraphs, a single newline is a line break.
        for index, chunk in enumerate(_BLANK_LINE.split(data)):
            if index:
                self._paragraph_break()
            for line_index, line in enumerate(chunk.split("\n")):
                if line_index:
                    self._line_break(from_newline=True)
                self._add_text(line)

    # Tables, quotes, preformatted text, media

    def _table_tag(self, tag: str, attributes: dict[str, str | None]) -> None:
        table = self._table
        if tag == "table":
            table.depth += 1
        elif tag == "tr" and table.depth == 1:
            table.start_row()
        elif tag in ("td", "th") and table.depth == 1:
            table.start_cell(tag == "th")
        elif tag == "thead":
            table.in_head = True
        elif tag == "caption":
            table.in_caption = True
            table.caption = []
        elif tag == "br" and table.cell is not None:
            table.cell.append(" ")
        elif tag == "img":
            self._image(attributes)
        elif tag == "a" and attributes.get("href"):
            table.links += 1

    def _table_end_tag(self, tag: str) -> None:
        table = self._table
        if tag == "table":
            table.depth -= 1
            if not table.depth:
                self._end_table()
        elif tag in ("td", "th") and table.depth == 1:
            table.end_cell()
        elif tag == "thead":
            table.in_head = False
        elif tag == "caption":
            table.in_caption = False
        elif tag in ("p", "div", "li") and table.cell is not None:
            table.cell.append(" ")

    def _end_table(self) -> None:
        table, self._table = self._table, None
        if table is None:
            return
        data = table.data()
        if table.links:
            self.note("table links kept as text", f"{table.links} link(s) in a table kept as plain text")
        if data is not None:
            self.blocks.append(data)
        self._release_waiting_images()

    def _quote_tag(self, tag: str, attributes: dict[str, str | None]) -> None:
        quote = self._quote
        if tag == "blockquote":
            quote.depth += 1
        elif tag == "cite":
            quote.cite_depth += 1
        elif tag == "br":
            quote.parts.append("\n")
        elif tag in _BLOCKS or tag in _HEADINGS or tag in _LISTS or tag == "li":
            (quote.citation if quote.cite_depth else quote.parts).append("\n\n")
        elif tag == "img":
            self._image(attributes)
        elif tag == "a" and attributes.get("href"):
            quote.links += 1

    def _quote_end_tag(self, tag: str) -> None:
        quote = self._quote
        if tag == "blockquote":
            quote.depth -= 1
            if not quote.depth:
                self._end_quote()
        elif tag == "cite" and quote.cite_depth:
            quote.cite_depth -= 1
        elif tag in _BLOCKS or tag in _HEADINGS:
            quote.parts.append("\n\n")

    def _end_quote(self) -> None:
        quote, self._quote = self._quote, None
        if quote is None:
            return
        if quote.links:
            self.note("quote links kept as text", f"{quote.links} link(s) in a quote kept as plain text")
        data = quote.data()
        if data is not None:
            self.blocks.append(data)
        self._release_waiting_images()

    def _end_pre(self) -> None:
        parts, self._pre = self._pre, None
        if parts is None:
            return
        # A browser ignores the newline right after <pre>; trailing blank lines show nothing either.
        text = "".join(parts).removeprefix("\r").removeprefix("\n").rstrip()
        if text.strip():
            self.blocks.append(PreformattedData(text))

    def _media_element(self, tag: str, attributes: dict[str, str | None]) -> None:
        src = (attributes.get("src") or "").strip()
        if tag == "source":
            if src:
                self._media_waiting = None
                self._media_link_block(src)
        elif src:
            self._media_link_block(src)
        elif tag in ("audio", "video"):
            self._media_waiting = tag

    def _media_link_block(self, url: str) -> None:
        link = MediaLinkData(*_media_link(url, ""))
        # A player pointing nowhere useful (a relative or script address) has nothing to link to.
        if urlsplit(link.url).scheme in ("http", "https"):
            self._place_block(link)

    def _place_block(self, block: BodyData) -> None:
        if isinstance(block, MediaLinkData):
            if not block.url:
                self.note("media dropped", "an embed with no address was dropped")
                return
            self.note("embed made a link", f"{block.url} is now a link (“{block.label}”), not a player")
        if self._kind == "list" or self._kind in _HEADING_KINDS:
            self._end_block()
        else:
            self._split_paragraph()
        self.blocks.append(block)

    def _gallery_shortcode(self, ids: str) -> None:
        numbers = [int(number) for number in re.findall(r"\d+", ids)]
        if not numbers:
            self.note(
                "gallery not imported",
                "a [gallery] without ids (the post's attached images) was not imported",
            )
            return
        images = tuple(ImageData(source="", alt="", attachment_id=number) for number in numbers)
        self._place_block(GalleryData(images=images))

    def _release_waiting_images(self) -> None:
        self.blocks.extend(self._waiting_images)
        self._waiting_images = []

    # Blocks

    def _block_boundary(self) -> None:
        # Block markup inside a list item or heading is unwrapped, keeping the list or heading whole.
        if self._kind == "list" or self._kind in _HEADING_KINDS:
            return
        self._end_block()

    def _end_block(self) -> None:
        self._emit(self._kind, self._tokens)
        self._kind = None
        self._tokens = []
        self._inline = []
        self._list_stack = []
        self.blocks.extend(self._waiting_images)
        self._waiting_images = []

    def _paragraph_break(self) -> None:
        if self._kind == "p":
            self._split_paragraph()
        else:
            self._line_break(from_newline=True)

    def _split_paragraph(self) -> None:
        """End the current paragraph but keep its open inline tags for the next one."""
        inline = self._inline
        self._end_block()
        self._inline = inline

    def _start_paragraph(self) -> None:
        self._kind = "p"
        self._tokens = [("open", name, href) for name, href in self._inline]

    def _open_list(self, tag: str, attributes: dict[str, str | None]) -> None:
        if tag == "ol":
            dropped = [
                f"start={attributes['start']}" if (attributes.get("start") or "1").strip() != "1" else "",
                "reversed" if "reversed" in attributes else "",
            ]
            dropped = [attribute for attribute in dropped if attribute]
            if dropped:
                self.note(
                    "list numbering changed",
                    f"an ordered list's {' and '.join(dropped)} was not kept: it is numbered from 1",
                )
        if self._kind != "list":
            self._end_block()
            self._kind = "list"
        self._list_stack.append(tag)
        self._tokens.append(("open", tag))

    def _close_list_element(self, tag: str) -> None:
        # Closing a list also closes the items left open inside it, as _render does for their markup.
        while self._list_stack.pop() != tag:
            pass
        self._tokens.append(("close", tag))

    def _in_list_item(self) -> bool:
        return bool(self._list_stack) and self._list_stack[-1] == "li"

    def _add_text(self, text: str) -> None:
        if not text:
            return
        if self._kind is None:
            if not text.strip():
                return
            self._start_paragraph()
        elif self._kind == "list" and not self._in_list_item() and not text.strip():
            return
        self._tokens.append(("text", text))

    def _line_break(self, *, from_newline: bool) -> None:
        if self._kind is None or (self._kind == "list" and not self._in_list_item()):
            return
        if from_newline and self._last_token_is_break():
            # wpautop doesn't double the break when a <br /> already ends the line.
            return
        self._tokens.append(("br",))

    def _last_token_is_break(self) -> bool:
        for token in reversed(self._tokens):
            if token[0] == "text" and not token[1].strip():
                continue
            return token[0] == "br"
        return False

    # Inline formatting

    def _open_inline(self, tag: str, attributes: dict[str, str | None]) -> None:
        name = _INLINE[tag]
        href = ""
        if name == "a":
            href = _safe_href(attributes.get("href")) or ""
            if not href or any(open_name == "a" for open_name, _ in self._inline):
                return
        self._inline.append((name, href))
        if self._kind is not None:
            self._tokens.append(("open", name, href))

    def _close_inline(self, name: str) -> None:
        if not any(open_name == name for open_name, _ in self._inline):
            return
        while self._inline:
            open_name, _ = self._inline.pop()
            if self._kind is not None:
                self._tokens.append(("close", open_name))
            if open_name == name:
                break

    # Images

    def _image(self, attributes: dict[str, str | None]) -> None:
        src = (attributes.get("src") or "").strip()
        if not src or src.startswith("data:"):
            # Lazy-loading plugins keep the real address aside and put a placeholder in src.
            src = (attributes.get("data-lazy-src") or attributes.get("data-src") or "").strip()
        if not src or src.startswith("data:"):
            return
        classes = set((attributes.get("class") or "").split())
        for figure in self._figures:
            classes |= figure.classes
        image = ImageData(
            source=image_source(
                src,
                classes=frozenset(classes),
                width=attributes.get("width") or "",
                height=attributes.get("height") or "",
            ),
            alt=_collapse(attributes.get("alt") or ""),
        )
        if self._figures and self._table is None and self._quote is None:
            self._figures[-1].images.append(image)
        else:
            self._place_image(image)

    def _place_image(self, image: ImageData) -> None:
        if self._kind == "list" or self._kind in _HEADING_KINDS or self._table or self._quote:
            self._waiting_images.append(image)
        else:
            self._split_paragraph()
            self.blocks.append(image)

    def _close_figure(self) -> None:
        figure = self._figures.pop()
        self._caption_depth = 0
        caption = _collapse("".join(figure.caption))
        images = [
            image if image.caption or not caption else ImageData(image.source, image.alt, caption)
            for image in figure.images
        ]
        if figure.is_gallery and figure.images:
            self._place_block(GalleryData(images=tuple(figure.images), caption=caption))
            return
        if self._figures:
            self._figures[-1].images.extend(images)
            return
        for image in images:
            self._place_image(image)
        if not images and caption and self._caption_figure_block(figure, caption):
            return
        if not images and caption:
            # A captioned table or embed: keep the caption as prose, after what the figure held.
            self._block_boundary()
            self._emit("p", [("text", caption)])

    def _caption_figure_block(self, figure: _Figure, caption: str) -> bool:
        """Give a figure's caption to the table or embed it held; False when it held neither."""
        for index in range(len(self.blocks) - 1, figure.first_block - 1, -1):
            block = self.blocks[index]
            if isinstance(block, TableData) and not block.caption:
                self.blocks[index] = dataclasses.replace(block, caption=caption)
                return True
            if isinstance(block, MediaLinkData) and not block.title:
                self.blocks[index] = dataclasses.replace(block, title=caption)
                return True
        return False

    # Output

    def _emit(self, kind: str | None, tokens: list[tuple[str, ...]]) -> None:
        if kind is None or not tokens:
            return
        inner, text = _render(tokens)
        if not _collapse(text):
            return
        if kind == "p":
            phone_call = split_phone_call(_collapse(text))
            if phone_call is not None:
                self.blocks.append(phone_call)
                return
        markup = inner if kind == "list" else f"<{kind}>{inner}</{kind}>"
        self.blocks.append(RichTextData(_tidy(markup)))


def _media_link(url: str, title: str) -> tuple[str, str, str]:
    """MediaLinkData's fields for an embed's address: protocol-relative addresses get https."""
    url = url.strip()
    if url.startswith("//"):
        url = f"https:{url}"
    return url, media_label(url) or "", title


def _render(tokens: list[tuple[str, ...]]) -> tuple[str, str]:
    """HTML and plain text for a block's tokens, closing whatever was left open."""
    markup: list[str] = []
    text: list[str] = []
    open_tags: list[str] = []
    for token in tokens:
        if token[0] == "text":
            markup.append(html.escape(token[1], quote=False))
            text.append(token[1])
        elif token[0] == "br":
            markup.append("<br/>")
            text.append("\n")
        elif token[0] == "open":
            name = token[1]
            open_tags.append(name)
            if name == "a":
                markup.append(f'<a href="{html.escape(token[2])}">')
            else:
                markup.append(f"<{name}>")
            if name == "li":
                text.append("\n")
        elif token[1] in open_tags:
            while open_tags:
                name = open_tags.pop()
                markup.append(f"</{name}>")
                if name == token[1]:
                    break
    markup.extend(f"</{name}>" for name in reversed(open_tags))
    return "".join(markup), "".join(text)


_STRUCTURE = r"(?:<br/>|</?(?:p|h2|h3|h4|ul|ol|li)>)"
_EMPTY_INLINE = re.compile(r"<(b|i|a|sup|sub|s)\b[^>]*>( ?)</\1>")
_SPACE_AROUND_STRUCTURE = re.compile(rf" ?({_STRUCTURE}) ?")
# Breaks at the start or end of a block, also when formatting sits between: "<p><b>Title<br/></b></p>".
_LEADING_BREAKS = re.compile(r"(<(?:p|h2|h3|h4|li)>)((?:<(?:b|i|sup|sub|s)>|<a\b[^>]*>)*)(?:<br/>)+")
_TRAILING_BREAKS = re.compile(r"(?:<br/>)+((?:</(?:b|i|a|sup|sub|s)>)*)(</(?:p|h2|h3|h4|li)>|<(?:ul|ol)>)")
_EMPTY_ITEM = re.compile(r"<li></li>")
# A space just inside formatting at the edge of a block: "<p><b> Before </b></p>".
_SPACE_BEFORE_CLOSING = re.compile(rf" ((?:</(?:b|i|a|sup|sub|s)>)+)(?={_STRUCTURE})")
_SPACE_AFTER_OPENING = re.compile(rf"({_STRUCTURE})((?:<(?:b|i|sup|sub|s)>|<a\b[^>]*>)+) ")


def _tidy(markup: str) -> str:
    """Collapse whitespace the way a browser would and drop breaks and tags that wrap nothing."""
    markup = _SPACE.sub(" ", markup).strip()
    previous = None
    while previous != markup:
        previous = markup
        markup = _EMPTY_INLINE.sub(r"\2", markup)
        markup = _SPACE_AROUND_STRUCTURE.sub(r"\1", markup)
        markup = _LEADING_BREAKS.sub(r"\1\2", markup)
        markup = _TRAILING_BREAKS.sub(r"\1\2", markup)
        markup = _EMPTY_ITEM.sub("", markup)
        markup = _SPACE_BEFORE_CLOSING.sub(r"\1", markup)
        markup = _SPACE_AFTER_OPENING.sub(r"\1\2", markup)
    return markup
