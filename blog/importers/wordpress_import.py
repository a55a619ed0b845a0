"""Import a WordPress export into a blog: parser → plain data → writer, one post at a time.

The export is read twice. The first pass writes nothing: it proves the whole file is a readable export (a
syntax error near the end would otherwise only surface after earlier posts were written), counts the
posts for progress, and names the attachments, which may come after the posts that show them. The second
pass writes each post in its own transaction, so a post that fails is reported and the rest import.

A dry run does the same work inside one transaction that is rolled back, so its report is the real one.
"""

from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify

from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model

from blog.models import BlogIndexPage, Category, Person, PhoneContact

from .article_data import ArticleData
from .legacy_redirects import LegacyRedirects
from .media_library import MediaLibrary
from .people import People
from .wordpress import WordPressItem, WordPressSite, iter_export
from .wordpress_report import ImportReport, PostOutcome
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

    def run(self) -> ImportReport:
        """Import the export; raises WordPressExportError, before writing anything, if it can't be read."""
        self.people.check_author_map()
        site, attachment_titles = self._survey()
        media = MediaLibrary(self.media_dir, attachment_titles, dry_run=self.dry_run)
        self.report.media = media.report
        redirects = LegacyRedirects(self.blog_index.get_site())
        self.report.redirects = redirects.report
        writer = ArticleWriter(self.blog_index, image_for=media.image_for, person_for=self.people.person_for)

        with transaction.atomic() if self.dry_run else nullcontext():
            before = _row_counts()
            for entry in iter_export(self.export_path):
                if isinstance(entry, WordPressItem):
                    self._item(entry, writer, media, redirects)
            with transaction.atomic():
                self._archive_redirects(site, redirects)
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
            elif entry.post_type == "post" or entry.error is not None:
                self.report.total_posts += 1
            elif entry.attachment_file and entry.title:
                titles[entry.attachment_file] = entry.title
        return site, titles

    def _item(self, item: WordPressItem, writer, media, redirects) -> None:
        report = self.report
        report.comments += item.comment_count
        if item.post_type != "post" and item.error is None:
            report.other_types[item.post_type] += 1
            return
        if item.error is not None:
            report.errors.append(item.error)
            self._tell(item, "failed", item.error)
        elif item.article is None:
            report.skipped[item.skip_reason] += 1
            self._tell(item, "skipped", item.skip_reason)
        else:
            self._article(item, item.article, writer, media, redirects)

    def _article(self, item: WordPressItem, article: ArticleData, writer, media, redirects) -> None:
        report = self.report
        media.prepare(article.body)
        counted = redirects.report.counts()
        try:
            with transaction.atomic():
                result = writer.write(article)
                for path in article.legacy_paths:
                    redirects.point(path, result.page)
        except (ValidationError, DatabaseError, ValueError) as error:
            # The post's redirects were rolled back with it.
            redirects.report.restore(counted)
            message = f"post {item.post_id} (“{_shortened(item.title)}”): {_one_line(error)}"
            report.errors.append(message)
            self._tell(item, "failed", message)
            return
        if result.created:
            report.created += 1
        else:
            report.updated += 1
        report.statuses[article.status] += 1
        report.categories.update(category.slug or slugify(category.name) for category in article.categories)
        report.tags.update(article.tags)
        if article.author is not None:
            report.authors.add(article.author.login)
        report.warnings.extend(f"post {item.post_id}: {warning}" for warning in result.warnings)
        self._tell(item, "created" if result.created else "updated", f"{result.page.url} ({article.status})")

    def _archive_redirects(self, site: WordPressSite, redirects: LegacyRedirects) -> None:
        """Old category, tag and feed addresses → the blog's archives and feed."""
        blog_path = urlsplit(site.base_blog_url or site.link).path.rstrip("/")
        parents = {category.slug: category.parent_slug for category in site.categories}
        names = {category.slug: category.name for category in site.categories}
        for slug in sorted(set(names) | self.report.categories):
            ours = (
                Category.objects.filter(slug=slug).first()
                or Category.objects.filter(name=names.get(slug)).first()
            )
            if ours is None:
                continue
            for path in {f"category/{slug}", f"category/{_category_path(slug, parents)}"}:
                redirects.point(f"{blog_path}/{path}/", self.blog_index, f"/category/{ours.slug}/")
        tag_slugs = {tag.name: tag.slug for tag in site.tags}
        for name in sorted(set(tag_slugs) | self.report.tags):
            ours = Tag.objects.filter(name=name).first()
            if ours is not None:
                old_slug = tag_slugs.get(name) or slugify(name)
                redirects.point(f"{blog_path}/tag/{old_slug}/", self.blog_index, f"/tag/{ours.slug}/")
        redirects.point(f"{blog_path}/feed/", self.blog_index, "/feed/")

    def _tell(self, item: WordPressItem, action: str, detail: str) -> None:
        self.on_post(PostOutcome(item.post_id, item.title, action, detail), self.report)


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
