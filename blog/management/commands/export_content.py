from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blog.content_backup import write_export


class Command(BaseCommand):
    help = (
        "Write every page, revision, snippet, setting, image and document record, user and workflow to a "
        "JSON file (.json or .json.gz) that import_content can restore. Media files are not included."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the export, e.g. backups/content-2026-05-01.json.gz")

    def handle(self, *args, path, **options):
        target = Path(path)
        if not target.parent.is_dir():
            raise CommandError(f"Cannot write {target}: the folder {target.parent} does not exist.")
        if not target.name.endswith((".json", ".json.gz")):
            raise CommandError(f"Name the export .json or .json.gz, not {target.name}.")
        self.stdout.write(f"Exporting content to {target}…")

        def report(label, count):
            if count and options["verbosity"] > 1:
                self.stdout.write(f"  {label}: {count}")

        counts = write_export(target, on_model=report)
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {sum(counts.values())} records from {sum(1 for c in counts.values() if c)} models "
                f"({counts.get('wagtailcore.page', 0)} pages, {counts.get('wagtailcore.revision', 0)} "
                f"revisions) to {target}."
            )
        )
