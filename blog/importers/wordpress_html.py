"""Turn the HTML WordPress stores for a post into body blocks.

WordPress keeps two kinds of post content. Block-editor posts are real HTML wrapped in ``<!-- wp:... -->``
comments. Classic-editor posts are text with a little HTML where WordPress adds the paragraphs only when
it displays the post (``wpautop``): a blank line starts a new paragraph and a single newline is a line
break. Both also contain shortcodes (``[caption]``, ``[gallery]``, plugin ones) that mean nothing outside
WordPress.
"""

import html
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from .article_data import BodyData, ImageData, PhoneCallData, RichTextData
from .phone_calls import split_phone_call
from .summaries import SUMMARY_LENGTH, summarize

_HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
_HEADING_KINDS = frozenset(_HEADINGS.values())
_INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i", "a": "a"}
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

_SIZE_SUFFIX = re.compile(r"-(\d+)x(\d+)(\.[A-Za-z0-9]+)$")
_UPLOADS = "/wp-content/uploads/"


def is_block_editor_content(content: str) -> bool:
    return "<!-- wp:" in content


def html_to_body(content: str) -> list[BodyData]:
    """Convert a post's ``content:encoded`` into rich-text, image and phone-call blocks.

    Each paragraph, heading and list becomes its own RichTextData. A paragraph whose text holds a phone
    number becomes PhoneCallData instead (its formatting is dropped). Images become ImageData, splitting the
    paragraph they sat in.
    """
    classic = not is_block_editor_content(content)
    content = strip_shortcodes(_captions_to_figures(content))
    builder = _BodyBuilder(classic=classic)
    builder.feed(content)
    builder.close()
    return builder.finish()


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
            text = " ".join(part for part in (block.lead_in, block.phone_number, block.trailing_text) if part)
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
        return opening_escape + closing_escape

    return _SHORTCODE.sub(replace, content)


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
    if start == -1:
        return src
    relative = path[start + len(_UPLOADS) :]
    suffix = _SIZE_SUFFIX.search(relative)
    if suffix and _is_resized_copy(suffix, classes, width, height):
        relative = relative[: suffix.start()] + suffix.group(3)
    return relative


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
    def __init__(self, classes: frozenset[str]) -> None:
        self.classes = classes
        self.images: list[ImageData] = []
        self.caption: list[str] = []


class _BodyBuilder(HTMLParser):
    """Walks post HTML once, building one block at a time.

    A block is opened lazily by the first text it holds, so the whitespace and newlines between
    block-level tags never produce empty paragraphs. Inline formatting still open when a paragraph is
    split (by an image or, in classic posts, a blank line) is reopened in the next paragraph.
    """

    def __init__(self, *, classic: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.classic = classic
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
        # Images met inside a heading or list wait until it ends rather than splitting it.
        self._waiting_images: list[ImageData] = []

    def finish(self) -> list[BodyData]:
        self._end_block()
        while self._figures:
            self._close_figure()
        return self.blocks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self._dropped += 1
        if self._dropped:
            return
        attributes = dict(attrs)
        if tag in _INLINE:
            self._open_inline(tag, attributes)
        elif tag == "br":
            self._line_break(from_newline=False)
        elif tag == "img":
            self._image(attributes)
        elif tag in _LISTS:
            self._open_list(tag)
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
            self._figures.append(_Figure(frozenset((attributes.get("class") or "").split())))
        elif tag == "figcaption" and self._figures:
            self._caption_depth += 1
        elif tag in _BLOCKS or tag == "figcaption":
            self._block_boundary()

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self._dropped = max(0, self._dropped - 1)
            return
        if self._dropped:
            return
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
        data = data.replace("\xa0", " ")
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

    def _open_list(self, tag: str) -> None:
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
        if self._figures:
            self._figures[-1].images.append(image)
        else:
            self._place_image(image)

    def _place_image(self, image: ImageData) -> None:
        if self._kind == "list" or self._kind in _HEADING_KINDS:
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
        if self._figures:
            self._figures[-1].images.extend(images)
            return
        for image in images:
            self._place_image(image)
        if not images and caption:
            # A captioned table or embed: keep the caption as prose, after what the figure held.
            self._block_boundary()
            self._emit("p", [("text", caption)])

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
_EMPTY_INLINE = re.compile(r"<(b|i|a)\b[^>]*>( ?)</\1>")
_SPACE_AROUND_STRUCTURE = re.compile(rf" ?({_STRUCTURE}) ?")
# Breaks at the start or end of a block, also when formatting sits between: "<p><b>Title<br/></b></p>".
_LEADING_BREAKS = re.compile(r"(<(?:p|h2|h3|h4|li)>)((?:<(?:b|i)>|<a\b[^>]*>)*)(?:<br/>)+")
_TRAILING_BREAKS = re.compile(r"(?:<br/>)+((?:</(?:b|i|a)>)*)(</(?:p|h2|h3|h4|li)>|<(?:ul|ol)>)")
_EMPTY_ITEM = re.compile(r"<li></li>")
# A space just inside formatting at the edge of a block: "<p><b> Before </b></p>".
_SPACE_BEFORE_CLOSING = re.compile(rf" ((?:</(?:b|i|a)>)+)(?={_STRUCTURE})")
_SPACE_AFTER_OPENING = re.compile(rf"({_STRUCTURE})((?:<(?:b|i)>|<a\b[^>]*>)+) ")


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
