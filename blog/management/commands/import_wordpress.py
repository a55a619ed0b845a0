from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wagtail.contrib.redirects.models import Redirect

from blog.importers.author_map import AuthorMapError, read_author_map
from blog.importers.people import AuthorMapTargetError
from blog.importers.wordpress import WordPressExportError
from blog.importers.wordpress_import import WordPressImport
from blog.importers.wordpress_report import write_report_csv
from blog.models import BlogIndexPage


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools → Export, WXR 1.0–1.2): posts become articles, with their "
        "categories, tags, authors, dates and images, pages content pages, other attachments documents; "
        "links between them become Wagtail links, and every old address redirects to what replaced it."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", metavar="EXPORT.xml")
        parser.add_argument("--dry-run", action="store_true", help="Write nothing; print what would happen.")
        parser.add_argument(
            "--blog", metavar="PATH", help="URL path of the blog index to import into (default: the first)."
        )
        parser.add_argument(
            "--media-dir",
            metavar="DIR",
            type=Path,
            help="A copy of wp-content/uploads: images and documents are looked for at the same paths "
            "under it.",
        )
        parser.add_argument(
            "--author-map",
            metavar="FILE",
            help="CSV (login,person) or JSON mapping WordPress logins to people's names or usernames.",
        )
        parser.add_argument(
            "--report",
            metavar="FILE",
            type=Path,
            help="Write a CSV (post_id, title, change, detail) of everything the import changed, could not "
            "keep, skipped or failed, for an editor to go through.",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        self._on_tty = self.stdout.isatty()
        blog_index = self._blog_index(options["blog"])
        media_dir = options["media_dir"]
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"--media-dir {media_dir} is not a folder. Nothing was imported.")
        report_path = Path(options["report"]) if options["report"] else None
        if report_path is not None and not report_path.parent.is_dir():
            raise CommandError(
                f"--report {report_path}: there is no folder {report_path.parent}. Nothing was imported."
            )
        try:
            author_map = read_author_map(options["author_map"]) if options["author_map"] else None
            report = WordPressImport(
                options["export"],
                blog_index,
                media_dir=media_dir,
                author_map=author_map,
                dry_run=options["dry_run"],
                on_post=self._progress,
            ).run()
        except (WordPressExportError, AuthorMapError, AuthorMapTargetError) as error:
            raise CommandError(f"{error}. Nothing was imported.") from error
        if self._on_tty and self.verbosity < 2:
            self.stdout.write("")
        for line in report.summary_lines():
            self.stdout.write(line)
        if report_path is not None:
            with report_path.open("w", newline="", encoding="utf-8") as out:
                write_report_csv(report, out)
            self.stdout.write(f"Report: {len(report.lines)} lines written to {report_path}")
        if report.errors:
            count = len(report.errors)
            outcome = "nothing was written (dry run)" if report.dry_run else "the rest were imported"
            raise CommandError(f"{count} post{'s' if count > 1 else ''} could not be imported; {outcome}.")

    def _blog_index(self, path):
        indexes = BlogIndexPage.objects.order_by("path")
        if path is None:
            blog_index = indexes.first()
            if blog_index is None:
                raise CommandError(
                    "No blog index page exists: run load_demo_content or add one in the admin."
                )
            return blog_index
        wanted = Redirect.normalise_path(path)
        for blog_index in indexes:
            if Redirect.normalise_path(blog_index.url or blog_index.url_path) == wanted:
                return blog_index
        known = ", ".join(index.url or index.url_path for index in indexes) or "none"
        raise CommandError(f"No blog index at {path} (blog indexes: {known}).")

    def _progress(self, outcome, report):
        verbose = self.verbosity >= 2 or report.dry_run
        if outcome.action == "failed":
            self.stderr.write(outcome.detail)
        elif verbose or (outcome.action == "skipped" and self.verbosity >= 1):
            verb = f"would be {outcome.action}" if report.dry_run else outcome.action
            self.stdout.write(f"post {outcome.post_id} “{outcome.title}”: {verb} — {outcome.detail}")
        if verbose or self.verbosity < 1:
            return
        step = max(1, min(100, report.total_posts // 20))
        if report.done % step == 0 or report.done == report.total_posts:
            line = (
                f"{report.done}/{report.total_posts} posts ({report.created} new, {report.updated} updated, "
                f"{sum(report.skipped.values())} skipped, {len(report.errors)} failed)"
            )
            self.stdout.write(f"\r{line}" if self._on_tty else line, ending="" if self._on_tty else "\n")
