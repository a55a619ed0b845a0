"""Read a WordPress eXtended RSS export (WXR 1.0, 1.1, 1.2) one item at a time.

``iter_export`` streams the file: each ``<item>`` is parsed, converted and then dropped from the tree, so
memory stays flat however many posts the export holds. It yields one WordPressSite first (the channel's
authors, categories and tags, which WordPress writes before the items), then a WordPressItem per item.

Categories are flattened: an article gets every category it was filed under, each standing alone.
The hierarchy is only reported on WordPressSite.categories (``parent_slug``), for information.
"""

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from os import PathLike
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError
from xml.parsers.expat import errors as expat_errors

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml import ElementTree as DefusedElementTree

from django.utils.text import slugify

from .article_data import ArticleData, AuthorData, CategoryData, ImageData, ImportNote
from .summaries import summarize
from .wordpress_html import convert_post_html, html_to_text, image_source, summarize_body

# Namespace URI -> version. Exports in the wild spell it with http or https, with or without "www.".
WXR_VERSIONS = {
    f"{scheme}://{host}wordpress.org/export/{version}/": version
    for scheme in ("http", "https")
    for host in ("", "www.")
    for version in ("1.0", "1.1", "1.2")
}
_PREFIXES = {
    **dict.fromkeys(WXR_VERSIONS, "wp"),
    **{f"{uri}excerpt/": "excerpt" for uri in WXR_VERSIONS},
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}

# WordPress status -> ArticleData.status. Other statuses are not imported.
ARTICLE_STATUSES = {"publish": "live", "draft": "draft", "pending": "draft", "future": "scheduled"}
_SKIPPED_STATUSES = {"private": "private post", "trash": "trashed post"}
# WordPress writes this for "no date", e.g. the GMT date of a draft that was never published.
_NO_DATE = "0000-00-00 00:00:00"


class WordPressExportError(Exception):
    """The file can't be read as a WordPress export at all; the message is one readable line."""


@dataclass(frozen=True)
class WordPressAuthor:
    login: str
    display_name: str
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    # WordPress's user ID, which ``/?author=ID`` addresses used.
    author_id: int | None = None

    def as_author_data(self) -> AuthorData:
        return AuthorData(login=self.login, display_name=self.display_name, email=self.email)


@dataclass(frozen=True)
class WordPressCategory:
    name: str
    slug: str
    parent_slug: str = ""
    # WordPress's term ID, which ``/?cat=ID`` addresses used.
    term_id: int | None = None


@dataclass(frozen=True)
class WordPressTag:
    name: str
    slug: str


@dataclass
class WordPressSite:
    """The channel-level part of the export, complete before the first item."""

    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""
    language: str = ""
    # By login, the value of each item's dc:creator.
    authors: dict[str, WordPressAuthor] = field(default_factory=dict)
    categories: list[WordPressCategory] = field(default_factory=list)
    tags: list[WordPressTag] = field(default_factory=list)


@dataclass
class WordPressItem:
    """One ``<item>``: a post, page, attachment, menu item...

    Exactly one of these holds for each item: ``article`` is set (a post or page to import), ``error`` is
    set (a post that couldn't be read; the rest of the export still is), or ``skip_reason`` says why the
    item isn't imported (its type or status). Attachments are skipped as articles but carry
    ``attachment_url`` and ``attachment_file``, the path under wp-content/uploads that ImageData.source
    refers to.
    """

    post_id: int | None
    post_type: str
    # As WordPress wrote it: publish, draft, pending, future, private, trash, inherit...
    status: str
    title: str
    article: ArticleData | None = None
    skip_reason: str | None = None
    error: str | None = None
    # All comments WordPress exported for the item, whatever their approval; they are not imported.
    comment_count: int = 0
    attachment_url: str = ""
    attachment_file: str = ""
    # The attachment's alt text as set in the media library (``_wp_attachment_image_alt``).
    attachment_alt: str = ""


class _InvalidItem(ValueError):
    """A field of one item can't be read; that item is reported, the others continue."""


def iter_export(source: str | PathLike[str] | BinaryIO) -> Iterator[WordPressSite | WordPressItem]:
    """Yield the export's WordPressSite, then a WordPressItem per ``<item>``, reading as it goes.

    ``source`` is a path or a binary file. Raises WordPressExportError when the file is not XML, is not a
    WordPress export, or declares entities (which could read local files or expand without bound). A
    syntax error part-way through is only found when the reader gets there, after the items before it
    have been yielded: read the whole export once before writing anything if that matters.
    """
    if hasattr(source, "read"):
        name = Path(getattr(source, "name", "") or "export").name
        yield from _ExportReader(name).read(source)
        return
    path = Path(source)
    try:
        with path.open("rb") as file:
            yield from _ExportReader(path.name).read(file)
    except OSError as error:
        raise WordPressExportError(f"{path.name} can't be read: {error.strerror or error}") from error


