"""Import a WordPress export into a blog: parser → plain data → writer, one post at a time.

The first read of the export writes nothing: it proves the whole file is a readable export (a syntax
error near the end would otherwise only surface after earlier posts were written), counts the posts for
progress, names the attachments, which may come after the posts that show them, and lists the address of
every item, for the links between them. Then the non-image attachments become documents, and the export
is read again for its pages, then for its posts, so that links to pages and documents find them written.
Each post is written in its own transaction, so a post that fails is reported and the rest import. A post
linking to a post written after it is written once more at the end (``_write_waiting_posts``).

A dry run does the same work inside one transaction that is rolled back, so its report is the real one.
"""

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify

from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model

from blog.blocks import vague_link_texts
from blog.content_blocks import NEEDS_ALT_TEXT
from blog.models import BlogIndexPage, Category, Person, PhoneContact

from .article_data import ArticleData, BodyData, GalleryData, ImageData, ImportNote
from .content_page_writer import ContentPageWriter
from .document_library import DocumentLibrary, is_document_attachment
from .internal_links import LINK_KEPT, LINK_REWRITTEN, InternalLinks
from .legacy_redirects import LegacyRedirects
from .media_library import MediaLibrary
from .people import People
from .wordpress import WordPressItem, WordPressSite, iter_export
from .wordpress_links import site_hosts
from .wordpress_report import ImportReport, PostOutcome
from .wordpress_terms import TermNames
from .writer import ArticleWriter

# A category nested deeper than this is taken to be a loop in the export.
_MAX_CATEGORY_DEPTH = 20


