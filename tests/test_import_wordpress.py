"""`import_wordpress` on the fixture export: pages, blocks, terms, people, dates, redirects, safety."""

import shutil
import tempfile
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from django.core.management import CommandError, call_command
from django.test import override_settings

from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Revision
from wagtail.test.utils import WagtailPageTestCase

from blog.models import ArticlePage, BlogIndexPage, Category, ClinicalApproval, Person, PhoneContact
from tests.factories import BlogIndexPageFactory, PersonFactory, make_site_tree

FIXTURES = Path(__file__).parent / "fixtures" / "wordpress"
EXPORT = FIXTURES / "export.xml"
MEDIA = FIXTURES / "media"
SEED = (
    Path(__file__).resolve().parents[1]
    / "blog"
    / "demo_content"
    / "how-botox-can-help-in-pain-management.txt"
)
IMPORTED_IDS = [101, 103, 104, 105, 107, 108, 109]
PERMALINK = "/2019/05/14/how-botox-can-help-in-pain-management/"


def run_import(*args, **options):
    """Run the command; return its output, error output and the CommandError it ended with, if any."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_wordpress", *map(str, args), stdout=out, stderr=err, **options)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def row_counts():
    return {
        "pages": ArticlePage.objects.count(),
        "revisions": Revision.objects.count(),
        "redirects": Redirect.objects.count(),
        "images": get_image_model().objects.count(),
        "people": Person.objects.count(),
        "categories": Category.objects.count(),
        "tags": Tag.objects.count(),
        "phone_contacts": PhoneContact.objects.count(),
    }


def article(wordpress_id):
    return ArticlePage.objects.get(wordpress_id=wordpress_id)


class TemporaryMediaRoot:
    """A media folder of the test class's own, made before and removed after its tests."""

    @classmethod
    def setUpClass(cls):
        cls.media_root = tempfile.mkdtemp()
        cls.addClassCleanup(shutil.rmtree, cls.media_root, ignore_errors=True)
        super().setUpClass()


def blocks_of(page, block_type):
    return [block.value for block in page.body if block.block_type == block_type]