def _events(source: BinaryIO, name: str) -> Iterator[tuple[str, Any]]:
    """defusedxml's iterparse events, with its errors turned into one-line WordPressExportErrors."""
    try:
        yield from DefusedElementTree.iterparse(source, events=("start-ns", "start", "end"))
    except EntitiesForbidden as error:
        raise WordPressExportError(
            f"{name} is not a WordPress export: entity declarations are not allowed (found {error.name!r})"
        ) from None
    except (ExternalReferenceForbidden, DTDForbidden):
        raise WordPressExportError(
            f"{name} is not a WordPress export: external references are not allowed"
        ) from None
    except ParseError as error:
        line, column = error.position
        reason = expat_errors.messages.get(error.code, "syntax error")
        raise WordPressExportError(
            f"{name} is not well-formed XML: {reason} at line {line}, column {column + 1}"
        ) from None


def _short_name(tag: str) -> str:
    """Tag name with one prefix per namespace whatever the WXR version, e.g. ``wp:post_id``."""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    prefix = _PREFIXES.get(uri)
    return f"{prefix}:{local}" if prefix else tag


def _text(element: Element) -> str:
    return (element.text or "").strip()


def _fields(element: Element) -> dict[str, str]:
    """Text of each direct child, by short name; the first wins when a name repeats."""
    fields: dict[str, str] = {}
    for child in element:
        fields.setdefault(_short_name(child.tag), child.text or "")
    return fields