class WordPressImport:
    def __init__(
        self,
        export_path: str | Path,
        blog_index: BlogIndexPage,
        *,
        media_dir: Path | None = None,
        author_map: dict[str, str] | None = None,
        dry_run: bool = False,
        on_post: Callable[[PostOutcome, ImportReport], None] | None = None,
    ):
        self.export_path = Path(export_path)
        self.blog_index = blog_index
        self.media_dir = media_dir
        self.people = People(author_map)
        self.dry_run = dry_run
        self.on_post = on_post or (lambda outcome, report: None)
        self.report = ImportReport(
            export_name=self.export_path.name, blog_url=blog_index.url or blog_index.url_path, dry_run=dry_run
        )
        # Attachment post ID -> (uploads path, alt text), for galleries that name images by ID.
        self.attachments: dict[int, tuple[str, str]] = {}
        # Post IDs imported in this run: a second post with the same ID would overwrite the first.
        self._written_ids: set[int] = set()
        self.documents = DocumentLibrary(media_dir, dry_run=dry_run)
        self.report.documents = self.documents.report
        self.links = InternalLinks(self.documents)
        # Non-image attachments: (attachment ID, uploads path, title, WordPress status).
        self._document_attachments: list[tuple[int, str, str, str]] = []
        # Posts whose links named a post not written yet: written again once all are.
        self._waiting: set[int] = set()

    def run(self) -> ImportReport:
        """Import the export; raises WordPressExportError, before writing anything, if it can't be read."""
        self.people.check_author_map()
        site, attachment_titles = self._survey()
        self.terms = TermNames(site)
        media = MediaLibrary(self.media_dir, attachment_titles, dry_run=self.dry_run)
        self.report.media = media.report
        redirects = LegacyRedirects(self.blog_index.get_site())
        self.report.redirects = redirects.report
        writer = ArticleWriter(self.blog_index, image_for=media.image_for, person_for=self.people.person_for)
        self.page_writer = ContentPageWriter(self.blog_index.get_parent().specific, writer.body_items)

        with transaction.atomic() if self.dry_run else nullcontext():
            before = _row_counts()
            self._import_documents()
            # Pages before posts: posts link to About, Contact… far more often than pages link to posts.
            for pages in (True, False):
                for entry in iter_export(self.export_path):
                    if isinstance(entry, WordPressItem) and (entry.post_type == "page") == pages:
                        self._item(entry, writer, media, redirects)
            self._write_waiting_posts(writer, media)
            with transaction.atomic():
                self._archive_redirects(site, redirects, media)
            self.report.new_rows = _row_counts() - before
            if self.dry_run:
                transaction.set_rollback(True)
        return self.report

    def _survey(self) -> tuple[WordPressSite, dict[str, str]]:
        site = WordPressSite()
        titles: dict[str, str] = {}
        for entry in iter_export(self.export_path):
            if isinstance(entry, WordPressSite):
                site = entry
                self.links.hosts = site_hosts(site.base_site_url, site.base_blog_url, site.link)
            elif entry.post_type in ("post", "page") or entry.error is not None:
                self.report.total_posts += 1
                if entry.post_id is not None and entry.post_type in ("post", "page"):
                    article = entry.article
                    reason = None if article is not None else entry.skip_reason or "it could not be read"
                    self.links.add_post(
                        entry.post_id, entry.title, article.legacy_paths if article else [], reason
                    )
            elif entry.attachment_file:
                if entry.title:
                    titles[entry.attachment_file] = entry.title
                if entry.post_id is not None:
                    self.attachments[entry.post_id] = (entry.attachment_file, entry.attachment_alt)
                    if is_document_attachment(entry.attachment_file):
                        document = (entry.post_id, entry.attachment_file, entry.title, entry.status)
                        self._document_attachments.append(document)
                        self.links.add_document(entry.post_id, entry.title, entry.attachment_file)
        return site, titles

    def _item(self, item: WordPressItem, writer, media, redirects) -> None:
        report = self.report
        report.comments += item.comment_count
        if item.post_type not in ("post", "page") and item.error is None:
            report.other_types[item.post_type] += 1
            return
        if item.error is not None:
            report.errors.append(item.error)
            report.add_line(item.post_id, item.title, "not imported: error", item.error)
            self._tell(item, "failed", item.error)
        elif item.article is not None and item.post_id in self._written_ids:
            reason = "post ID used twice in the export"
            report.skipped[reason] += 1
            detail = f"{reason}; the first was imported"
            report.add_line(item.post_id, item.title, "not imported: skipped", detail)
            self._tell(item, "skipped", reason)
        elif item.article is None:
            report.skipped[item.skip_reason] += 1
            report.add_line(item.post_id, item.title, "not imported: skipped", item.skip_reason)
            self._tell(item, "skipped", item.skip_reason)
        else:
            self._article(item, item.article, writer, media, redirects)

    def _prepare(
        self, article: ArticleData, media
    ) -> tuple[list[ImportNote], list[ImageData], list[ImageData]]:
        """Terms renamed, attachments and links resolved, images imported: the article ready to write.

        Returns what that changed, and the featured and body images. Sets ``_waiting`` when a link waits.
        """
        notes = list(article.notes)
        article.categories, article.tags, term_notes = self.terms.apply(article.categories, article.tags)
        notes += term_notes
        article.body = self._with_attachment_files(article.body, notes)
        article.featured_image = self._featured_image_file(article.featured_image, notes)
        links = self.links.rewrite(article.body)
        article.body = links.body
        notes += links.notes
        if links.waiting:
            self._waiting.add(article.wordpress_id)
        images = list(_images_in(article.body))
        featured = [article.featured_image] if article.featured_image is not None else []
        media.prepare(featured + images)
        return notes, featured, images

    def _article(self, item: WordPressItem, article: ArticleData, writer, media, redirects) -> None:
        report = self.report
        notes, featured, images = self._prepare(article, media)
        counted = redirects.report.counts()
        is_page = item.post_type == "page"
        try:
            with transaction.atomic():
                result = (self.page_writer if is_page else writer).write(article)
                for path in article.legacy_paths:
                    redirects.point(path, result.page)
        except (ValidationError, DatabaseError, ValueError) as error:
            # The post's redirects were rolled back with it.
            redirects.report.restore(counted)
            self.links.attempted(item.post_id, None)
            self._waiting.discard(item.post_id)
            message = f"post {item.post_id} (“{_shortened(item.title)}”): {_one_line(error)}"
            report.errors.append(message)
            report.add_line(item.post_id, item.title, "not imported: error", _one_line(error))
            self._tell(item, "failed", message)
            return
        self.links.attempted(item.post_id, result.page.pk)
        notes += _featured_image_notes(featured, media.report.missing)
        notes += _image_notes(images, media.report.missing) + _editor_notes(result.page)
        for note in notes:
            report.add_line(item.post_id, article.title, note.kind, note.detail)
        self._written_ids.add(item.post_id)
        if is_page:
            # A page is no blog post: no categories, tags, author or date archives.
            if result.created:
                report.pages_created += 1
            else:
                report.pages_updated += 1
            report.warnings.extend(f"page {item.post_id}: {warning}" for warning in result.warnings)
            self._tell(item, "created" if result.created else "updated", f"{result.page.url} (page)")
            return
        if result.created:
            report.created += 1
        else:
            report.updated += 1
        report.statuses[article.status] += 1
        report.categories.update(category.slug or slugify(category.name) for category in article.categories)
        report.tags.update(article.tags)
        report.archive_dates.update(_archive_dates(article))
        if article.author is not None:
            report.authors.add(article.author.login)
        report.warnings.extend(f"post {item.post_id}: {warning}" for warning in result.warnings)
        self._tell(item, "created" if result.created else "updated", f"{result.page.url} ({article.status})")

    def _import_documents(self) -> None:
        """Every non-image attachment a document (each in its own transaction), with a report line."""
        documents, report = self.documents, self.report
        for attachment_id, source, title, status in self._document_attachments:
            if status in ("private", "trash"):
                documents.refuse(
                    source, f"a {'trashed' if status == 'trash' else 'private'} attachment is not published"
                )
            else:
                documents.add(source, title)
            if documents.is_found(source):
                already = " (already in Wagtail)" if source in report.documents.reused else ""
                report.add_line(attachment_id, title, "document imported", f"{source}{already}")
                continue
            kind = "document missing" if source in report.documents.missing else "document not imported"
            detail = f"{source}: {documents.why_not(source)}"
            if status not in ("private", "trash"):
                detail += "; links to it keep pointing at the old site"
            report.add_line(attachment_id, title, kind, detail)

    def _write_waiting_posts(self, writer, media) -> None:
        """Write again the posts whose links named a post or page written after them, now that all are.

        Pages and documents are written before posts, so only links to posts (and pages linking to pages
        or posts further on) wait. A second write, rather than writing targets first, because the export is
        streamed and never held in memory, posts may link to each other in a circle, and a Wagtail page link
        needs the target's page to exist. Only a first import does this: on a re-run every target exists.
        The second write is one more revision, and the links' report lines are made then.
        """
        if not self._waiting:
            return
        waiting, self._waiting = self._waiting, set()
        for entry in iter_export(self.export_path):
            if not isinstance(entry, WordPressItem) or entry.post_id not in waiting or entry.article is None:
                continue
            waiting.discard(entry.post_id)
            article = entry.article
            notes, _, _ = self._prepare(article, media)
            writer_for = self.page_writer if entry.post_type == "page" else writer
            try:
                with transaction.atomic():
                    writer_for.write(article)
            except (ValidationError, DatabaseError, ValueError) as error:
                detail = f"its links were not rewritten: {_one_line(error)}"
                self.report.add_line(entry.post_id, article.title, "links not rewritten", detail)
                continue
            for note in notes:
                if note.kind in (LINK_REWRITTEN, LINK_KEPT):
                    self.report.add_line(entry.post_id, article.title, note.kind, note.detail)

    def _with_attachment_files(self, body: list[BodyData], notes: list[ImportNote]) -> list[BodyData]:
        """Gallery images named by attachment ID, given the file and alt text of that attachment."""
        resolved = []
        for block in body:
            if isinstance(block, GalleryData):
                images = []
                for image in block.images:
                    if image.attachment_id is None:
                        images.append(image)
                    elif image.attachment_id in self.attachments:
                        source, alt = self.attachments[image.attachment_id]
                        images.append(dataclasses.replace(image, source=source, alt=image.alt or alt))
                    else:
                        notes.append(
                            ImportNote(
                                "image missing",
                                f"gallery image {image.attachment_id} is not an attachment in the export",
                            )
                        )
                block = dataclasses.replace(block, images=tuple(images))
            resolved.append(block)
        return resolved

    def _featured_image_file(self, image: ImageData | None, notes: list[ImportNote]) -> ImageData | None:
        """The featured image's attachment file and alt text; None, with a note, if it isn't in the export."""
        if image is None or image.attachment_id is None:
            return image
        if image.attachment_id not in self.attachments:
            detail = f"featured image {image.attachment_id} is not an attachment in the export"
            notes.append(ImportNote("image missing", detail))
            return None
        source, alt = self.attachments[image.attachment_id]
        return dataclasses.replace(image, source=source, alt=image.alt or alt)

    def _archive_redirects(
        self, site: WordPressSite, redirects: LegacyRedirects, media: MediaLibrary
    ) -> None:
        """Old category, tag, author, date, feed and upload addresses → the blog's archives, feeds, files."""
        blog_path = urlsplit(site.base_blog_url or site.link).path.rstrip("/")
        parents = {category.slug: category.parent_slug for category in site.categories}
        names = {category.slug: category.name for category in site.categories}
        term_ids = {category.slug: category.term_id for category in site.categories}
        blog = self.blog_index
        for slug in sorted(set(names) | self.report.categories):
            ours = (
                Category.objects.filter(slug=slug).first()
                or Category.objects.filter(name=names.get(slug)).first()
            )
            if ours is None:
                continue
            for path in {f"category/{slug}", f"category/{_category_path(slug, parents)}"}:
                redirects.point(f"{blog_path}/{path}/", blog, f"/category/{ours.slug}/")
                redirects.point(f"{blog_path}/{path}/feed/", blog, f"/category/{ours.slug}/feed/")
            if term_ids.get(slug) is not None:
                redirects.point(f"{blog_path}/?cat={term_ids[slug]}", blog, f"/category/{ours.slug}/")
        tag_slugs = {tag.name: tag.slug for tag in site.tags}
        for name in sorted(set(tag_slugs) | self.report.tags):
            ours = Tag.objects.filter(name=self.terms.tag(name)).first()
            if ours is not None:
                old_slug = tag_slugs.get(name) or slugify(name)
                for path in (f"/tag/{old_slug}/", f"/tag/{old_slug}/feed/", f"/?tag={old_slug}"):
                    # The blog has no feed per tag: a tag's feed lands on its archive.
                    redirects.point(f"{blog_path}{path}", blog, f"/tag/{ours.slug}/")
        for feed in ("/feed/", "/feed/rss2/", "/comments/feed/"):
            redirects.point(f"{blog_path}{feed}", blog, "/feed/")
        redirects.point(f"{blog_path}/feed/atom/", blog, "/feed/atom/")
        # People have no page of their own here: an author's archive lands on the blog.
        for author in site.authors.values():
            if author.login in self.report.authors:
                redirects.point(f"{blog_path}/author/{author.login}/", blog)
                if author.author_id is not None:
                    redirects.point(f"{blog_path}/?author={author.author_id}", blog)
        for date_path in sorted(self.report.archive_dates):
            redirects.point(f"{blog_path}/{date_path}/", blog)
        for source, url in (media.file_urls() | self.documents.file_urls()).items():
            redirects.point_to_url(f"{blog_path}/wp-content/uploads/{source}", url)

    def _tell(self, item: WordPressItem, action: str, detail: str) -> None:
        self.on_post(PostOutcome(item.post_id, item.title, action, detail), self.report)


