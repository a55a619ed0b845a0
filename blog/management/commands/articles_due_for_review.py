import csv

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from blog.editorial.review_due import articles_due_for_review, review_interval_days

COLUMNS = ["last_reviewed", "title", "medical_reviewer", "edit_url"]


class Command(BaseCommand):
    help = (
        "List live articles due for clinical review (last reviewed longer ago than the interval, or never), "
        "oldest review first, as on the admin dashboard."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Review interval in days (default: the CLINICAL_REVIEW_INTERVAL_DAYS setting).",
        )
        parser.add_argument("--format", choices=["text", "csv"], default="text", dest="output_format")

    def handle(self, *args, **options):
        days = review_interval_days() if options["days"] is None else options["days"]
        if days < 0:
            raise CommandError("--days must be zero or a positive number of days.")
        rows = [self._row(article) for article in articles_due_for_review(interval_days=days)]
        if options["output_format"] == "csv":
            writer = csv.DictWriter(self.stdout, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            summary_to = self.stderr
        else:
            for row in rows:
                reviewed, title = row["last_reviewed"], row["title"]
                self.stdout.write(f"{reviewed:<14}{title} · {row['medical_reviewer']} · {row['edit_url']}")
            summary_to = self.stdout
        noun = "article is" if len(rows) == 1 else "articles are"
        summary_to.write(
            f"{len(rows)} live {noun} due for clinical review "
            f"(never reviewed, or not in the last {days} days)."
        )

    @staticmethod
    def _row(article):
        approval = article.clinical_approval
        return {
            "last_reviewed": approval.reviewed_on.isoformat() if approval else "never",
            "title": article.title,
            "medical_reviewer": approval.reviewer.name_with_credentials if approval else "no reviewer",
            "edit_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("wagtailadmin_pages:edit", args=[article.pk]),
        }