class _ExportReader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.site = WordPressSite()
        self.namespaces: set[str] = set()

    def read(self, source: BinaryIO) -> Iterator[WordPressSite | WordPressItem]:
        # Open elements from the root down; the channel's children are handled and dropped as each ends.
        stack: list[Element] = []
        channel: Element | None = None
        site_sent = False
        for event, payload in _events(source, self.name):
            if event == "start-ns":
                self.namespaces.add(payload[1])
                continue
            if event == "start":
                stack.append(payload)
                if len(stack) == 1 and _short_name(payload.tag) != "rss":
                    local = payload.tag.rpartition("}")[2]
                    raise WordPressExportError(
                        f"{self.name} is not a WordPress export: its root element is <{local}>, not <rss>"
                    )
                if len(stack) == 2 and payload.tag == "channel" and channel is None:
                    channel = payload
                elif len(stack) == 3 and stack[1] is channel and payload.tag == "item" and not site_sent:
                    site_sent = True
                    yield self._checked_site()
                continue
            element = stack.pop()
            if channel is not None and len(stack) == 2 and stack[1] is channel:
                if element.tag == "item":
                    yield self._item(element)
                else:
                    self._channel_element(element)
                channel.remove(element)
            elif element is channel and not site_sent:
                site_sent = True
                yield self._checked_site()
        if channel is None:
            raise WordPressExportError(f"{self.name} is not a WordPress export: it has no <channel>")

    def _checked_site(self) -> WordPressSite:
        versions = sorted(WXR_VERSIONS[uri] for uri in self.namespaces if uri in WXR_VERSIONS)
        if not versions:
            if any(re.match(r"https?://(www\.)?wordpress\.org/export/", uri) for uri in self.namespaces):
                raise WordPressExportError(
                    f"{self.name} uses an unsupported WXR version (1.0 to 1.2 are read)"
                )
            raise WordPressExportError(
                f"{self.name} is not a WordPress export: it has no WordPress (WXR) namespace"
            )
        if not self.site.wxr_version:
            self.site.wxr_version = versions[-1]
        return self.site

    def _channel_element(self, element: Element) -> None:
        name = _short_name(element.tag)
        site = self.site
        if name in ("title", "link", "language"):
            setattr(site, name, _text(element))
        elif name in ("wp:wxr_version", "wp:base_site_url", "wp:base_blog_url"):
            setattr(site, name.removeprefix("wp:"), _text(element))
        elif name == "wp:author":
            fields = {key: value.strip() for key, value in _fields(element).items()}
            login = fields.get("wp:author_login", "")
            if login:
                site.authors[login] = WordPressAuthor(
                    login=login,
                    display_name=html.unescape(fields.get("wp:author_display_name", "")) or login,
                    email=fields.get("wp:author_email", ""),
                    first_name=html.unescape(fields.get("wp:author_first_name", "")),
                    last_name=html.unescape(fields.get("wp:author_last_name", "")),
                    author_id=_number(fields.get("wp:author_id", "")),
                )
        elif name == "wp:category":
            fields = _fields(element)
            category_name = html.unescape(fields.get("wp:cat_name", "").strip())
            slug = unquote(fields.get("wp:category_nicename", "").strip())
            site.categories.append(
                WordPressCategory(
                    name=category_name,
                    slug=slug or slugify(category_name),
                    parent_slug=unquote(fields.get("wp:category_parent", "").strip()),
                    term_id=_number(fields.get("wp:term_id", "")),
                )
            )
        elif name == "wp:tag":
            fields = _fields(element)
            tag_name = html.unescape(fields.get("wp:tag_name", "").strip())
            slug = unquote(fields.get("wp:tag_slug", "").strip())
            site.tags.append(WordPressTag(name=tag_name, slug=slug or slugify(tag_name)))

    def _item(self, element: Element) -> WordPressItem:
        fields = _fields(element)
        title = html_to_text(fields.get("title", ""))
        post_type = fields.get("wp:post_type", "").strip() or "post"
        status = fields.get("wp:status", "").strip()
        comment_count = sum(1 for child in element if _short_name(child.tag) == "wp:comment")
        item = WordPressItem(
            post_id=None, post_type=post_type, status=status, title=title, comment_count=comment_count
        )
        raw_id = fields.get("wp:post_id", "").strip()
        if not re.fullmatch(r"[0-9]+", raw_id):
            item.error = f"{post_type} {title!r} has no valid wp:post_id (found {raw_id!r})"
            return item
        item.post_id = int(raw_id)

        if post_type == "attachment":
            item.skip_reason = "attachment"
            item.attachment_url = fields.get("wp:attachment_url", "").strip()
            meta = _post_meta(element)
            # Exports made without the metadata still have the file's address.
            uploaded = image_source(item.attachment_url) if item.attachment_url else ""
            item.attachment_file = meta.get("_wp_attached_file", "").strip() or (
                uploaded if uploaded != item.attachment_url else ""
            )
            item.attachment_alt = html_to_text(meta.get("_wp_attachment_image_alt", ""))
        elif post_type not in ("post", "page"):
            item.skip_reason = f"post type {post_type!r} is not imported"
        elif status in _SKIPPED_STATUSES:
            item.skip_reason = _SKIPPED_STATUSES[status]
        elif status not in ARTICLE_STATUSES:
            item.skip_reason = f"status {status!r} is not imported"
        elif fields.get("wp:post_password", "").strip():
            # Its content was meant for the few who had the password, so it must not go live.
            item.skip_reason = "password-protected post"
        else:
            try:
                item.article = self._article(item.post_id, title, status, fields, element, post_type)
            except _InvalidItem as error:
                item.error = f"post {item.post_id} ({title!r}): {error}"
        return item

    def _article(
        self,
        post_id: int,
        title: str,
        status: str,
        fields: dict[str, str],
        element: Element,
        post_type: str = "post",
    ) -> ArticleData:
        categories, tags = _terms(element)
        content = fields.get("content:encoded", "")
        body, notes = convert_post_html(content)
        summary = summarize(html_to_text(fields.get("excerpt:encoded", ""))) or summarize_body(body)
        published_at = _date(fields, "wp:post_date_gmt", "wp:post_date")
        if not title:
            # WordPress allows untitled posts; a page needs a title, so one is made and reported.
            title = _invented_title(body, published_at, post_id)
            notes.insert(0, ImportNote("title invented", f"the post had no title; it is now “{title}”"))
        # WordPress's short link for a page is /?page_id=ID, for a post /?p=ID.
        id_parameter = "page_id" if post_type == "page" else "p"
        legacy_paths = self._legacy_paths(fields.get("link", "").strip(), post_id, id_parameter)
        pages = content.count("<!--nextpage-->") + 1
        if pages > 1 and legacy_paths and not urlsplit(legacy_paths[0]).query:
            # WordPress answered /<permalink>/2/, /3/… for a post split into pages; the article is one page.
            legacy_paths[1:1] = [f"{legacy_paths[0].rstrip('/')}/{page}/" for page in range(2, pages + 1)]
        thumbnail_id = _number(_post_meta(element).get("_thumbnail_id", ""))
        if thumbnail_id and post_type == "page":
            # A content page has no featured image; say so rather than drop it unseen.
            detail = f"content pages have no featured image; attachment {thumbnail_id} was not used"
            notes.append(ImportNote("featured image not kept", detail))
            thumbnail_id = None
        return ArticleData(
            title=title,
            body=body,
            categories=categories,
            tags=tags,
            slug=unquote(fields.get("wp:post_name", "").strip()) or slugify(title) or f"post-{post_id}",
            summary=summary,
            status=ARTICLE_STATUSES[status],
            published_at=published_at,
            modified_at=_date(fields, "wp:post_modified_gmt", "wp:post_modified"),
            author=self._author(fields.get("dc:creator", "").strip()),
            wordpress_id=post_id,
            featured_image=ImageData(source="", alt="", attachment_id=thumbnail_id) if thumbnail_id else None,
            parent_wordpress_id=_number(fields.get("wp:post_parent", "")) or None,
            legacy_paths=legacy_paths,
            notes=notes,
        )

    def _author(self, login: str) -> AuthorData | None:
        if not login:
            return None
        author = self.site.authors.get(login)
        if author is None:
            # WXR 1.0 has no author list, only the login on each item.
            return AuthorData(login=login, display_name=login)
        return author.as_author_data()

    def _legacy_paths(self, link: str, post_id: int, id_parameter: str = "p") -> list[str]:
        """The item's permalink path and its ``/?p=ID`` (a page's ``/?page_id=ID``) short link, both of which
        WordPress answered."""
        paths = []
        permalink = urlsplit(link)
        if permalink.query:
            paths.append(f"{permalink.path or '/'}?{permalink.query}")
        elif permalink.path.strip("/"):
            paths.append(permalink.path)
        blog_path = urlsplit(self.site.base_blog_url or self.site.link).path.rstrip("/")
        short_link = f"{blog_path}/?{id_parameter}={post_id}"
        if short_link not in paths:
            paths.append(short_link)
        return paths


