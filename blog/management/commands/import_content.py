import json
import tempfile
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction

from blog.content_backup import REBUILD_COMMANDS, ExportRefused, missing_essentials, read_export


class IncompleteSite(Exception):
    """Loaded, the export lacks what the site cannot run without; raised to roll the import back."""


class Command(BaseCommand):
    help = (
        "Replace ALL content in this database with an export made by export_content, in one transaction: "
        "anything else is refused, and if loading fails the database is left as it was. Run `migrate` "
        "first on a new database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="An export written by export_content (.json or .json.gz)")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="Do not ask for confirmation."
        )

    def handle(self, *args, path, interactive, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No export at {source}.")
        try:
            records = read_export(source)
        except ExportRefused as error:
            raise CommandError(f"{source} {error}; nothing changed.") from error
        if interactive:
            answer = input(f"This replaces every page, snippet, user and setting with {source}. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Import cancelled; nothing changed.")

        self.stdout.write(f"Importing {source}…")
        try:
            self._replace_content(records)
        except (DeserializationError, DatabaseError, ValueError, IncompleteSite) as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise CommandError(f"{source} could not be imported; nothing changed. {first_line}") from error

        for command in REBUILD_COMMANDS:
            self.stdout.write(f"Running {command}…")
            call_command(command, verbosity=0)
        cache.clear()  # cached pages and Wagtail's site lookups describe the content that was replaced
        self.stdout.write(self.style.SUCCESS(f"Imported {source}; search and reference indexes rebuilt."))

    def _replace_content(self, records):
        # loaddata reads fixture files: the checked records go to a private temporary one.
        with tempfile.TemporaryDirectory() as folder:
            fixture = Path(folder) / "content.json"
            fixture.write_text(json.dumps(records), encoding="utf-8")
            with transaction.atomic():
                # Settle deferred constraint checks first: PostgreSQL refuses to TRUNCATE a table that
                # has pending ones, as when this runs inside a caller's transaction.
                connection.check_constraints()
                call_command("flush", interactive=False, verbosity=0)
                # flush recreated the content types with new ids; the export refers to them by name.
                ContentType.objects.clear_cache()
                call_command("loaddata", str(fixture), verbosity=0)
                if missing := missing_essentials():
                    raise IncompleteSite(f"It holds no {' and no '.join(missing)}.")
