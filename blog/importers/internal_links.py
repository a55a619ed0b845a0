"""Links between imported posts, pages and documents become Wagtail links, which survive a new slug.

The first read of the export lists every address each item answered at (``add_post``, ``add_document``).
When a post is written, a link in its text to one of those addresses becomes ``<a linktype="page">`` or
``<a linktype="document">`` once the target exists. A link to an item this run imports but has not
written yet *waits*: the importer writes that post once more after all the others (see
``WordPressImport``). Any other link to the old site is left as it is and reported.
"""

import dataclasses
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from blog.models import ArticlePage, ContentPage

from .article_data import BodyData, ImportNote, RichTextData
from .document_library import DocumentLibrary, is_document_attachment
from .wordpress_links import fragment_of, old_address, rewrite_links

LINK_REWRITTEN = "link rewritten"
LINK_KEPT = "link to the old site kept"


@dataclass
class LinkRewrite:
    body: list[BodyData]
    notes: list[ImportNote] = field(default_factory=list)
    # A link names an item this run imports that isn't written yet: write the post again afterwards.
    waiting: bool = False


class InternalLinks:
    def __init__(self, documents: DocumentLibrary):
        self.documents = documents
        self.hosts: frozenset[str] = frozenset()
        # Address key -> the WordPress ID of the item that answered it.
        self._items: dict[str, int] = {}
        self._titles: dict[int, str] = {}
        # Attachment ID -> its file's uploads path, for the non-image attachments.
        self._document_sources: dict[int, str] = {}
        # Posts and pages this run writes; those not yet attempted make links to them wait.
        self._to_write: set[int] = set()
        self._attempted: set[int] = set()
        # Why an item with an address is not imported: "private post", "could not be imported"…
        self._not_imported: dict[int, str] = {}
        # WordPress ID -> its page's pk, or None when it has none (yet).
        self._page_pks: dict[int, int | None] = {}

    # The export's items, from the importer's first read

    def add_post(
        self, wordpress_id: int, title: str, legacy_paths: list[str], skip_reason: str | None
    ) -> None:
        """A post or page: its permalink and short links (written by this run unless ``skip_reason``)."""
        self._titles[wordpress_id] = title
        self._items.setdefault(f"id:{wordpress_id}", wordpress_id)
        for path in legacy_paths:
            if key := old_address(path, self.hosts):
                self._items.setdefault(key, wordpress_id)
        if skip_reason is None:
            self._to_write.add(wordpress_id)
        else:
            self._not_imported[wordpress_id] = skip_reason

    def add_document(self, attachment_id: int, title: str, source: str) -> None:
        self._titles[attachment_id] = title
        self._document_sources[attachment_id] = source
        self._items.setdefault(f"id:{attachment_id}", attachment_id)
        self._items.setdefault(f"upload:{source}", attachment_id)

    # As the importer writes

    def attempted(self, wordpress_id: int, page_pk: int | None) -> None:
        """The post or page was written (``page_pk``) or failed (None)."""
        self._attempted.add(wordpress_id)
        self._page_pks[wordpress_id] = page_pk
        if page_pk is None:
            self._not_imported[wordpress_id] = "it could not be imported"

    def rewrite(self, body: list[BodyData]) -> LinkRewrite:
        """``body`` with its links to imported items made Wagtail links, and a note for each link to the old
        site (rewritten or kept). While a link waits for its target, nothing is noted: the post is written
        again later and noted then."""
        rewrite = LinkRewrite(body=[])
        for block in body:
            if isinstance(block, RichTextData):
                block = dataclasses.replace(block, html=rewrite_links(block.html, self._opening_tag(rewrite)))
            rewrite.body.append(block)
        if rewrite.waiting:
            rewrite.notes = []
        return rewrite

    def _opening_tag(self, rewrite: LinkRewrite):
        def opening_tag(href: str) -> str | None:
            key = old_address(href, self.hosts)
            if key is None:
                return None
            wordpress_id = self._items.get(key)
            source = key.removeprefix("upload:") if key.startswith("upload:") else ""
            if wordpress_id is None and source and is_document_attachment(source):
                # A file the export has no attachment for (an export of posts only has none): found by
                # its path like an image, and named after its file.
                self.documents.add(source, PurePosixPath(source).stem)
                return self._document_tag(href, source, PurePosixPath(source).name, rewrite)
            if wordpress_id is None and source:
                detail = f"{href}: a link to an image file, which is imported only where a post shows it"
                rewrite.notes.append(ImportNote(LINK_KEPT, detail))
                return None
            if wordpress_id is None:
                detail = f"{href}: no imported post, page or document has this address"
                rewrite.notes.append(ImportNote(LINK_KEPT, detail))
                return None
            title = self._titles.get(wordpress_id) or f"item {wordpress_id}"
            if wordpress_id in self._document_sources:
                return self._document_tag(href, self._document_sources[wordpress_id], title, rewrite)
            page_pk = self._page_pk(wordpress_id)
            if page_pk is None and wordpress_id in self._to_write and wordpress_id not in self._attempted:
                rewrite.waiting = True
                return None
            if page_pk is None:
                reason = self._not_imported.get(wordpress_id, "it was not imported")
                rewrite.notes.append(ImportNote(LINK_KEPT, f"{href}: “{title}” ({wordpress_id}): {reason}"))
                return None
            rewrite.notes.append(ImportNote(LINK_REWRITTEN, f"{href} → page “{title}”{_dropped(href)}"))
            return f'<a linktype="page" id="{page_pk}">'

        return opening_tag

    def _document_tag(self, href: str, source: str, title: str, rewrite: LinkRewrite) -> str | None:
        if not self.documents.is_found(source):
            reason = self.documents.why_not(source) or "see its own line"
            detail = f"{href}: document “{title}” was not imported ({reason})"
            rewrite.notes.append(ImportNote(LINK_KEPT, detail))
            return None
        rewrite.notes.append(ImportNote(LINK_REWRITTEN, f"{href} → document “{title}”{_dropped(href)}"))
        pk = self.documents.pk_for(source)
        # A dry run creates no document to link to; the rolled-back text keeps its old link.
        return f'<a linktype="document" id="{pk}">' if pk is not None else None

    def _page_pk(self, wordpress_id: int) -> int | None:
        if wordpress_id not in self._page_pks:
            # Imported by an earlier run, or not at all.
            self._page_pks[wordpress_id] = next(
                (
                    pk
                    for model in (ContentPage, ArticlePage)
                    if (
                        pk := model.objects.filter(wordpress_id=wordpress_id)
                        .values_list("pk", flat=True)
                        .first()
                    )
                ),
                None,
            )
        return self._page_pks[wordpress_id]


def _dropped(href: str) -> str:
    fragment = fragment_of(href)
    return f" (its #{fragment} anchor was dropped)" if fragment else ""
