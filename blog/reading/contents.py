"""An article's contents list: its h2 headings, each given an id for the list to link to.

Headings live inside the body's rich-text paragraphs, so the ids are added when a paragraph is rendered
(``article_body.render_body``), from the anchors worked out here for the whole body at once: each
is unique in the page even when two headings say the same thing.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.text import slugify

# A list for one or two headings is longer than the way it saves; NHS health pages start at three too.
MIN_HEADINGS = 3
# Ids the page itself uses (base.html, the contents list, related articles): a heading never takes one.
PAGE_IDS = frozenset({"main", "contents-heading", "related-heading", "references-heading"})
H2_START_TAG = re.compile(r"<h2(\s[^>]*)?>", re.IGNORECASE)
ID_ATTRIBUTE = re.compile(r"""\sid\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


class _H2Texts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self._open = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self._open = []

    def handle_endtag(self, tag):
        if tag == "h2" and self._open is not None:
            self.texts.append(" ".join("".join(self._open).split()))
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open.append(data)


def h2_texts(html):
    parser = _H2Texts()
    parser.feed(html)
    parser.close()
    return parser.texts


@dataclass(frozen=True)
class ContentsEntry:
    anchor: str
    text: str


@dataclass
class ArticleContents:
    entries: list[ContentsEntry] = field(default_factory=list)
    # The anchors of each paragraph's h2 headings in order (None for an empty one), by the paragraph's
    # stream block id.
    anchors_by_block: dict[str, list[str | None]] = field(default_factory=dict)

    @property
    def shown(self):
        return len(self.entries) >= MIN_HEADINGS

    def with_heading_ids(self, block_id, html):
        """``html``, a rendered paragraph, with each h2 carrying its anchor as id (any id it had replaced)."""
        anchors = iter(self.anchors_by_block.get(block_id, ()))

        def add_id(match):
            anchor = next(anchors, None)
            if anchor is None:
                return match.group(0)
            attributes = ID_ATTRIBUTE.sub("", match.group(1) or "")
            return f'<h2 id="{anchor}"{attributes}>'

        return H2_START_TAG.sub(add_id, html)


def article_contents(body):
    """The contents of ``body`` (an article's StreamField value): its paragraphs' h2 headings."""
    contents, used = ArticleContents(), set(PAGE_IDS)
    for block in body:
        if block.block_type != "paragraph":
            continue
        anchors = []
        for text in h2_texts(block.value.source):
            if not text:  # an empty heading keeps its place in the paragraph's order, without an entry
                anchors.append(None)
                continue
            base = slugify(text)[:60].strip("-") or "section"
            anchor, number = base, 1
            while anchor in used:
                number += 1
                anchor = f"{base}-{number}"
            used.add(anchor)
            anchors.append(anchor)
            contents.entries.append(ContentsEntry(anchor, text))
        if any(anchors):
            contents.anchors_by_block[block.id] = anchors
    return contents