_TITLE_WORDS = 8


def _invented_title(body, published_at: datetime | None, post_id: int) -> str:
    """The first words of the post's text, else its date, else its number."""
    words = summarize_body(body).split()
    if words:
        title = " ".join(words[:_TITLE_WORDS]).rstrip(".,;:!?…")
        return title + "…" if len(words) > _TITLE_WORDS else title
    if published_at is not None:
        return f"Post of {published_at.day} {published_at:%B %Y}"
    return f"Post {post_id}"


def _number(text: str) -> int | None:
    text = text.strip()
    return int(text) if re.fullmatch(r"[0-9]+", text) else None


def _post_meta(element: Element) -> dict[str, str]:
    meta = {}
    for child in element:
        if _short_name(child.tag) == "wp:postmeta":
            fields = _fields(child)
            meta.setdefault(fields.get("wp:meta_key", "").strip(), fields.get("wp:meta_value", ""))
    return meta


def _terms(element: Element) -> tuple[list[CategoryData], list[str]]:
    """An item's categories (flattened, see the module docstring) and tag names, without repeats.

    WXR 1.0 writes each category twice, once without a domain for old readers, and tags with
    ``domain="tag"`` rather than ``post_tag``.
    """
    categories: dict[str, CategoryData] = {}
    tags: dict[str, None] = {}
    undomained: list[str] = []
    for child in element:
        if child.tag != "category":
            continue
        name = html.unescape(_text(child))
        if not name:
            continue
        domain = child.get("domain")
        if domain == "category":
            slug = unquote(child.get("nicename", "")) or slugify(name)
            categories.setdefault(slug, CategoryData(name=name, slug=slug))
        elif domain in ("post_tag", "tag"):
            tags.setdefault(name)
        elif domain is None:
            undomained.append(name)
    known_names = {category.name for category in categories.values()}
    for name in undomained:
        if name not in known_names:
            categories.setdefault(slugify(name), CategoryData(name=name, slug=slugify(name)))
            known_names.add(name)
    return list(categories.values()), list(tags)


def _date(fields: dict[str, str], *names: str) -> datetime | None:
    """The first of ``names`` holding a date, read as UTC (the local-time fallback has no zone in WXR)."""
    for name in names:
        raw = fields.get(name, "").strip()
        if not raw or raw == _NO_DATE:
            continue
        try:
            return datetime.strptime(raw, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        except ValueError:
            raise _InvalidItem(f"{name} {raw!r} is not a date") from None
    return None
