"""Find the files an import's images refer to and make each one a Wagtail image, once.

An ImageData's ``source`` is a path relative to the old site's uploads folder (wp-content/uploads); the
file is looked for at the same path under the media folder the clinic copied. Images are matched by the
SHA-1 of their contents (Wagtail's own ``file_hash``), so a re-import, or a file already uploaded by hand,
reuses the image instead of adding a copy.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.utils.file import hash_filelike

from .article_data import ImageData

_TITLE_LENGTH = 255


@dataclass
class MediaReport:
    # Distinct sources, so an image used by several posts counts once.
    found: set[str] = field(default_factory=set)
    # Found files that were already a Wagtail image (same contents): used, not added again.
    reused: set[str] = field(default_factory=set)
    # Source -> why it couldn't be used: not in the folder, hosted elsewhere, not an image…
    missing: dict[str, str] = field(default_factory=dict)


class MediaLibrary:
    """Wagtail images for the ImageData of imported articles.

    ``titles`` names the files (WordPress attachment titles by uploads path); a file without one is
    named after its file name. With ``dry_run`` files are found and checked but no image is created.
    """

    def __init__(self, media_dir: Path | None, titles: Mapping[str, str] | None = None, dry_run=False):
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.titles = titles or {}
        self.dry_run = dry_run
        self.report = MediaReport()
        # Source -> image pk, or None when it can't be used: each file is read and checked once per run.
        self._known: dict[str, int | None] = {}
        self._hashes_checked = False

    def prepare(self, blocks) -> None:
        """Import the images these blocks use, each in its own transaction.

        Done before the article's own transaction, so a post that fails doesn't leave a file in storage
        whose image row was rolled back.
        """
        for block in blocks:
            if isinstance(block, ImageData):
                self._known_pk(block.source)

    def image_for(self, data: ImageData):
        pk = self._known_pk(data.source)
        return get_image_model().objects.filter(pk=pk).first() if pk is not None else None

    def file_urls(self) -> dict[str, str]:
        """Source -> the URL its Wagtail image's original file is served at, for the images found."""
        pks = {source: pk for source, pk in self._known.items() if pk is not None}
        images = get_image_model().objects.in_bulk(set(pks.values()))
        return {source: images[pk].file.url for source, pk in pks.items() if pk in images}

    def _known_pk(self, source: str) -> int | None:
        if source not in self._known:
            self._known[source] = self._import(source)
        return self._known[source]

    def _import(self, source: str) -> int | None:
        path = self._find(source)
        if path is None:
            return None
        image_model = get_image_model()
        self._hash_unhashed_images()
        with path.open("rb") as file:
            file_hash = hash_filelike(file)
            existing = image_model.objects.filter(file_hash=file_hash).values_list("pk", flat=True).first()
            if existing is not None:
                self.report.found.add(source)
                self.report.reused.add(source)
                return existing
            try:
                WagtailImageField().clean(File(file, name=path.name))
            except ValidationError as error:
                self.report.missing[source] = f"not a usable image ({' '.join(error.messages)})"
                return None
            self.report.found.add(source)
            if self.dry_run:
                return None
            file.seek(0)
            title = self.titles.get(source) or path.stem
            image = image_model(
                title=title[:_TITLE_LENGTH],
                file=File(file, name=path.name),
                file_size=path.stat().st_size,
                file_hash=file_hash,
            )
            with transaction.atomic():
                image.save()
        return image.pk

    def _hash_unhashed_images(self) -> None:
        """Give images saved without a hash (by code, or before Wagtail kept one) theirs, once per run.

        Wagtail computes a missing hash on demand with ``get_file_hash``; matching by hash needs them all.
        """
        if self._hashes_checked:
            return
        self._hashes_checked = True
        for image in get_image_model().objects.filter(file_hash="").iterator():
            try:
                image.get_file_hash()
            except OSError:
                # Its file is gone from storage: it can't match anything anyway.
                continue

    def _find(self, source: str) -> Path | None:
        path, reason = find_upload(self.media_dir, source)
        if path is None:
            self.report.missing[source] = reason
        return path


def find_upload(media_dir: Path | None, source: str) -> tuple[Path | None, str]:
    """The file at ``source`` (a path relative to the uploads folder) under ``media_dir``, else why not."""
    if "://" in source or source.startswith("//"):
        return None, "hosted on another site"
    if media_dir is None:
        return None, "no media folder given (--media-dir)"
    path = (media_dir / source.lstrip("/")).resolve()
    # A path in the export must not reach outside the media folder ("../../etc/passwd").
    if not path.is_relative_to(media_dir) or not path.is_file():
        return None, f"not found in {media_dir}"
    return path, ""
