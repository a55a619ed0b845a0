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
    # Distinct uploads paths, so a file several attachments or links name counts once.
    found: set[str] = field(default_factory=set)
    # Found files that were already a Wagtail document (same contents): used, not added again.
    reused: set[str] = field(default_factory=set)
    # Uploads path -> why the file wasn't found: not in the folder, no folder given…
    missing: dict[str, str] = field(default_factory=dict)
    # Uploads path -> why it isn't a document here: a type or size the site refuses, a trashed attachment…
    refused: dict[str, str] = field(default_factory=dict)


class DocumentLibrary:
    """Wagtail documents for the files of an export's attachments, or of links to its uploads folder.

    With ``dry_run`` files are found and checked but no document is created.
    """

    def __init__(self, media_dir: Path | None, dry_run=False):
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.dry_run = dry_run
        self.report = DocumentReport()
        # Uploads path -> document pk (None in a dry run, where nothing is created).
        self._pks: dict[str, int | None] = {}

    def add(self, source: str, title: str) -> None:
        """Import the file at ``source`` as a document, in its own transaction, unless done already."""
        report = self.report
        if source in self._pks or source in report.missing or source in report.refused:
            return
        reason = _refused_type(source)
        if reason:
            report.refused[source] = reason
            return
        path, reason = find_upload(self.media_dir, source)
        if path is None:
            report.missing[source] = reason
            return
        reason = _refused_size(path)
        if reason:
            report.refused[source] = reason
            return
        document_model = get_document_model()
        with path.open("rb") as file:
            file_hash = hash_filelike(file)
            existing = document_model.objects.filter(file_hash=file_hash).values_list("pk", flat=True).first()
            report.found.add(source)
            if existing is not None:
                report.reused.add(source)
                self._pks[source] = existing
                return
            if self.dry_run:
                self._pks[source] = None
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
        self._pks[source] = document.pk

    def refuse(self, source: str, reason: str) -> None:
        self.report.refused.setdefault(source, reason)

    def is_found(self, source: str) -> bool:
        """Whether the file is (or, in a dry run, would be) a Wagtail document."""
        return source in self._pks

    def pk_for(self, source: str) -> int | None:
        return self._pks.get(source)

    def why_not(self, source: str) -> str:
        """Why the file is no document here ("" if it is, or was never asked for)."""
        return self.report.missing.get(source) or self.report.refused.get(source) or ""

    def file_urls(self) -> dict[str, str]:
        """Uploads path -> the URL its document is served at on this site, for the documents found."""
        pks = {source: pk for source, pk in self._pks.items() if pk is not None}
        documents = get_document_model().objects.in_bulk(set(pks.values()))
        return {source: documents[pk].url for source, pk in pks.items() if pk in documents}


def _refused_type(source: str) -> str:
    """Why the site's own upload form would refuse a file named like this, or ""."""
    allowed = [extension.lower() for extension in settings.WAGTAILDOCS_EXTENSIONS]
    suffix = PurePosixPath(source).suffix
    if suffix.lower().lstrip(".") in allowed:
        return ""
    return f"a {suffix or 'file without an extension'} is not a document type the site accepts " + (
        f"({', '.join(extension.upper() for extension in allowed)})"
    )


def _refused_size(path: Path) -> str:
    """Why the site's own upload form would refuse this file for its size, or ""."""
    with path.open("rb") as file:
        try:
            WagtailDocumentField().check_document_file_size(File(file, name=path.name))
        except ValidationError as error:
            return " ".join(error.messages)
    return ""
