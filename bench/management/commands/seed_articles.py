import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.seeding.article_text import seeded_article, seeded_slug_stem
from bench.seeding.bulk_writer import BulkArticleWriter
from blog.management.commands.load_demo_content import CLINIC_PHONE
from blog.models import ArticlePage, BlogIndexPage, ClinicSettings
from clinic_site.page_cache import purge_everything

BATCH_SIZE = 500


class Command(BaseCommand):
    help = (
        "Create N realistic live articles under the blog index, in bulk. Idempotent by prefix: "
        "articles the same prefix already created are kept, only the missing ones are added."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--count", type=int, required=True, help="How many seeded articles there should be."
        )
        parser.add_argument(
            "--prefix",
            default="seed",
            help="Starts every seeded slug; a second run with it adds only what is missing.",
        )
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help="Articles written per transaction."
        )

    def handle(self, *args, count, prefix, batch_size, **options):
        if count < 0:
            raise CommandError("--count must be zero or more.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if not prefix.replace("-", "").isalnum() or prefix != prefix.lower():
            raise CommandError("--prefix must be lower-case letters, digits and hyphens, e.g. 'seed'.")
        blog_index = BlogIndexPage.objects.live().first()
        if blog_index is None:
            raise CommandError("There is no live blog index: run `manage.py load_demo_content` first.")

        existing = set(
            ArticlePage.objects.child_of(blog_index)
            .filter(slug__startswith=f"{prefix}-")
            .values_list("slug", flat=True)
        )
        existing_stems = {slug[: len(seeded_slug_stem(prefix, 0))] for slug in existing}
        missing = [
            number for number in range(1, count + 1) if seeded_slug_stem(prefix, number) not in existing_stems
        ]
        phone = self._clinic_phone(blog_index)
        writer = BulkArticleWriter(blog_index)

        started = time.monotonic()
        created = 0
        for start in range(0, len(missing), batch_size):
            numbers = missing[start : start + batch_size]
            created += writer.write_batch([seeded_article(prefix, number, phone) for number in numbers])
            elapsed = time.monotonic() - started
            self.stdout.write(f"  {created}/{len(missing)} articles written ({created / elapsed:,.0f}/s)")
        if created:
            # Fresh planner statistics after a bulk load, or PostgreSQL keeps planning for tiny tables.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            # Bulk writes send no publish signals: cached pages and article counts would not know.
            purge_everything()
        elapsed = time.monotonic() - started

        kept = count - len(missing)
        rate = f", {created / elapsed:,.0f} articles/s" if created else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded prefix '{prefix}' under {blog_index.url_path}: {created} created, "
                f"{kept} already there, in {elapsed:.1f} s{rate}."
            )
        )

    @staticmethod
    def _clinic_phone(blog_index) -> str:
        contact = ClinicSettings.for_site(blog_index.get_site()).phone_contact
        return contact.phone_number.as_e164 if contact else CLINIC_PHONE
