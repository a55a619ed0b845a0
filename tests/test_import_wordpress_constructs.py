"""`import_wordpress` on an export holding every construct beyond prose: blocks, pages, report, redirects."""

import csv
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from django.test import override_settings

from taggit.models import Tag
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import rich_text, streamfield

from blog.blocks import ARTICLE_RICH_TEXT_FEATURES
from blog.importers.article_data import AuthorData
from blog.importers.people import People, split_credentials
from blog.importers.wordpress_html import html_to_body, summarize_body
from blog.models import ArticlePage, Person
from tests.admin_forms import add_url, article_form
from tests.factories import PersonFactory, make_site_tree
from tests.test_import_wordpress import MEDIA, TemporaryMediaRoot, article, blocks_of, run_import

CONSTRUCTS = Path(__file__).parent / "fixtures" / "wordpress" / "constructs.xml"


class ImportedConstructsTests(TemporaryMediaRoot, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = make_site_tree()
        report = Path(cls.media_root) / "report.csv"
        with override_settings(MEDIA_ROOT=cls.media_root):
            cls.out, cls.err, cls.error = run_import(CONSTRUCTS, media_dir=MEDIA, report=report)
        with report.open(encoding="utf-8") as file:
            cls.report_rows = list(csv.DictReader(file))

    def html_of(self, page):
        with override_settings(MEDIA_ROOT=self.media_root):
            response = self.client.get(page.url)
        assert response.status_code == 200
        return BeautifulSoup(response.content, "html.parser").select_one("article") or BeautifulSoup(
            response.content, "html.parser"
        )

    def report_lines(self, post_id):
        return [(row["change"], row["detail"]) for row in self.report_rows if row["post_id"] == str(post_id)]

    def test_every_post_imports_and_the_run_succeeds(self):
        assert self.error is None, self.err
        assert sorted(ArticlePage.objects.values_list("wordpress_id", flat=True)) == [201, 202, 203, 204]

    def test_table_keeps_header_row_and_caption_and_renders_accessibly(self):
        for wordpress_id, caption, header in (
            (201, "Typical doses", "Joint"),
            (202, "Your first morning", "Time"),
        ):
            [table] = blocks_of(article(wordpress_id), "table")
            assert table["table_caption"] == caption
            assert table["first_row_is_table_header"]
            rendered = self.html_of(article(wordpress_id)).select_one("table")
            assert rendered.caption.get_text() == caption
            assert rendered.select_one("thead th").get_text() == header
            assert rendered.select_one("thead th")["scope"] == "col"
        assert blocks_of(article(201), "table")[0]["data"] == [
            ["Joint", "Dose"],
            ["Knee", "40 mg"],
            ["Hip", "60 mg"],
        ]

    def test_quotes_and_pullquotes_keep_their_citation(self):
        [classic] = blocks_of(article(201), "quote")
        [pullquote] = blocks_of(article(202), "quote")
        assert (classic["text"], classic["citation"]) == (
            "The injection took a minute and I walked out without my cane.",
            "Dana, a patient",
        )
        assert (pullquote["text"], pullquote["citation"]) == (
            "Everyone explained what would happen next.",
            "Sam, a patient",
        )
        figure = self.html_of(article(202)).select_one("figure.quote")
        assert figure.blockquote.get_text(strip=True) == "Everyone explained what would happen next."
        assert figure.cite.get_text() == "Sam, a patient"

    def test_superscript_subscript_and_strikethrough_render(self):
        page = self.html_of(article(201))
        assert page.find("sup").get_text() == "2"
        assert page.find("sub").get_text() == "2"
        assert page.find("s").get_text() == "$90"

    def test_code_keeps_line_breaks_and_indentation(self):
        assert blocks_of(article(201), "preformatted") == ["Joint   Dose\n  Knee  40 mg\n  Hip   60 mg"]
        assert blocks_of(article(202), "preformatted") == ["Arrive:   8:45\nParking:  level 2"]
        assert self.html_of(article(202)).select_one("pre").get_text() == "Arrive:   8:45\nParking:  level 2"

    def test_embeds_render_as_titled_links_with_no_player(self):
        page = self.html_of(article(202))
        links = [paragraph.get_text(" ", strip=True) for paragraph in page.select("p.media-link")]
        assert links == [
            "Watch on Vimeo: A tour of the clinic",
            "Listen to the recording: https://lakeside.example/wp-content/uploads/2022/06/welcome.mp3",
        ]
        assert page.select_one("p.media-link a")["href"] == "https://vimeo.com/76979871"
        assert not page.select("iframe, audio, video, embed, object")
        [youtube] = blocks_of(article(201), "media_link")
        assert (youtube["label"], youtube["url"]) == (
            "Watch on YouTube",
            "https://www.youtube.com/watch?v=aBcDeFgHiJk",
        )

    def test_galleries_keep_their_images_and_caption(self):
        [shortcode] = blocks_of(article(201), "gallery")
        [block] = blocks_of(article(202), "gallery")
        # Attachment 302's file is not in the media folder: reported, the rest of the gallery kept.
        assert [image["alt_text"] for image in shortcode["images"]] == ["The treatment room"]
        assert block["caption"] == "Our Edina office"
        rendered = self.html_of(article(202)).select_one("figure.gallery")
        assert rendered.find("figcaption", recursive=False).get_text() == "Our Edina office"
        assert rendered.select_one("img")["alt"] == "The treatment room"

    def test_long_caption_is_kept_whole(self):
        captions = [image["caption"] for image in blocks_of(article(201), "image")]
        assert captions[0].startswith("The needle goes into the joint space")
        assert captions[0].endswith("followed by a dull ache for a day.")
        assert len(captions[0]) > 250

    def test_wordpress_com_image_is_found_and_empty_alt_is_marked_never_a_file_name(self):
        images = blocks_of(article(201), "image")
        assert [image["alt_text"] for image in images] == ["A knee injection", "needs alt text"]
        assert (
            "image without alt text",
            "2019/05/botox-injection.png imported with alt text “needs alt text”",
        ) in (self.report_lines(201))

    def test_untitled_post_gets_a_title_from_its_first_words(self):
        assert article(203).title == "The clinic is closed on the Fourth of…"
        assert self.report_lines(203) == [
            ("title invented", "the post had no title; it is now “The clinic is closed on the Fourth of…”")
        ]

    def test_report_lists_every_loss_per_post(self):
        media = MEDIA.resolve()
        assert self.report_lines(201) == [
            ("unsupported shortcode", "[contact-form-7] removed (1×), the text it wrapped kept"),
            ("list numbering changed", "an ordered list's start=3 was not kept: it is numbered from 1"),
            (
                "embed made a link",
                "https://www.youtube.com/watch?v=aBcDeFgHiJk is now a link (“Watch on YouTube”), "
                "not a player",
            ),
            (
                "link to the old site kept",
                "https://lakeside.example/faq/: no imported post, page or document has this address",
            ),
            ("image missing", f"2021/03/waiting-room.jpg: not found in {media}; nothing shown"),
            ("image without alt text", "2019/05/botox-injection.png imported with alt text “needs alt text”"),
            (
                "image missing",
                f"2020/02/knee-xray.jpg: not found in {media}; its description is kept as text",
            ),
            ("editor will refuse", "link text “link” doesn’t say where it goes"),
        ]
        assert (
            "unsupported block",
            "block “jetpack/contact-info” is not converted; its text was kept as prose",
        ) in (self.report_lines(202))
        assert (
            "list numbering changed",
            "an ordered list's reversed was not kept: it is numbered from 1",
        ) in (self.report_lines(202))

    def test_post_left_with_an_empty_body_is_reported_not_silent(self):
        assert self.report_lines(204) == [
            (
                "image missing",
                f"2022/08/dsc20040724_152504_532.jpg: not found in {MEDIA.resolve()}; nothing shown",
            ),
            ("editor will refuse", "the body is empty"),
        ]

    def test_summary_counts_each_kind_of_change(self):
        assert (
            "Changes to review: 17 — category renamed: 1, editor will refuse: 2, embed made a link: 3, "
            "image missing: 3, image without alt text: 1, link to the old site kept: 1, "
            "list numbering changed: 2, tag folded: 1, title invented: 1, unsupported block: 1, "
            "unsupported shortcode: 1"
        ) in self.out
        assert "Report: 17 lines written to" in self.out

    def test_credentialed_display_name_becomes_one_person_with_credentials(self):
        maya = article(201).author
        assert (maya.name, maya.credentials) == ("Maya Okafor", "MD")
        assert Person.objects.count() == 1

    def test_same_category_name_under_different_parents_stays_two_categories(self):
        assert [category.name for category in article(201).categories.all()] == ["Injections"]
        assert [category.name for category in article(202).categories.all()] == ["Injections (Pediatrics)"]
        assert (
            "category renamed",
            "category “Injections” (injections-pediatrics) is “Injections (Pediatrics)”: "
            "another category has its name",
        ) in self.report_lines(202)

    def test_tags_differing_only_in_case_fold_into_one(self):
        assert list(Tag.objects.values_list("name", flat=True)) == ["Knee Pain"]
        assert [tag.name for tag in article(202).tags.all()] == ["Knee Pain"]
        assert ("tag folded", "tag “knee pain” is filed under “Knee Pain”") in self.report_lines(202)

    def test_sentence_ending_in_a_phone_number_has_no_space_before_its_period(self):
        cta = self.html_of(article(202)).select_one("p.phone-cta")
        assert cta.get_text() == "Questions before your visit? Call (763) 555-0199."

    def test_every_old_address_lands_on_the_right_page(self):
        blog = self.blog_index.url
        expected = {
            "/2022/06/01/first-visit/2/": article(202).url,
            "/feed/atom/": f"{blog}feed/atom/",
            "/feed/rss2/": f"{blog}feed/",
            "/comments/feed/": f"{blog}feed/",
            "/category/injections/feed/": f"{blog}category/injections/feed/",
            "/category/pediatrics/injections-pediatrics/": f"{blog}category/injections-pediatrics/",
            "/tag/knee-pain/feed/": f"{blog}tag/knee-pain/",
            "/tag/knee-pain/": f"{blog}tag/knee-pain/",
            "/tag/knee-pain-2/": f"{blog}tag/knee-pain/",
            "/author/maya/": blog,
            "/2021/": blog,
            "/2021/03/": blog,
            "/2021/03/09/": blog,
            "/?cat=14": f"{blog}category/injections-pediatrics/",
            "/?tag=knee-pain-2": f"{blog}tag/knee-pain/",
            "/?author=7": blog,
        }
        for old, new in expected.items():
            response = self.client.get(old, follow=True)
            assert response.redirect_chain == [(new, 301)], old
            assert response.status_code == 200, old

    def test_old_upload_address_redirects_to_the_imported_file_on_this_site(self):
        image = blocks_of(article(201), "image")[0]["image"]
        response = self.client.get("/wp-content/uploads/2019/05/botox-injection.png")
        assert response.status_code == 301
        assert response["Location"] == image.file.url
        assert response["Location"].startswith("/")


@pytest.mark.django_db
def test_credentialed_author_matches_the_person_without_credentials_and_fills_them():
    maya = PersonFactory(name="Maya Okafor", credentials="")
    people = People()

    assert people.person_for(AuthorData("maya", "Maya Okafor, MD")) == maya
    maya.refresh_from_db()
    assert maya.credentials == "MD"
    # Credentials already given are the clinic's, not overwritten by the old site's.
    assert people.person_for(AuthorData("maya2", "Maya Okafor, M.D., PhD")).credentials == "MD"
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_author_map_accepts_the_displayed_name_with_credentials():
    maya = PersonFactory(name="Maya Okafor")
    people = People({"maya": "Maya Okafor, MD"})

    people.check_author_map()

    assert people.person_for(AuthorData("maya", "M. Okafor")) == maya


@pytest.mark.parametrize(
    ("display_name", "expected"),
    [
        ("Maya Okafor, MD", ("Maya Okafor", "MD")),
        ("Sam Lee, PA-C, DPT", ("Sam Lee", "PA-C, DPT")),
        ("Ray Moss, M.D.", ("Ray Moss", "M.D.")),
        ("Ray Moss, Jr.", ("Ray Moss, Jr.", "")),
        ("Clinic team", ("Clinic team", "")),
    ],
)
def test_only_credential_like_endings_are_split_from_a_display_name(display_name, expected):
    assert split_credentials(display_name) == expected


def test_summary_has_no_space_before_punctuation_after_a_phone_number():
    body = html_to_body("<p>Questions? Call (763) 555-0199.</p>")

    assert summarize_body(body) == "Questions? Call (763) 555-0199."


def test_second_post_with_an_already_used_id_is_skipped_and_reported_not_overwriting(blog_index, tmp_path):
    export = tmp_path / "twice.xml"
    text = CONSTRUCTS.read_text(encoding="utf-8")
    export.write_text(text.replace("<wp:post_id>203</wp:post_id>", "<wp:post_id>201</wp:post_id>"), "utf-8")
    report = tmp_path / "report.csv"

    out, _, error = run_import(export, report=report)

    assert error is None
    assert article(201).title == "Knee Injections: A Dosing Guide"
    assert "Posts skipped: 1 — post ID used twice in the export: 1" in out
    with report.open(encoding="utf-8") as file:
        rows = [row for row in csv.DictReader(file) if row["change"].startswith("not imported")]
    assert rows == [
        {
            "post_id": "201",
            "title": "",
            "change": "not imported: skipped",
            "detail": "post ID used twice in the export; the first was imported",
        }
    ]


def test_author_saves_the_new_blocks_through_the_admin(client, review_blog_index, author_user):
    client.force_login(author_user)
    table = {
        "data": [["Joint", "Dose"], ["Knee", "40 mg"]],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_header_choice": "row",
        "table_caption": "Typical doses",
    }
    body = streamfield(
        [
            # As the editor's toolbar sends it: with the paragraph block's features, superscript included.
            ("paragraph", rich_text("<p>Dose in mg/m<sup>2</sup>.</p>", features=ARTICLE_RICH_TEXT_FEATURES)),
            ("table", json.dumps(table)),
            ("quote", {"text": "It helped.", "citation": "Dana"}),
            ("preformatted", "Knee  40 mg\n  Hip 60 mg"),
            ("media_link", {"label": "Watch on YouTube", "url": "https://youtu.be/aBc", "title": "Tour"}),
        ]
    )

    response = client.post(add_url(review_blog_index), article_form(body=body))

    assert response.status_code == 302
    saved = ArticlePage.objects.get(slug="heat-or-ice-for-back-pain").latest_revision.as_object()
    assert [block.block_type for block in saved.body] == [
        "paragraph",
        "table",
        "quote",
        "preformatted",
        "media_link",
    ]
    assert "<sup>2</sup>" in saved.body[0].value.source
    assert saved.body[1].value["table_caption"] == "Typical doses"
    assert saved.body[3].value == "Knee  40 mg\n  Hip 60 mg"
