"""Make each non-image attachment of an export (PDF intake forms, letters…) a Wagtail document, once.

An attachment's file is looked for at its uploads path (``_wp_attached_file``, e.g. ``2020/03/intake.pdf``)
under the media folder, as images are. Documents are matched by the SHA-1 of their contents (Wagtail's
``file_hash``), so a re-import, or a copy already uploaded by hand, reuses the document. Only the types
the site accepts from its own upload form (``WAGTAILDOCS_EXTENSIONS``) are imported; the rest are
reported, as are files not found.
"""

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from wagtail.documents import get_document_model
from wagtail.documents.fields import WagtailDocumentField
from wagtail.utils.file import hash_filelike

from .media_library import find_upload

# WordPress's image types: its attachments of these are images (imported where posts show them).
IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".jpe", ".gif", ".png", ".bmp", ".tif", ".tiff", ".ico", ".webp", ".heic", ".avif"}
    | {".svg"}
)
_TITLE_LENGTH = 255


def is_document_attachment(source: str) -> bool:
    """Whether an attachment's uploads path names a file that is not an image."""
    return PurePosixPath(source).suffix.lower() not in IMAGE_SUFFIXES


@dataclass
class DocumentReport:
    # Attachment ID -> uploads path, of the files found (added, or already a Wagtail document).
    found: dict[int, str] = field(default_factory=dict)
    # Found files that were already a Wagtail document (same contents): used, not added again.
    reused: set[int] = field(default_factory=set)
    # Attachment ID -> (uploads path, why the file wasn't found): not in the folder, no folder given…
    missing: dict[int, tuple[str, str]] = field(default_factory=dict)
    # Attachment ID -> (uploads path, why it isn't a document here): a type or size the site refuses…
    refused: dict[int, tuple[str, str]] = field(default_factory=dict)


class DocumentLibrary:
    """Wagtail documents for an export's non-image attachments; with ``dry_run`` files are checked only."""

    def __init__(self, media_dir: Path | None, dry_run=False):
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.dry_run = dry_run
        self.report = DocumentReport()
        # Attachment ID -> document pk (None in a dry run, where nothing is created).
        self._pks: dict[int, int | None] = {}

    def add(self, attachment_id: int, source: str, title: str) -> None:
        """Import one attachment's file as a document, in its own transaction, unless done already."""
        if attachment_id in self._pks or attachment_id in self.report.missing | self.report.refused:
            return
        path, reason = find_upload(self.media_dir, source)
        if path is None:
            self.report.missing[attachment_id] = (source, reason)
            return
        reason = _refusal(path)
        if reason:
            self.report.refused[attachment_id] = (source, reason)
            return
        document_model = get_document_model()
        with path.open("rb") as file:
            file_hash = hash_filelike(file)
            existing = document_model.objects.filter(file_hash=file_hash).values_list("pk", flat=True).first()
            self.report.found[attachment_id] = source
            if existing is not None:
                self.report.reused.add(attachment_id)
                self._pks[attachment_id] = existing
                return
            if self.dry_run:
                self._pks[attachment_id] = None
                return
            file.seek(0)
            document = document_model(
                title=(title or path.stem)[:_TITLE_LENGTH],
                file=File(file, name=path.name),
                file_size=path.stat().st_size,
                file_hash=file_hash,
            )
            with transaction.atomic():
                document.save()
        self._pks[attachment_id] = document.pk

    def is_found(self, attachment_id: int) -> bool:
        """Whether the attachment is (or, in a dry run, would be) a Wagtail document."""
        return attachment_id in self._pks

    def pk_for(self, attachment_id: int) -> int | None:
        return self._pks.get(attachment_id)

    def file_urls(self) -> dict[str, str]:
        """Uploads path -> the URL its document is served at on this site, for the documents found."""
        pks = {self.report.found[attachment_id]: pk for attachment_id, pk in self._pks.items() if pk}
        documents = get_document_model().objects.in_bulk(set(pks.values()))
        return {source: documents[pk].url for source, pk in pks.items() if pk in documents}


def _refusal(path: Path) -> str:
    """Why the site would refuse this file from its own upload form, or "" when it would take it."""
    allowed = [extension.lower() for extension in settings.WAGTAILDOCS_EXTENSIONS]
    if path.suffix.lower().lstrip(".") not in allowed:
        return f"a {path.suffix or 'file without an extension'} is not a document type the site accepts " + (
            f"({', '.join(extension.upper() for extension in allowed)})"
        )
    with path.open("rb") as file:
        try:
            WagtailDocumentField().check_document_file_size(File(file, name=path.name))
        except ValidationError as error:
            return " ".join(error.messages)
    return ""
