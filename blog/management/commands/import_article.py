from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from blog.importers.plain_text import ArticleTextError, read_article_file
from blog.importers.writer import ArticleWriter
from blog.models import BlogIndexPage


class ArticleNotSaved(Exception):
    """The writer or the database refused a file that parsed; the message names the file and why."""


class Command(BaseCommand):
    help = "Import plain-text articles (title line, paragraphs, bullets, 'Posted in …') and publish them."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--each",
            action="store_true",
            help="Import each file on its own: a bad file is reported and skipped, the rest are imported.",
        )

    def handle(self, *args, **options):
        paths = options["paths"]
        if options["each"]:
            self._import_each(paths)
        else:
            self._import_all_or_nothing(paths)

    def _writer(self):
        blog_index = BlogIndexPage.objects.first()
        if blog_index is None:
            raise CommandError("No blog index page exists: run load_demo_content or add one in the admin.")
        return ArticleWriter(blog_index)

    def _import_all_or_nothing(self, paths):
        # Read every file before touching the database, so one bad file stops the run cleanly.
        try:
            articles = [read_article_file(path) for path in paths]
        except ArticleTextError as error:
            raise CommandError(f"{error}. Nothing was imported.") from error
        writer = self._writer()
        try:
            with transaction.atomic():
                results = [
                    (path, self._write(writer, path, article))
                    for path, article in zip(paths, articles, strict=True)
                ]
        except ArticleNotSaved as error:
            raise CommandError(f"{error}. Nothing was imported.") from error
        for path, result in results:
            self._report(path, result)
        self._summary(results, failures=0)

    def _import_each(self, paths):
        writer = self._writer()
        results, failures = [], 0
        for path in paths:
            try:
                article = read_article_file(path)
                with transaction.atomic():
                    result = self._write(writer, path, article)
            except (ArticleTextError, ArticleNotSaved) as error:
                failures += 1
                self.stderr.write(f"skipped {error}")
                continue
            results.append((path, result))
            self._report(path, result)
        self._summary(results, failures)
        if failures:
            raise CommandError(f"{failures} of {len(paths)} files could not be imported.")

    @staticmethod
    def _write(writer, path, article):
        # The parser refuses what it can see is unstorable; this catches what only saving reveals, so that
        # one file is still one line, and --each goes on to the next.
        try:
            return writer.write(article)
        except ValidationError as error:
            raise ArticleNotSaved(f"{path}: cannot be saved ({'; '.join(error.messages)})") from error
        except (DatabaseError, ValueError) as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise ArticleNotSaved(f"{path}: cannot be saved ({reason})") from error

    def _report(self, path, result):
        if result.created:
            verb = "created"
        elif result.unchanged:
            verb = "unchanged"
        elif result.held_for_review:
            verb = "saved a draft awaiting clinical review of"
        else:
            verb = "updated"
        self.stdout.write(f"{verb} “{result.page.title}” at {result.page.url_path} from {path}")

    def _summary(self, results, failures):
        created = sum(result.created for _, result in results)
        held = sum(result.held_for_review for _, result in results)
        unchanged = sum(result.unchanged for _, result in results)
        summary = f"{created} created, {len(results) - created} updated, {failures} failed."
        if unchanged:
            summary += f" {unchanged} unchanged: no new revision."
        if held:
            summary += (
                f" {held} clinically reviewed, so saved as drafts awaiting clinical review: "
                "the reviewed text stays live."
            )
        self.stdout.write(self.style.SUCCESS(summary))
