"""`import_wordpress` makes non-image attachments documents and links between imported items Wagtail links."""

import csv
import re
from pathlib import Path

from bs4 import BeautifulSoup

from django.test import override_settings

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import Revision
from wagtail.test.utils import WagtailPageTestCase

from blog.models import ContentPage
from tests.factories import make_site_tree
from tests.test_import_wordpress import MEDIA, TemporaryMediaRoot, article, run_import

DOCUMENTS = Path(__file__).parent / "fixtures" / "wordpress" / "documents.xml"
Document = get_document_model()
LINKS_SUMMARY = "Links to imported posts, pages and documents rewritten: 11 (4 left pointing at the old site)"


def page(wordpress_id):
    return ContentPage.objects.get(wordpress_id=wordpress_id)


def document(title):
    return Document.objects.get(title=title)


def rich_text_of(page):
    return "".join(block.value.source for block in page.body if block.block_type == "paragraph")


def link_of(source, text):
    """The opening tag of the link whose text is ``text`` in rich text's stored form."""
    found = re.search(rf"(<a [^>]*>){re.escape(text)}</a>", source)
    assert found, f"no link “{text}” in {source}"
    return found.group(1)


class ImportedDocumentsTests(TemporaryMediaRoot, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = make_site_tree()
        cls.report_path = Path(cls.media_root) / "report.csv"
        with override_settings(MEDIA_ROOT=cls.media_root):
            cls.out, cls.err, cls.error = run_import(DOCUMENTS, media_dir=MEDIA, report=cls.report_path)
        cls.report_rows = cls.read_report(cls.report_path)

    @staticmethod
    def read_report(path):
        with path.open(encoding="utf-8") as file:
            return [(row["post_id"], row["change"], row["detail"]) for row in csv.DictReader(file)]

    def rendered(self, page):
        with override_settings(MEDIA_ROOT=self.media_root):
            response = self.client.get(page.url)
        assert response.status_code == 200
        return BeautifulSoup(response.content, "html.parser")

    def test_the_run_succeeds(self):
        assert self.error is None, self.err

    def test_pdf_attachments_become_documents_found_by_their_uploads_path_whatever_the_host(self):
        intake = document("New patient intake form")
        assert intake.file.name.endswith(".pdf")
        assert intake.file_size == (MEDIA / "2020/03/new-patient-intake.pdf").stat().st_size
        # On WordPress.com, without _wp_attached_file: looked for at 2020/05/consent.pdf.
        assert document("Consent to treatment").file_size == (MEDIA / "2020/05/consent.pdf").stat().st_size
        assert "Documents found: 3 (3 added to Wagtail, 0 already there)" in self.out

    def test_a_missing_file_a_refused_type_and_a_trashed_attachment_are_reported(self):
        media = MEDIA.resolve()
        assert "Documents missing: 1" in self.out
        assert f"  2020/03/aftercare-sheet.docx: not found in {media}" in self.out
        assert "Documents not imported: 2" in self.out
        lines = [line for line in self.report_rows if line[1].startswith("document")]
        assert lines == [
            ("901", "document imported", "2020/03/new-patient-intake.pdf"),
            ("902", "document imported", "2020/05/consent.pdf"),
            (
                "903",
                "document missing",
                f"2020/03/aftercare-sheet.docx: not found in {media}; "
                "links to it keep pointing at the old site",
            ),
            (
                "904",
                "document not imported",
                "2020/04/welcome.mp3: a .mp3 is not a document type the site accepts (PDF, DOCX, ODT, TXT); "
                "links to it keep pointing at the old site",
            ),
            ("905", "document not imported", "2020/01/price-list.pdf: a trashed attachment is not published"),
        ]

    def test_a_linked_file_the_export_has_no_attachment_for_is_found_in_the_media_folder(self):
        exercises = document("knee-exercises")
        assert exercises.file.name.endswith(".txt")
        assert link_of(rich_text_of(article(962)), "knee exercises") == (
            f'<a linktype="document" id="{exercises.pk}">'
        )
        assert Document.objects.count() == 3

    def test_old_uploads_address_of_a_document_redirects_to_it_on_this_site(self):
        intake = document("New patient intake form")
        with override_settings(MEDIA_ROOT=self.media_root):
            response = self.client.get("/wp-content/uploads/2020/03/new-patient-intake.pdf")
            assert response.status_code == 301
            assert response["Location"] == intake.url
            download = self.client.get(response["Location"])
        assert download.status_code == 200
        assert b"".join(download.streaming_content).startswith(b"%PDF")
        assert response["Location"].startswith("/documents/")

    def test_links_to_documents_become_document_links_whatever_the_host_spelling(self):
        source = rich_text_of(article(961))
        intake, consent = document("New patient intake form"), document("Consent to treatment")
        tag = link_of(source, "new patient intake form (PDF)")
        assert tag == f'<a linktype="document" id="{intake.pk}">'
        assert link_of(source, "consent to treatment form") == f'<a linktype="document" id="{consent.pk}">'
        assert link_of(rich_text_of(page(951)), "intake form") == f'<a linktype="document" id="{intake.pk}">'
        html = self.rendered(article(961))
        assert html.find("a", string="new patient intake form (PDF)")["href"] == intake.url

    def test_links_to_pages_and_posts_become_page_links_by_permalink_or_short_link(self):
        first_visit = rich_text_of(article(961))
        assert link_of(first_visit, "guide for new patients") == f'<a linktype="page" id="{page(951).pk}">'
        assert (
            link_of(first_visit, "how to reach the front desk") == f'<a linktype="page" id="{page(952).pk}">'
        )
        # 962 comes after 961 in the export: written, then 961 written again with the link.
        assert (
            link_of(first_visit, "what to bring on the day") == f'<a linktype="page" id="{article(962).pk}">'
        )
        what_to_bring = rich_text_of(article(962))
        assert link_of(what_to_bring, "preparing for your first visit") == (
            f'<a linktype="page" id="{article(961).pk}">'
        )
        assert link_of(what_to_bring, "new patients page") == f'<a linktype="page" id="{page(951).pk}">'
        # A page links to a post, which is written after the pages.
        assert link_of(rich_text_of(page(951)), "how to prepare for your first visit") == (
            f'<a linktype="page" id="{article(961).pk}">'
        )
        assert link_of(rich_text_of(page(952)), "our new patients page") == (
            f'<a linktype="page" id="{page(951).pk}">'
        )

    def test_a_rewritten_link_follows_its_page_to_a_new_slug(self):
        target = article(962)
        target.slug = "bringing-your-forms"
        target.save_revision().publish()
        html = self.rendered(article(961))
        assert html.find("a", string="what to bring on the day")["href"] == "/blog/bringing-your-forms/"

    def test_links_nothing_imported_answers_are_left_and_reported_external_ones_untouched(self):
        source = rich_text_of(article(961))
        assert link_of(source, "aftercare sheet") == (
            '<a href="https://lakeside.example/wp-content/uploads/2020/03/aftercare-sheet.docx">'
        )
        assert link_of(source, "clinic news") == '<a href="https://lakeside.example/category/news/">'
        assert link_of(rich_text_of(article(962)), "staff parking notes") == (
            '<a href="https://lakeside.example/?p=963">'
        )
        assert (
            link_of(source, "pain foundation's guides")
            == '<a href="https://www.painfoundation.example/guides/">'
        )

    def test_every_link_change_is_a_report_line_and_counted_in_the_summary(self):
        site, uploads = "https://lakeside.example", "https://lakeside.example/wp-content/uploads"
        intake, first_visit = "document “New patient intake form”", "page “Preparing for your first visit”"
        wordpress_com, anchor = (
            "https://lakesideclinic.files.wordpress.com",
            "(its #checklist anchor was dropped)",
        )
        rewritten = [
            ("951", f"{uploads}/2020/03/new-patient-intake.pdf → {intake}"),
            ("951", f"{site}/?p=961 → {first_visit}"),
            ("952", f"{site}/new-patients/ → page “New Patients”"),
            ("961", "/new-patients/ → page “New Patients”"),
            ("961", "https://www.lakeside.example/?page_id=952 → page “Contact”"),
            ("961", f"http://LAKESIDE.example/wp-content/uploads/2020/03/new-patient-intake.pdf → {intake}"),
            ("961", f"{wordpress_com}/2020/05/consent.pdf → document “Consent to treatment”"),
            ("961", f"{site}/2020/05/02/what-to-bring/#checklist → page “What to bring” {anchor}"),
            ("962", f"{site}/2020/05/01/preparing-for-your-first-visit → {first_visit}"),
            ("962", f"{site}/?p=951 → page “New Patients”"),
            ("962", f"{uploads}/2019/11/knee-exercises.txt → document “knee-exercises.txt”"),
        ]
        kept = [
            (
                "961",
                f"{uploads}/2020/03/aftercare-sheet.docx: document “Aftercare sheet” was not imported "
                f"(not found in {MEDIA.resolve()})",
            ),
            ("961", f"{site}/category/news/: no imported post, page or document has this address"),
            ("962", f"{site}/?p=963: “Staff parking” (963): private post"),
            (
                "962",
                f"{uploads}/2019/05/botox-injection.png: a link to an image file, which is imported only "
                "where a post shows it",
            ),
        ]
        lines = sorted(
            (post_id, detail) for post_id, change, detail in self.report_rows if change == "link rewritten"
        )
        assert lines == sorted(rewritten)
        lines = sorted(
            (post_id, detail)
            for post_id, change, detail in self.report_rows
            if change == "link to the old site kept"
        )
        assert lines == sorted(kept)
        assert LINKS_SUMMARY in self.out

    def test_a_post_waiting_for_its_link_target_is_written_once_more_and_only_then(self):
        # Imported, then written again with the link to 962; 962 needed nothing more.
        assert article(961).revisions.count() == 2
        assert article(962).revisions.count() == 1
        assert page(951).revisions.count() == 2
        assert page(952).revisions.count() == 1
        assert article(961).live and page(951).live

    def test_a_second_run_adds_nothing_and_saves_no_revision(self):
        counts = (Document.objects.count(), Revision.objects.count(), Redirect.objects.count())
        second_report = Path(self.media_root) / "second.csv"
        with override_settings(MEDIA_ROOT=self.media_root):
            out, err, error = run_import(DOCUMENTS, media_dir=MEDIA, report=second_report)
        assert error is None, err
        assert (Document.objects.count(), Revision.objects.count(), Redirect.objects.count()) == counts
        assert "Documents found: 3 (0 added to Wagtail, 3 already there)" in out
        assert LINKS_SUMMARY in out
        rows = self.read_report(second_report)
        assert ("901", "document imported", "2020/03/new-patient-intake.pdf (already in Wagtail)") in rows


class DryRunDocumentsTests(TemporaryMediaRoot, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = make_site_tree()
        with override_settings(MEDIA_ROOT=cls.media_root):
            cls.out, cls.err, cls.error = run_import(DOCUMENTS, media_dir=MEDIA, dry_run=True)

    def test_a_dry_run_tells_what_would_happen_and_writes_no_document(self):
        assert self.error is None, self.err
        assert not Document.objects.exists()
        assert not list(Path(self.media_root).rglob("*.pdf"))
        assert "Documents found: 3 (3 would be added to Wagtail, 0 already there)" in self.out
        assert LINKS_SUMMARY in self.out
