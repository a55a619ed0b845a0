"""What a WordPress import did, counted as it goes and told at the end."""

import csv
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from .document_library import DocumentReport
from .legacy_redirects import RedirectReport
from .media_library import MediaReport

# Missing images and warnings listed in the summary; the rest are counted.
LISTED = 20


@dataclass(frozen=True)
class PostOutcome:
    """One post item of the export: what happened to it."""

    post_id: int | None
    title: str
    # "created", "updated", "skipped" or "failed"
    action: str
    # The page's address and status, the reason for a skip, or the error.
    detail: str


@dataclass(frozen=True)
class ReportLine:
    """One line of the report file: what happened to one post that an editor should know about."""

    post_id: int | None
    title: str
    # What kind of change, e.g. "embed made a link"; counted in the summary.
    change: str
    detail: str


@dataclass
class ImportReport:
    export_name: str
    blog_url: str
    dry_run: bool = False
    # Post and page items in the export, whatever their status: the progress total.
    total_posts: int = 0
    created: int = 0
    updated: int = 0
    # WordPress pages made content pages under the home page.
    pages_created: int = 0
    pages_updated: int = 0
    statuses: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    other_types: Counter = field(default_factory=Counter)
    comments: int = 0
    categories: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    authors: set[str] = field(default_factory=set)
    # Date archive paths the imported posts were listed in, e.g. "2019/05".
    archive_dates: set[str] = field(default_factory=set)
    # Rows the import added, by kind, from the table sizes before and after.
    new_rows: Counter = field(default_factory=Counter)
    media: MediaReport = field(default_factory=MediaReport)
    documents: DocumentReport = field(default_factory=DocumentReport)
    redirects: RedirectReport = field(default_factory=RedirectReport)
    warnings: list[str] = field(default_factory=list)
    # Per post: every change, loss, skip and failure, for the report file.
    lines: list[ReportLine] = field(default_factory=list)

    def add_line(self, post_id: int | None, title: str, change: str, detail: str) -> None:
        self.lines.append(ReportLine(post_id, title, change, detail))

    @property
    def changes(self) -> Counter:
        """Report lines by kind of change, leaving out posts not imported (counted on their own lines)."""
        return Counter(line.change for line in self.lines if not line.change.startswith("not imported"))

    @property
    def done(self) -> int:
        written = self.created + self.updated + self.pages_created + self.pages_updated
        return written + sum(self.skipped.values()) + len(self.errors)

    def summary_lines(self) -> list[str]:
        would = "would be " if self.dry_run else ""
        documents = self.documents
        lines = [
            f"WordPress import of {self.export_name} into {self.blog_url}"
            + (" — dry run, nothing was written" if self.dry_run else ""),
            f"Posts {would}imported: {self.created + self.updated} "
            f"({self.created} new, {self.updated} updated)" + _breakdown(self.statuses),
            f"Pages {would}imported: {self.pages_created + self.pages_updated} "
            f"({self.pages_created} new, {self.pages_updated} updated)",
            f"Posts skipped: {sum(self.skipped.values())}" + _breakdown(self.skipped),
            f"Errors: {len(self.errors)}",
            *(f"  {error}" for error in self.errors[:LISTED]),
            *_more(self.errors),
            f"Other items not imported as articles: {sum(self.other_types.values())}"
            + _breakdown(self.other_types),
            f"Comments not imported (clinic policy): {self.comments}",
            f"Categories used: {len(self.categories)} ({self.new_rows['categories']} new)",
            f"Tags used: {len(self.tags)} ({self.new_rows['tags']} new)",
            f"Authors: {len(self.authors)} (people created: {self.new_rows['people']})",
            f"Images found: {len(self.media.found)} ({len(self.media.found) - len(self.media.reused)} "
            f"{would}added to Wagtail, {len(self.media.reused)} already there)",
            f"Images missing: {len(self.media.missing)}",
            *(f"  {source}: {reason}" for source, reason in list(self.media.missing.items())[:LISTED]),
            *_more(self.media.missing),
            f"Documents found: {len(documents.found)} ({len(documents.found) - len(documents.reused)} "
            f"{would}added to Wagtail, {len(documents.reused)} already there)",
            f"Documents missing: {len(documents.missing)}",
            *(f"  {source}: {reason}" for source, reason in list(documents.missing.items())[:LISTED]),
            *_more(documents.missing),
            f"Documents not imported: {len(documents.refused)}",
            *(f"  {source}: {reason}" for source, reason in list(documents.refused.items())[:LISTED]),
            *_more(documents.refused),
            f"Links to imported posts, pages and documents rewritten: {self.changes['link rewritten']} "
            f"({self.changes['link to the old site kept']} left pointing at the old site)",
            f"Redirects {'that would be ' if self.dry_run else ''}created: {self.redirects.created} "
            f"({self.redirects.unchanged} already in place)",
            f"Changes to review: {sum(self.changes.values())}" + _breakdown(self.changes),
            f"Warnings: {len(self.warnings) + len(self.redirects.warnings)}",
            *(f"  {warning}" for warning in (self.warnings + self.redirects.warnings)[:LISTED]),
            *_more(self.warnings + self.redirects.warnings),
        ]
        return lines


REPORT_COLUMNS = ("post_id", "title", "change", "detail")


def write_report_csv(report: ImportReport, out: TextIO) -> None:
    """The report's lines as CSV, one per change, loss, skip or failure: documents, pages, then posts,
    each in export order."""
    writer = csv.writer(out)
    writer.writerow(REPORT_COLUMNS)
    for line in report.lines:
        writer.writerow(("" if line.post_id is None else line.post_id, line.title, line.change, line.detail))


def _breakdown(counts: Counter) -> str:
    if not counts:
        return ""
    return " — " + ", ".join(f"{name}: {count}" for name, count in sorted(counts.items()))


def _more(items) -> list[str]:
    extra = len(items) - LISTED
    return [f"  …and {extra} more"] if extra > 0 else []