_PERMALINK_DATE = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/")


def _archive_dates(article: ArticleData) -> set[str]:
    """The year, month and day archive paths WordPress listed the post in: ``2019``, ``2019/05``…"""
    if article.status != "live":
        return set()
    found = _PERMALINK_DATE.search(article.legacy_paths[0]) if article.legacy_paths else None
    if found:
        year, month, day = found.groups()
    elif article.published_at is not None:
        year, month, day = (
            f"{article.published_at:%Y}",
            f"{article.published_at:%m}",
            f"{article.published_at:%d}",
        )
    else:
        return set()
    return {year, f"{year}/{month}", f"{year}/{month}/{day}"}


def _images_in(body: list[BodyData]) -> Iterator[ImageData]:
    for block in body:
        if isinstance(block, ImageData):
            yield block
        elif isinstance(block, GalleryData):
            yield from block.images


def _image_notes(images: list[ImageData], missing: dict[str, str]) -> list[ImportNote]:
    notes = []
    for image in images:
        if image.source in missing:
            kept = "its description is kept as text" if image.alt or image.caption else "nothing shown"
            notes.append(ImportNote("image missing", f"{image.source}: {missing[image.source]}; {kept}"))
        elif not image.alt:
            detail = f"{image.source} imported with alt text “{NEEDS_ALT_TEXT}”"
            notes.append(ImportNote("image without alt text", detail))
    return notes