class ImportedFixtureTests(TemporaryMediaRoot, WagtailPageTestCase):
    """The fixture imported once, with its media folder; each test looks at one part of the result."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = make_site_tree()
        with override_settings(MEDIA_ROOT=cls.media_root):
            cls.out, cls.err, cls.error = run_import(EXPORT, media_dir=MEDIA)

    def test_posts_become_articles_with_their_titles_and_slugs(self):
        pages = ArticlePage.objects.order_by("wordpress_id")
        assert [page.wordpress_id for page in pages] == IMPORTED_IDS
        assert all(page.get_parent().pk == self.blog_index.pk for page in pages)
        assert article(101).title == "How Botox Can Help In Pain Management"
        assert article(101).slug == "how-botox-can-help-in-pain-management"
        assert article(103).title == "Nerve Blocks & Radiofrequency Ablation: What’s the Difference?"
        # A draft without wp:post_name gets its slug from the title.
        assert article(105).slug == "spinal-cord-stimulation-frequently-asked-questions"

    def test_published_posts_are_live_and_drafts_are_not(self):
        assert {page.wordpress_id for page in ArticlePage.objects.live()} == {101, 103, 104, 108}
        for draft in (article(105), article(109)):
            assert not draft.live
            assert draft.go_live_at is None
            assert draft.latest_revision is not None
            assert draft.first_published_at is None

    def test_future_post_is_scheduled_to_go_live_at_its_date(self):
        scheduled = article(107)
        go_live = datetime(2030, 1, 15, 14, 0, tzinfo=UTC)
        assert not scheduled.live
        assert scheduled.go_live_at == go_live
        assert scheduled.latest_revision.approved_go_live_at == go_live
        assert self.client.get(scheduled.url).status_code == 404

    def test_private_and_trashed_posts_pages_and_attachments_are_counted_not_imported(self):
        assert not ArticlePage.objects.filter(wordpress_id__in=[12, 106, 110, 130]).exists()
        assert "Posts skipped: 2 — private post: 1, trashed post: 1" in self.out
        # The page (12) is imported as a content page; see tests/test_import_wordpress_pages.py.
        assert "Pages imported: 1 (1 new, 0 updated)" in self.out
        assert "Other items not imported as articles: 1 — attachment: 1" in self.out
        assert "Comments not imported (clinic policy): 2" in self.out

    def test_first_published_is_the_wordpress_gmt_date_and_last_published_its_modified_date(self):
        seed = article(101)
        assert seed.first_published_at == datetime(2019, 5, 14, 14, 12, 37, tzinfo=UTC)
        assert seed.last_published_at == datetime(2019, 5, 20, 21, 40, 2, tzinfo=UTC)
        assert seed.publication_date == seed.first_published_at
        listed = [page.wordpress_id for page in self.blog_index.articles()]
        assert listed == [103, 108, 104, 101]

    def test_classic_post_becomes_paragraphs_and_one_list_in_rich_text(self):
        [text] = blocks_of(article(101), "paragraph")
        html = text.source
        assert html.startswith("<p>What is used to help reduce fine lines and wrinkles")
        assert html.count("<p>") == 6
        assert html.endswith(
            "<ul><li>Muscle pain arising from chronic muscle spasm</li>"
            "<li>Neck pain in cervical dystonia</li><li>Migraine headaches</li>"
            "<li>Nerve disorders resulting in blepharospasm</li>"
            "<li>Myofascial pain</li></ul>"
        )

    def test_block_editor_headings_formatting_and_links_are_kept(self):
        [text] = blocks_of(article(103), "paragraph")
        html = text.source
        assert "<h2>Nerve blocks</h2>" in html
        assert "<h3>Radiofrequency ablation</h3>" in html
        assert "<h4>Good to know</h4>" in html
        assert "<b>nerve block</b>" in html
        assert (
            '<a href="https://www.twincitiespainclinic.example/treatments/rfa/">our RFA program</a>' in html
        )
        assert "<!--" not in html

    def test_captioned_image_becomes_an_image_block_with_the_imported_image(self):
        [image_block] = blocks_of(article(104), "image")
        image = get_image_model().objects.get()
        assert image_block["image"].pk == image.pk
        assert image.title == "botox-injection"
        assert (image.width, image.height) == (600, 400)
        assert image_block["alt_text"] == "Botox injection into the trapezius muscle"
        assert (
            image_block["caption"] == "A Botox injection into the trapezius muscle takes only a few seconds."
        )
        assert "Images found: 1 (1 added to Wagtail, 0 already there)" in self.out
        assert "Images missing: 0" in self.out

    def test_phone_numbers_in_both_posts_bind_to_one_phone_contact(self):
        contact = PhoneContact.objects.get()
        assert contact.phone_number.as_e164 == "+19528412345"
        seed_call = blocks_of(article(101), "phone_contact")
        nurse_call = blocks_of(article(103), "phone_contact")
        assert [block["contact"].pk for block in seed_call + nurse_call] == [contact.pk, contact.pk]
        assert seed_call[0]["lead_in"] == (
            "If you experience any of the symptoms listed above and are curious if Botox could help you, "
            "please call"
        )
        assert seed_call[0]["trailing_text"] == "to talk to a member of the Twin Cities Pain Clinic team."

    def test_categories_are_flattened_and_uncategorized_is_ours(self):
        uncategorized = Category.objects.get(slug="uncategorized")
        assert list(article(101).categories.all()) == [uncategorized]
        assert {category.slug for category in article(103).categories.all()} == {"injections", "treatments"}
        assert set(Category.objects.values_list("slug", flat=True)) == {
            "conditions",
            "injections",
            "treatments",
            "uncategorized",
        }
        assert "Categories used: 4 (3 new)" in self.out

    def test_tags_are_kept(self):
        assert set(article(101).tags.names()) == {"Botox", "pain management"}
        assert set(article(103).tags.names()) == {"nerve pain", "radiofrequency ablation"}
        assert "Tags used: 5 (5 new)" in self.out

    def test_authors_become_people_and_no_one_is_recorded_as_reviewer(self):
        assert set(Person.objects.values_list("name", flat=True)) == {
            "Twin Cities Pain Clinic",
            "Dr. Anna Lindqvist",
        }
        assert article(103).author.name == "Dr. Anna Lindqvist"
        assert article(101).author.name == "Twin Cities Pain Clinic"
        live = ArticlePage.objects.live()
        assert not ClinicalApproval.objects.filter(page__in=live).exists()

    def test_excerpt_becomes_the_summary(self):
        assert article(104).summary == (
            "A Botox appointment takes about 15 minutes. Here is what to expect before & after."
        )

    def test_permalink_redirects_permanently_to_the_article(self):
        response = self.client.get(PERMALINK, follow=True)
        assert response.redirect_chain == [(article(101).url, 301)]
        assert response.status_code == 200
        assert response.context["page"].pk == article(101).pk

    def test_short_link_redirects_from_the_home_page_address(self):
        for short_link in ("/?p=101", "/?p=101&utm_source=newsletter"):
            response = self.client.get(short_link, follow=True)
            assert response.redirect_chain == [(article(101).url, 301)]
            assert response.context["page"].pk == article(101).pk
        # A draft's short link would give its address, and so its title, away: it is not found.
        assert self.client.get("/?p=105").status_code == 404
        assert self.client.get("/?p=999").status_code == 404

    def test_other_query_strings_still_get_the_home_page(self):
        for path in ("/?p=abc", "/?page=2"):
            response = self.client.get(path)
            assert response.status_code == 200
            assert response.context["page"].pk == self.home.pk

    def test_archive_and_feed_addresses_redirect_to_the_blog_routes(self):
        expected = {
            "/category/injections": "/category/injections/",
            "/category/treatments/injections": "/category/injections/",
            "/category/uncategorized": "/category/uncategorized/",
            "/tag/back-pain": "/tag/back-pain/",
            "/feed": "/feed/",
        }
        for old_path, route in expected.items():
            redirect = Redirect.objects.get(old_path=old_path)
            assert redirect.redirect_page.pk == self.blog_index.pk
            assert redirect.redirect_page_route_path == route
            response = self.client.get(f"{old_path}/")
            assert response.status_code == 301
            assert response["Location"] == redirect.link
            assert response["Location"].startswith(self.blog_index.url)

    def test_every_imported_post_has_a_redirect_from_each_old_address(self):
        # Redirects to the blog (archives, feeds) and to image files (old upload addresses) aside.
        post_redirects = Redirect.objects.exclude(redirect_page=self.blog_index).exclude(redirect_page=None)
        # The page's permalink and ?page_id= are the other two.
        assert post_redirects.count() == 13
        assert all(redirect.is_permanent for redirect in Redirect.objects.all())
        assert set(post_redirects.filter(redirect_page=article(104)).values_list("old_path", flat=True)) == {
            "/2019/05/28/before-after-your-first-botox-appointment",
            "/?p=104",
        }
        assert "Redirects created: 61 (0 already in place)" in self.out

    def test_malformed_post_is_reported_by_its_id_and_the_rest_import(self):
        assert "'11O'" in self.err
        assert "Knee Pain" in self.err
        assert "Errors: 1" in self.out
        assert "1 post could not be imported" in str(self.error)
        assert not ArticlePage.objects.filter(title__startswith="Knee Pain").exists()

    def test_progress_is_one_plain_line_at_a_time_in_a_log(self):
        lines = self.out.splitlines()
        # The export's page comes first: it is counted as done, not as a new post.
        assert "1/11 posts (0 new, 0 updated, 0 skipped, 0 failed)" in lines
        assert "11/11 posts (7 new, 0 updated, 2 skipped, 1 failed)" in lines
        assert "\r" not in self.out


def test_rendered_article_shows_the_imported_image_with_its_caption(blog_index, client):
    run_import(EXPORT, media_dir=MEDIA)
    soup = BeautifulSoup(client.get(article(104).url).content, "html.parser")
    figure = soup.select_one(".article__body figure")
    assert figure.img["alt"] == "Botox injection into the trapezius muscle"
    assert (
        figure.figcaption.get_text()
        == "A Botox injection into the trapezius muscle takes only a few seconds."
    )


def test_second_run_updates_and_duplicates_nothing(blog_index):
    first_out, _, _ = run_import(EXPORT, media_dir=MEDIA)
    first = row_counts()
    second_out, _, _ = run_import(EXPORT, media_dir=MEDIA)
    second = row_counts()
    # The same content again saves no revision: nothing grows.
    assert second == first
    assert "Posts imported: 7 (7 new, 0 updated)" in first_out
    assert "Posts imported: 7 (0 new, 7 updated)" in second_out
    assert "Redirects created: 0 (61 already in place)" in second_out
    assert "Images found: 1 (0 added to Wagtail, 1 already there)" in second_out
    assert "Authors: 2 (people created: 0)" in second_out
    assert article(101).first_published_at == datetime(2019, 5, 14, 14, 12, 37, tzinfo=UTC)


def test_dry_run_writes_nothing_and_says_what_would_happen(blog_index, settings):
    before = row_counts()
    out, _, _ = run_import(EXPORT, media_dir=MEDIA, dry_run=True)
    assert row_counts() == before
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*.png"))
    assert "dry run, nothing was written" in out
    assert "post 101 “How Botox Can Help In Pain Management”: would be created" in out
    assert "Posts would be imported: 7 (7 new, 0 updated)" in out
    assert "Images found: 1 (1 would be added to Wagtail, 0 already there)" in out
    assert "Redirects that would be created: 60" in out


@pytest.mark.parametrize(
    ("export", "message"),
    [
        (FIXTURES / "malformed.xml", "malformed.xml is not well-formed XML: mismatched tag at line 30"),
        (FIXTURES / "xxe.xml", "xxe.xml is not a WordPress export: entity declarations are not allowed"),
        (FIXTURES / "billion_laughs.xml", "entity declarations are not allowed"),
        (FIXTURES / "missing.xml", "missing.xml can't be read"),
    ],
)
def test_bad_file_is_one_clear_error_and_writes_nothing(blog_index, export, message):
    before = row_counts()
    _, _, error = run_import(export)
    assert error is not None
    assert message in str(error)
    assert "\n" not in str(error)
    assert row_counts() == before


def test_rss_feed_that_is_not_a_wordpress_export_is_refused(blog_index, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>News</title></channel></rss>')
    _, _, error = run_import(feed)
    assert "feed.xml is not a WordPress export: it has no WordPress (WXR) namespace" in str(error)
    assert Redirect.objects.count() == 0


def test_missing_media_is_reported_and_the_image_description_kept(blog_index):
    out, _, _ = run_import(EXPORT)
    assert get_image_model().objects.count() == 0
    assert "Images missing: 1" in out
    assert "2019/05/botox-injection.png: no media folder given (--media-dir)" in out
    paragraphs = [value.source for value in blocks_of(article(104), "paragraph")]
    assert (
        "<p><i>Image: Botox injection into the trapezius muscle — "
        "A Botox injection into the trapezius muscle takes only a few seconds.</i></p>" in paragraphs[1]
    )


def test_media_folder_without_the_file_reports_it(blog_index, tmp_path):
    out, _, _ = run_import(EXPORT, media_dir=tmp_path)
    assert f"2019/05/botox-injection.png: not found in {tmp_path}" in out


def test_import_article_and_import_wordpress_share_the_article_contact_and_categories(blog_index):
    call_command("import_article", str(SEED), stdout=StringIO())
    seed = ArticlePage.objects.get()
    out, _, _ = run_import(EXPORT)
    assert "Posts imported: 7 (6 new, 1 updated)" in out
    seed.refresh_from_db()
    assert seed.wordpress_id == 101
    assert ArticlePage.objects.count() == 7
    contact = PhoneContact.objects.get()
    assert [block["contact"].pk for block in blocks_of(seed, "phone_contact")] == [contact.pk]
    assert Category.objects.filter(slug="uncategorized").count() == 1


def test_author_map_sends_logins_to_existing_people_and_users(blog_index, tmp_path, django_user_model):
    doctor = PersonFactory(name="Anna Lindqvist", credentials="MD")
    django_user_model.objects.create_user("webmaster", first_name="Web", last_name="Team")
    author_map = tmp_path / "authors.csv"
    author_map.write_text("login,person\ndr_lindqvist,Anna Lindqvist\ntcpc_admin,webmaster\n")
    run_import(EXPORT, author_map=author_map)
    assert article(103).author.pk == doctor.pk
    webmaster = article(101).author
    assert (webmaster.name, webmaster.user.username) == ("Web Team", "webmaster")
    assert Person.objects.count() == 2


def test_json_author_map_is_read_too(blog_index, tmp_path):
    doctor = PersonFactory(name="Anna Lindqvist")
    author_map = tmp_path / "authors.json"
    author_map.write_text('{"dr_lindqvist": "Anna Lindqvist"}')
    run_import(EXPORT, author_map=author_map)
    assert article(103).author.pk == doctor.pk
    assert article(101).author.name == "Twin Cities Pain Clinic"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("dr_lindqvist,Nobody Here\n", "authors.csv", "'dr_lindqvist' → 'Nobody Here' matches no person"),
        ("dr_lindqvist\n", "authors.csv", "line 1: expected “login,person”, found 1 values"),
        ('["dr_lindqvist"]', "authors.json", 'must be one JSON object of "login": "person" strings'),
    ],
)
def test_unusable_author_map_is_one_clear_error_and_writes_nothing(
    blog_index, tmp_path, content, name, message
):
    author_map = tmp_path / name
    author_map.write_text(content)
    _, _, error = run_import(EXPORT, author_map=author_map)
    assert message in str(error)
    assert ArticlePage.objects.count() == 0
    assert Person.objects.count() == 0


def test_blog_option_picks_the_blog_index_by_its_address(blog_index, home_page):
    news = BlogIndexPageFactory(parent=home_page, title="News", slug="news")
    run_import(EXPORT, blog="/news/")
    assert ArticlePage.objects.child_of(news).count() == 7
    assert ArticlePage.objects.child_of(blog_index).count() == 0
    assert Redirect.objects.get(old_path="/feed").redirect_page.pk == news.pk


def test_unknown_blog_path_is_an_error(blog_index):
    _, _, error = run_import(EXPORT, blog="/nowhere/")
    assert "No blog index at /nowhere/ (blog indexes: /blog/)" in str(error)
    assert ArticlePage.objects.count() == 0


def test_post_the_site_cannot_store_is_rolled_back_alone(blog_index, tmp_path):
    export = tmp_path / "long-title.xml"
    long_title = "Pain " * 60
    export.write_text(
        EXPORT.read_text(encoding="utf-8").replace(
            "<title><![CDATA[Physical Therapy After a Nerve Block]]></title>",
            f"<title><![CDATA[{long_title}]]></title>",
        ),
        encoding="utf-8",
    )
    out, err, error = run_import(export)
    assert "post 109 (“Pain Pain Pain" in err
    assert "…”): Ensure this value has at most 255 characters (it has 299)." in err
    assert "2 posts could not be imported" in str(error)
    assert not ArticlePage.objects.filter(wordpress_id=109).exists()
    assert not Redirect.objects.filter(old_path="/?p=109").exists()
    assert ArticlePage.objects.count() == 6
    assert "Redirects created: 59 (0 already in place)" in out


def test_slug_of_another_wordpress_post_is_not_taken_over(blog_index, tmp_path):
    export = tmp_path / "same-slug.xml"
    export.write_text(
        EXPORT.read_text(encoding="utf-8").replace(
            "<wp:post_name><![CDATA[dont-ignore-chronic-back-pain]]></wp:post_name>",
            "<wp:post_name><![CDATA[how-botox-can-help-in-pain-management]]></wp:post_name>",
        ),
        encoding="utf-8",
    )
    out, _, _ = run_import(export)
    assert article(101).slug == "how-botox-can-help-in-pain-management"
    assert article(108).slug == "how-botox-can-help-in-pain-management-2"
    assert "post 108: the slug “how-botox-can-help-in-pain-management” is taken" in out


def test_posts_sharing_a_slug_of_the_longest_length_each_get_their_own(blog_index, tmp_path):
    long_slug = "chronic-pain-" * 19 + "relief"  # 253 characters: a numbered suffix must cut it
    export_text = EXPORT.read_text(encoding="utf-8")
    for name in [
        "how-botox-can-help-in-pain-management",
        "dont-ignore-chronic-back-pain",
        "nerve-blocks-radiofrequency-ablation",
    ]:
        export_text = export_text.replace(
            f"<wp:post_name><![CDATA[{name}]]>", f"<wp:post_name><![CDATA[{long_slug}]]>"
        )
    export = tmp_path / "long-slugs.xml"
    export.write_text(export_text, encoding="utf-8")

    run_import(export)

    slugs = sorted(article(wordpress_id).slug for wordpress_id in (101, 103, 108))
    cut = long_slug[:246]  # cut to leave room for the number, at "…-chronic-pain" with no hyphen left over
    assert cut.endswith("-chronic-pain")
    assert slugs == [f"{cut}-2", f"{cut}-3", long_slug]


def test_no_blog_index_is_an_error(db):
    assert not BlogIndexPage.objects.exists()
    _, _, error = run_import(EXPORT)
    assert "No blog index page exists" in str(error)


def test_redirect_an_editor_made_is_left_alone_and_reported(blog_index):
    Redirect.objects.create(old_path="/feed", redirect_link="https://feeds.example.org/clinic")
    out, _, _ = run_import(EXPORT)
    assert Redirect.objects.get(old_path="/feed").link == "https://feeds.example.org/clinic"
    assert "redirect from /feed already goes to https://feeds.example.org/clinic; left as it is" in out


def test_image_already_uploaded_by_hand_is_reused(blog_index):
    from django.core.files import File

    with (MEDIA / "2019" / "05" / "botox-injection.png").open("rb") as file:
        uploaded = get_image_model().objects.create(
            title="Trapezius injection", file=File(file, "upload.png")
        )
    out, _, _ = run_import(EXPORT, media_dir=MEDIA)
    assert get_image_model().objects.get().pk == uploaded.pk
    assert blocks_of(article(104), "image")[0]["image"].pk == uploaded.pk
    assert "Images found: 1 (0 added to Wagtail, 1 already there)" in out


def test_image_path_cannot_reach_outside_the_media_folder(blog_index, tmp_path):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    shutil.copy(MEDIA / "2019" / "05" / "botox-injection.png", tmp_path / "secret.png")
    export = tmp_path / "traversal.xml"
    export.write_text(
        EXPORT.read_text(encoding="utf-8").replace(
            "wp-content/uploads/2019/05/botox-injection-300x200.png", "wp-content/uploads/../secret.png"
        ),
        encoding="utf-8",
    )
    out, _, _ = run_import(export, media_dir=uploads)
    assert get_image_model().objects.count() == 0
    assert f"../secret.png: not found in {uploads}" in out


def test_phone_lead_in_too_long_for_its_block_keeps_its_earlier_sentences_as_a_paragraph(blog_index):
    from blog.importers.article_data import ArticleData, PhoneCallData
    from blog.importers.writer import ArticleWriter

    earlier = "Winter is hard on joints. " * 14
    call = PhoneCallData(
        lead_in=f"{earlier}Questions? Please call", phone_number="952-841-2345", trailing_text=""
    )
    page = ArticleWriter(blog_index).write(ArticleData(title="Winter joints", body=[call])).page
    assert [block.block_type for block in page.body] == ["paragraph", "phone_contact"]
    assert page.body[0].value.source == f"<p>{earlier}Questions?</p>"
    assert page.body[1].value["lead_in"] == "Please call"