def _featured_image_notes(featured: list[ImageData], missing: dict[str, str]) -> list[ImportNote]:
    notes = []
    for image in featured:
        if image.source in missing:
            detail = f"featured image {image.source}: {missing[image.source]}; the article has none"
            notes.append(ImportNote("image missing", detail))
        elif not image.alt:
            detail = f"featured image {image.source} imported with alt text “{NEEDS_ALT_TEXT}”"
            notes.append(ImportNote("image without alt text", detail))
    return notes


def _editor_notes(page) -> list[ImportNote]:
    """What the editor would refuse when the page is next saved, so someone fixes it before then."""
    notes = []
    if not len(page.body):
        notes.append(ImportNote("editor will refuse", "the body is empty"))
    for block in page.body:
        if block.block_type == "paragraph":
            for text in vague_link_texts(block.value.source):
                detail = f"link text “{text}” doesn’t say where it goes"
                notes.append(ImportNote("editor will refuse", detail))
    return notes


def _category_path(slug: str, parents: dict[str, str]) -> str:
    """WordPress's address for a nested category: ``treatments/injections`` for a child of treatments."""
    path = [slug]
    while (parent := parents.get(path[-1])) and parent not in path and len(path) < _MAX_CATEGORY_DEPTH:
        path.append(parent)
    return "/".join(reversed(path))


def _row_counts() -> Counter:
    return Counter(
        categories=Category.objects.count(),
        tags=Tag.objects.count(),
        people=Person.objects.count(),
        images=get_image_model().objects.count(),
        phone_contacts=PhoneContact.objects.count(),
        redirects=Redirect.objects.count(),
    )


def _shortened(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _one_line(error: Exception) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
        return " ".join(error.messages)
    return " ".join(str(error).split())
