"""The WordPress export parser on its own: no Django, no database."""

import io
import tracemalloc
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest
from PIL import Image

from django.utils.text import slugify

from blog.importers.article_data import (
    AuthorData,
    CategoryData,
    GalleryData,
    ImageData,
    ImportNote,
    MediaLinkData,
    PhoneCallData,
    PreformattedData,
    QuoteData,
    RichTextData,
    TableData,
)
from blog.importers.phone_calls import split_phone_call
from blog.importers.summaries import summarize
from blog.importers.wordpress import (
    WordPressCategory,
    WordPressExportError,
    WordPressItem,
    WordPressSite,
    iter_export,
)
from blog.importers.wordpress_html import convert_post_html, html_to_body, image_source
from blog.importers.wordpress_links import old_address, rewrite_links, site_hosts
from tests.wordpress_export_builder import write_large_export

FIXTURES = Path(__file__).parent / "fixtures" / "wordpress"
EXPORT = FIXTURES / "export.xml"

SEED_PARAGRAPHS = [
    "What is used to help reduce fine lines and wrinkles can also help with chronic pain control, including "
    "back and nerve pain. Pain management and other alternative uses for Botox have shown how versatile and "
    "effective the treatment is.",
    "Botulinum Toxin (Botox) was originally approved by the FDA in 1989 to treat muscle contractions caused "
    "by cervical dystonia. Doctors knew that Botox could help relax muscles before it exploded into a "
    "cosmetic procedure. Botox does that by blocking the neurotransmitters that tell muscles to contract. No "
    "signal from the neurotransmitters, no contraction, no tension – no pain.",
    "The pain types, which are suitable for this treatment, include those where muscle spasm and tenderness "
    "are clearly definable, in the regions of the head, neck, and back. Botox has been used for "
    "approximately the past 40 years in the treatment of excessive muscle stiffness, spasticity, and "
    "dystonia. Recently, it has been used to treat various types of neuropathic pain.",
    "Botox works by blocking the release of acetylcholine from the junction between a nerve and muscle. "
    "Normally acetylcholine binds to its receptor at this junction and causes a muscle contraction. When "
    "Botox is injected to an area of chronic muscle spasm, acetylcholine is blocked, allowing the muscle to "
    "relax.",
    "Botox is administered by an injection directly into the desired site. The onset of relief occurs in "
    "about a week and typically lasts 3 months. The intent of Botox in this case, is to serve as a temporary "
    "relief from pain, not as a fix or cure. After three months, the muscles may become overactive again, so "
    "four injections per year may be needed.",
    "Botox injections are typically indicated for:",
]
SEED_LIST = (
    "<ul><li>Muscle pain arising from chronic muscle spasm</li><li>Neck pain in cervical dystonia</li>"
    "<li>Migraine headaches</li><li>Nerve disorders resulting in blepharospasm</li>"
    "<li>Myofascial pain</li></ul>"
)

WXR_HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/{version}/"
>
<channel>
	<title>Clinic</title>
	<link>https://clinic.example</link>
"""


@cache
def _fixture_entries() -> tuple[WordPressSite | WordPressItem, ...]:
    return tuple(iter_export(EXPORT))


def _item(post_id: int) -> WordPressItem:
    for entry in _fixture_entries():
        if isinstance(entry, WordPressItem) and entry.post_id == post_id:
            return entry
    raise AssertionError(f"no item {post_id} in the fixture")


def _write_export(tmp_path: Path, items: str, *, version: str = "1.2", channel: str = "") -> Path:
    path = tmp_path / "export.xml"
    path.write_text(WXR_HEADER.format(version=version) + channel + items + "</channel>\n</rss>\n", "utf-8")
    return path


def _post(post_id: str = "7", *, extra: str = "", content: str = "Hello.", status: str = "publish") -> str:
    return f"""<item>
	<title><![CDATA[Post {post_id}]]></title>
	<link>https://clinic.example/2020/01/02/post/</link>
	<dc:creator><![CDATA[someone]]></dc:creator>
	<content:encoded><![CDATA[{content}]]></content:encoded>
	<excerpt:encoded><![CDATA[]]></excerpt:encoded>
	<wp:post_id>{post_id}</wp:post_id>
	<wp:post_date><![CDATA[2020-01-02 08:00:00]]></wp:post_date>
	<wp:post_name><![CDATA[post]]></wp:post_name>
	<wp:status><![CDATA[{status}]]></wp:status>
	<wp:post_type><![CDATA[post]]></wp:post_type>
	{extra}
</item>
"""


def _items(path: Path) -> list[WordPressItem]:
    return [entry for entry in iter_export(path) if isinstance(entry, WordPressItem)]


# The export as a whole


def test_site_comes_first_with_authors_categories_and_tags():
    site, *items = _fixture_entries()

    assert isinstance(site, WordPressSite)
    assert all(isinstance(item, WordPressItem) for item in items)
    assert site.title == "Twin Cities Pain Clinic"
    assert site.base_site_url == "https://www.twincitiespainclinic.example"
    assert site.wxr_version == "1.2"
    assert set(site.authors) == {"tcpc_admin", "dr_lindqvist"}
    assert site.authors["dr_lindqvist"].display_name == "Dr. Anna Lindqvist"
    assert site.authors["dr_lindqvist"].last_name == "Lindqvist"
    assert {tag.slug for tag in site.tags} >= {"botox", "pain-management", "nerve-pain"}


def test_site_categories_report_their_parent_and_term_id():
    site = _fixture_entries()[0]

    assert (
        WordPressCategory(name="Injections", slug="injections", parent_slug="treatments", term_id=4)
        in site.categories
    )
    assert WordPressCategory(name="Treatments", slug="treatments", term_id=3) in site.categories


def test_every_item_is_yielded_in_file_order():
    ids = [entry.post_id for entry in _fixture_entries()[1:]]

    assert ids == [12, 101, 103, 104, 105, 106, 107, 108, 109, 110, None, 130]


def test_a_file_object_can_be_read_like_a_path():
    with EXPORT.open("rb") as file:
        entries = list(iter_export(file))

    assert len(entries) == len(_fixture_entries())


# The seed article


def test_published_post_becomes_live_article_with_its_metadata():
    item = _item(101)
    article = item.article

    assert item.error is None and item.skip_reason is None
    assert article.title == "How Botox Can Help In Pain Management"
    assert article.slug == "how-botox-can-help-in-pain-management"
    assert article.status == "live"
    assert article.wordpress_id == 101
    assert article.published_at == datetime(2019, 5, 14, 14, 12, 37, tzinfo=UTC)
    assert article.modified_at == datetime(2019, 5, 20, 21, 40, 2, tzinfo=UTC)
    assert article.author == AuthorData(
        login="tcpc_admin",
        display_name="Twin Cities Pain Clinic",
        email="webmaster@twincitiespainclinic.example",
    )
    assert article.categories == [CategoryData(name="Uncategorized", slug="uncategorized")]
    assert article.tags == ["Botox", "pain management"]


def test_permalink_and_short_link_become_legacy_paths():
    assert _item(101).article.legacy_paths == [
        "/2019/05/14/how-botox-can-help-in-pain-management/",
        "/?p=101",
    ]


def test_classic_post_blank_lines_become_paragraphs():
    body = _item(101).article.body

    paragraphs = [
        block.html for block in body if isinstance(block, RichTextData) and block.html.startswith("<p>")
    ]
    assert paragraphs == [f"<p>{text}</p>" for text in SEED_PARAGRAPHS]


def test_classic_post_list_stays_one_block_between_its_paragraphs():
    body = _item(101).article.body

    assert body[5] == RichTextData(f"<p>{SEED_PARAGRAPHS[5]}</p>")
    assert body[6] == RichTextData(SEED_LIST)
    assert len(body) == 8


def test_paragraph_with_a_phone_number_becomes_a_phone_call():
    assert _item(101).article.body[-1] == PhoneCallData(
        lead_in="If you experience any of the symptoms listed above and are curious if Botox could help you, "
        "please call",
        phone_number="952-841-2345",
        trailing_text="to talk to a member of the Twin Cities Pain Clinic team.",
    )


def test_summary_falls_back_to_whole_sentences_of_the_content():
    summary = _item(101).article.summary

    assert summary == SEED_PARAGRAPHS[0]
    assert len(summary) <= 300


def test_comments_are_counted_not_imported():
    assert _item(101).comment_count == 2
    assert _item(103).comment_count == 0


# Block-editor content


def test_block_editor_comments_are_stripped():
    body = _item(103).article.body

    assert all("wp:" not in block.html for block in body if isinstance(block, RichTextData))


def test_block_editor_headings_lists_and_links_become_blocks():
    body = _item(103).article.body

    assert RichTextData("<h2>Nerve blocks</h2>") in body
    assert RichTextData("<h3>Radiofrequency ablation</h3>") in body
    assert (
        RichTextData(
            "<ul><li>a diagnostic nerve block gave you <b>at least 50%</b> relief,</li>"
            "<li>your pain comes from the facet joints of the spine, and</li>"
            "<li>medication &amp; physical therapy haven’t been enough.</li></ul>"
        )
        in body
    )
    assert (
        RichTextData(
            '<p>Read more about <a href="https://www.twincitiespainclinic.example/treatments/rfa/">our RFA '
            "program</a>.</p>"
        )
        in body
    )


def test_unsupported_heading_levels_map_to_the_nearest_allowed_one():
    body = html_to_body("<h1>Top</h1><h5>Five</h5><h6>Six</h6>")

    assert body == [RichTextData("<h2>Top</h2>"), RichTextData("<h4>Five</h4>"), RichTextData("<h4>Six</h4>")]


def test_inline_markup_is_normalised_and_other_tags_unwrapped():
    body = html_to_body(
        '<!-- wp:paragraph --><p class="lead" style="color:red"><strong>Bold</strong>, <em>italic</em>, '
        '<span lang="fr">span</span>, <u>underlined</u> and '
        '<a href="/contact/" target="_blank">a link</a>.</p>'
        "<!-- /wp:paragraph -->"
    )

    assert body == [
        RichTextData(
            '<p><b>Bold</b>, <i>italic</i>, span, underlined and <a href="/contact/">a link</a>.</p>'
        )
    ]


def test_unsafe_links_are_unwrapped_to_their_text():
    body = html_to_body('<p><a href="javascript:alert(1)">Click</a> here</p>')

    assert body == [RichTextData("<p>Click here</p>")]


def test_scripts_and_embedded_players_leave_no_text():
    body = html_to_body(
        "<p>Before</p><script>track()</script><iframe src='x'>Your browser</iframe><p>After</p>"
    )

    assert body == [RichTextData("<p>Before</p>"), RichTextData("<p>After</p>")]


def test_phone_number_in_parentheses_style_becomes_a_phone_call():
    assert _item(103).article.body[-1] == PhoneCallData(
        lead_in="Questions? Call our nurse line at",
        phone_number="(952) 841-2345",
        trailing_text="before your appointment.",
    )


# Entities and non-ASCII text


def test_html_entities_in_titles_are_decoded():
    assert _item(103).title == "Nerve Blocks & Radiofrequency Ablation: What’s the Difference?"
    assert _item(104).article.title == "Before & After Your First Botox Appointment"
    assert _item(108).article.title == "Don’t Ignore Chronic Back Pain"


def test_html_entities_and_non_ascii_text_in_the_body_are_decoded():
    body = _item(103).article.body

    assert body[0].html.endswith(
        "Patients often ask us “which one is right for me?” — the honest answer depends "
        "on how long you need relief.</p>"
    )
    assert "anesthetic near a nerve" in body[2].html
    assert "névralgie – douleur" in body[2].html
    assert body[4] == RichTextData(
        "<p>Radiofrequency ablation (RFA) uses heat to quiet a nerve for 6–12 months. "
        "It’s a good fit when:</p>"
    )


def test_url_encoded_slug_is_decoded():
    assert _item(107).article.slug == "névralgie-douleur-treating-nerve-pain-in-winter"


def test_slugify_folds_to_ascii():
    assert slugify("Névralgie – douleur: Don’t wait!") == "nevralgie-douleur-dont-wait"
    assert slugify("  Spinal Cord Stimulation: FAQ  ") == "spinal-cord-stimulation-faq"


# Categories and tags


def test_nested_categories_are_flattened():
    assert _item(103).article.categories == [
        CategoryData(name="Injections", slug="injections"),
        CategoryData(name="Treatments", slug="treatments"),
    ]
    assert _item(103).article.tags == ["nerve pain", "radiofrequency ablation"]


# Images and shortcodes


def test_caption_shortcode_becomes_an_image_with_its_caption():
    body = _item(104).article.body

    assert body[1] == ImageData(
        source="2019/05/botox-injection.png",
        alt="Botox injection into the trapezius muscle",
        caption="A Botox injection into the trapezius muscle takes only a few seconds.",
    )
    assert body[0] == RichTextData(
        "<p>Most patients are surprised by how quick a Botox appointment is. "
        "Here’s what happens, step by step.</p>"
    )
    assert body[2] == RichTextData("<h3>Before the injection</h3>")


def test_image_source_matches_the_attachment_file_in_the_fixture_media():
    image = _item(104).article.body[1]
    attachment = _item(130)

    assert image.source == attachment.attachment_file
    with Image.open(FIXTURES / "media" / image.source) as picture:
        assert picture.format == "PNG"


def test_block_editor_figure_caption_is_kept_with_its_image():
    body = html_to_body(
        '<!-- wp:image {"sizeSlug":"large"} --><figure class="wp-block-image size-large">'
        '<img src="https://clinic.example/wp-content/uploads/2021/02/rfa-probe-1024x683.jpg" alt="RFA probe" '
        'class="wp-image-9"/><figcaption class="wp-element-caption">The <em>probe</em> we use</figcaption>'
        "</figure><!-- /wp:image -->"
    )

    assert body == [ImageData(source="2021/02/rfa-probe.jpg", alt="RFA probe", caption="The probe we use")]


def test_image_splits_the_paragraph_it_sits_in():
    body = html_to_body(
        "<!-- wp:html --><p><strong>Before <img src='/wp-content/uploads/2020/01/a.png' alt='A'> after"
        "</strong></p><!-- /wp:html -->"
    )

    assert body == [
        RichTextData("<p><b>Before</b></p>"),
        ImageData(source="2020/01/a.png", alt="A"),
        RichTextData("<p><b>after</b></p>"),
    ]


def test_size_suffix_is_removed_only_from_resized_copies():
    url = "https://clinic.example/wp-content/uploads/2019/05/banner-1200x600.png"

    assert image_source(url, classes=frozenset({"size-medium"})) == "2019/05/banner.png"
    assert image_source(url, width="1200", height="600") == "2019/05/banner.png"
    assert image_source(url, classes=frozenset({"size-full"}), width="1200", height="600") == (
        "2019/05/banner-1200x600.png"
    )
    assert image_source(url) == "2019/05/banner-1200x600.png"


def test_images_hosted_elsewhere_keep_their_url():
    assert image_source("https://cdn.example/photos/knee.jpg") == "https://cdn.example/photos/knee.jpg"


def test_url_encoded_upload_paths_are_decoded():
    assert (
        image_source("/wp-content/uploads/2020/03/n%C3%A9vralgie%20chart.png")
        == "2020/03/névralgie chart.png"
    )


def test_unknown_shortcodes_are_stripped_and_reported_by_name_while_embeds_and_galleries_are_kept():
    article = _item(108).article

    assert article.body == [
        RichTextData(
            "<p>Back pain that lasts more than three months is called <b>chronic</b>. Don’t wait for it "
            "to “go away on its own.”</p>"
        ),
        MediaLinkData("https://www.youtube.com/watch?v=aBcDeFgHiJk", "Watch on YouTube"),
        RichTextData("<p>Our Edina office is closed on Labor Day.</p>"),
        GalleryData(images=(ImageData(source="", alt="", attachment_id=130),)),
        RichTextData("<p>Request an appointment online using the form below.</p>"),
    ]
    assert [note.detail for note in article.notes if note.kind == "unsupported shortcode"] == [
        "[contact-form-7] removed (1×), the text it wrapped kept",
        "[su_note] removed (1×), the text it wrapped kept",
    ]


def test_bracketed_prose_is_not_mistaken_for_a_shortcode():
    body = html_to_body(
        "He said it was “fine [sic]”. [Updated May 2020] Write [[gallery]] to show a gallery."
    )

    assert body == [
        RichTextData(
            "<p>He said it was “fine [sic]”. [Updated May 2020] Write [gallery] to show a gallery.</p>"
        )
    ]


# wpautop


def test_single_newline_in_classic_post_is_a_line_break():
    body = _item(104).article.body

    assert body[3] == RichTextData(
        "<p>Avoid blood thinners such as aspirin for a few days, <i>if your doctor agrees</i>.<br/>"
        "Wear a loose top so we can reach your neck and shoulders.</p>"
    )


def test_explicit_line_break_is_not_doubled_by_the_newline_after_it():
    assert html_to_body("One<br />\nTwo\n\nThree") == [
        RichTextData("<p>One<br/>Two</p>"),
        RichTextData("<p>Three</p>"),
    ]


def test_formatting_open_across_a_blank_line_continues_in_the_next_paragraph():
    assert html_to_body("<strong>First\n\nSecond</strong> plain") == [
        RichTextData("<p><b>First</b></p>"),
        RichTextData("<p><b>Second</b> plain</p>"),
    ]


def test_newline_before_a_closing_tag_leaves_no_trailing_break():
    assert html_to_body("<strong>Office hours\n</strong>\n\n<ul>\n<li>Monday\n</li>\n</ul>") == [
        RichTextData("<p><b>Office hours</b></p>"),
        RichTextData("<ul><li>Monday</li></ul>"),
    ]


def test_nested_classic_list_gets_no_breaks_between_its_items():
    assert html_to_body("<ol>\n<li>One\n<ul>\n<li>Sub</li>\n</ul>\n</li>\n<li>Two</li>\n</ol>") == [
        RichTextData("<ol><li>One<ul><li>Sub</li></ul></li><li>Two</li></ol>")
    ]


def test_newlines_in_block_editor_content_are_plain_whitespace():
    body = html_to_body("<!-- wp:paragraph -->\n<p>One\ntwo</p>\n<!-- /wp:paragraph -->")

    assert body == [RichTextData("<p>One two</p>")]


def test_empty_paragraphs_are_dropped():
    assert html_to_body("<p>&nbsp;</p>\n\n<p>Text</p>\n\n<p> </p>") == [RichTextData("<p>Text</p>")]


# Summary


def test_excerpt_becomes_the_summary():
    assert (
        _item(104).article.summary
        == "A Botox appointment takes about 15 minutes. Here is what to expect before & after."
    )


def test_summary_never_cuts_a_word():
    sentence = "Pain " + "management " * 40
    summary = summarize(sentence)

    assert len(summary) <= 300
    assert summary.endswith("management…")


def test_summary_keeps_only_sentences_that_fit():
    text = "Short one. " + "A second sentence that is long. " * 12

    summary = summarize(text, limit=60)

    assert summary == "Short one. A second sentence that is long."


# Statuses and post types


def test_drafts_and_pending_posts_become_drafts_with_their_short_link():
    draft, pending = _item(105), _item(109)

    assert draft.article.status == "draft"
    assert pending.article.status == "draft"
    assert draft.article.legacy_paths == ["/?p=105"]


def test_draft_without_a_slug_gets_one_from_its_title():
    assert _item(105).article.slug == "spinal-cord-stimulation-frequently-asked-questions"


def test_missing_gmt_date_falls_back_to_the_local_date_as_utc():
    assert _item(105).article.published_at == datetime(2024, 3, 2, 9, 48, 9, tzinfo=UTC)


def test_future_post_is_scheduled_at_its_date():
    article = _item(107).article

    assert article.status == "scheduled"
    assert article.published_at == datetime(2030, 1, 15, 14, 0, tzinfo=UTC)


def test_private_and_trashed_posts_are_skipped_with_a_reason():
    private, trashed = _item(106), _item(110)

    assert (private.article, private.skip_reason) == (None, "private post")
    assert (trashed.article, trashed.skip_reason) == (None, "trashed post")


def test_pages_are_converted_with_their_page_id_short_link():
    page = _item(12)

    assert page.post_type == "page"
    assert page.skip_reason is None
    assert page.article.title == "About Our Clinic"
    assert page.article.slug == "about"
    assert page.article.legacy_paths == ["/about/", "/?page_id=12"]
    assert page.article.parent_wordpress_id is None


def test_attachment_reports_its_uploaded_file():
    attachment = _item(130)

    assert attachment.post_type == "attachment"
    assert attachment.article is None
    assert attachment.attachment_file == "2019/05/botox-injection.png"
    assert attachment.attachment_url == (
        "https://www.twincitiespainclinic.example/wp-content/uploads/2019/05/botox-injection.png"
    )


def test_password_protected_post_is_skipped(tmp_path):
    path = _write_export(tmp_path, _post(extra="<wp:post_password><![CDATA[letmein]]></wp:post_password>"))

    [item] = _items(path)

    assert item.article is None
    assert item.skip_reason == "password-protected post"


# Broken posts


def test_post_without_a_numeric_id_is_reported_and_the_rest_continue():
    broken = next(entry for entry in _fixture_entries()[1:] if entry.error)

    assert broken.post_id is None
    assert broken.title == "Knee Pain: When to See a Specialist"
    assert broken.error == "post 'Knee Pain: When to See a Specialist' has no valid wp:post_id (found '11O')"
    assert _item(130).attachment_file


def test_unparsable_date_is_reported_for_that_post_only(tmp_path):
    bad_date = "<wp:post_date_gmt><![CDATA[2020-13-45 99:00:00]]></wp:post_date_gmt>"
    path = _write_export(tmp_path, _post("7", extra=bad_date) + _post("8"))

    broken, fine = _items(path)

    assert broken.article is None
    assert broken.error == "post 7 ('Post 7'): wp:post_date_gmt '2020-13-45 99:00:00' is not a date"
    assert fine.article.wordpress_id == 8


def test_untitled_post_is_titled_from_its_first_words_and_reported(tmp_path):
    content = "Our new clinic in Edina opens its doors on Monday, with parking for everyone."
    path = _write_export(tmp_path, _post(content=content).replace("<![CDATA[Post 7]]>", ""))

    [item] = _items(path)

    assert item.error is None
    assert item.article.title == "Our new clinic in Edina opens its doors…"
    assert item.article.slug == "post"
    assert item.article.notes[0] == ImportNote(
        "title invented", "the post had no title; it is now “Our new clinic in Edina opens its doors…”"
    )


def test_untitled_post_without_text_is_titled_by_its_date(tmp_path):
    content = '<img src="https://clinic.example/wp-content/uploads/2020/01/x.jpg" alt="X">'
    path = _write_export(tmp_path, _post(content=content).replace("<![CDATA[Post 7]]>", ""))

    [item] = _items(path)

    assert item.article.title == "Post of 2 January 2020"


# Older export formats


def test_wxr_1_0_export_is_read_without_an_author_list(tmp_path):
    legacy_terms = """<category><![CDATA[Treatments]]></category>
	<category domain="category" nicename="treatments"><![CDATA[Treatments]]></category>
	<category><![CDATA[News]]></category>
	<category domain="tag"><![CDATA[botox]]></category>
	<category domain="tag" nicename="botox"><![CDATA[botox]]></category>"""
    path = _write_export(tmp_path, _post(extra=legacy_terms), version="1.0")

    site, item = list(iter_export(path))

    assert site.wxr_version == "1.0"
    assert item.article.author == AuthorData(login="someone", display_name="someone")
    assert item.article.categories == [
        CategoryData(name="Treatments", slug="treatments"),
        CategoryData(name="News", slug="news"),
    ]
    assert item.article.tags == ["botox"]


def test_wxr_1_1_export_is_read(tmp_path):
    path = _write_export(tmp_path, _post(content="Hi there."), version="1.1")

    site, item = list(iter_export(path))

    assert site.wxr_version == "1.1"
    assert item.article.body == [RichTextData("<p>Hi there.</p>")]


def test_export_without_items_still_yields_its_site(tmp_path):
    path = _write_export(tmp_path, "")

    [site] = list(iter_export(path))

    assert isinstance(site, WordPressSite)


# Files that are not exports


def test_entity_declarations_are_rejected():
    with pytest.raises(WordPressExportError, match="entity declarations are not allowed") as error:
        list(iter_export(FIXTURES / "xxe.xml"))

    assert str(error.value) == (
        "xxe.xml is not a WordPress export: entity declarations are not allowed (found 'secret')"
    )


def test_billion_laughs_is_rejected_before_expanding():
    with pytest.raises(WordPressExportError, match="entity declarations are not allowed"):
        list(iter_export(FIXTURES / "billion_laughs.xml"))


def test_malformed_xml_error_names_the_line():
    entries = []
    with pytest.raises(WordPressExportError) as error:
        for entry in iter_export(FIXTURES / "malformed.xml"):
            entries.append(entry)

    assert str(error.value) == "malformed.xml is not well-formed XML: mismatched tag at line 30, column 35"
    assert [entry.post_id for entry in entries[1:]] == [201]


def test_plain_rss_feed_is_not_a_wordpress_export(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
        "<item><title>Hello</title></item></channel></rss>"
    )

    with pytest.raises(WordPressExportError, match="feed.xml is not a WordPress export: it has no WordPress"):
        list(iter_export(path))


def test_other_xml_is_not_a_wordpress_export(tmp_path):
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>')

    with pytest.raises(WordPressExportError, match="its root element is <urlset>, not <rss>"):
        list(iter_export(path))


def test_unsupported_wxr_version_is_named(tmp_path):
    path = _write_export(tmp_path, _post(), version="1.3")

    with pytest.raises(WordPressExportError, match="unsupported WXR version"):
        list(iter_export(path))


def test_missing_file_is_an_export_error(tmp_path):
    with pytest.raises(WordPressExportError, match="missing.xml can't be read"):
        list(iter_export(tmp_path / "missing.xml"))


def test_empty_file_object_is_an_export_error():
    with pytest.raises(
        WordPressExportError, match="export is not well-formed XML: no element found at line 1"
    ):
        list(iter_export(io.BytesIO(b"")))


# Volume


def test_large_export_is_read_in_bounded_memory(tmp_path):
    path = write_large_export(tmp_path / "large.xml", posts=2000, paragraphs=1)
    # Build regex and phone-metadata caches first: they are loaded once, not per post.
    list(iter_export(write_large_export(tmp_path / "warm-up.xml", posts=2)))
    split_phone_call("Call 952-841-2345.")

    tracemalloc.start()
    try:
        count = sum(1 for entry in iter_export(path) if isinstance(entry, WordPressItem) and entry.article)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert count == 2000
    # Holding the whole tree would take about three times the file's size.
    assert path.stat().st_size > 3_000_000
    assert peak < 2_000_000


# Constructs beyond prose: each kept as its own block, or reported


def test_https_and_www_namespaces_are_read_as_wxr(tmp_path):
    header = WXR_HEADER.format(version="1.2").replace(
        "http://wordpress.org/export/1.2/", "https://wordpress.org/export/1.2/"
    )
    for spelling in (header, header.replace("https://wordpress.org", "https://www.wordpress.org")):
        path = tmp_path / "export.xml"
        path.write_text(spelling + _post() + "</channel>\n</rss>\n", "utf-8")

        site, item = list(iter_export(path))

        assert site.wxr_version == "1.2"
        assert item.article.body == [RichTextData("<p>Hello.</p>")]


TABLE_ROWS = (("Dose", "Interval"), ("10 mg/m²", "Every 3 months"))


@pytest.mark.parametrize(
    "content",
    [
        "<table><caption>Botox dosing</caption><thead><tr><th>Dose</th><th>Interval</th></tr></thead>"
        "<tbody><tr><td>10 mg/m²</td><td>Every 3 months</td></tr></tbody></table>",
        '<!-- wp:table -->\n<figure class="wp-block-table"><table><thead><tr><th>Dose</th><th>Interval</th>'
        "</tr></thead><tbody><tr><td>10 mg/m²</td><td>Every 3 months</td></tr></tbody></table>"
        "<figcaption>Botox dosing</figcaption></figure>\n<!-- /wp:table -->",
    ],
    ids=["classic", "block"],
)
def test_table_becomes_one_table_block_with_its_header_row_and_caption(content):
    assert html_to_body(f"<p>Before</p>{content}<p>After</p>") == [
        RichTextData("<p>Before</p>"),
        TableData(rows=TABLE_ROWS, header=True, caption="Botox dosing"),
        RichTextData("<p>After</p>"),
    ]


def test_table_row_headings_and_links_in_cells_are_kept_or_reported():
    body, notes = convert_post_html(
        '<table><tr><th>Knee</th><td><a href="/knee/">Guide</a></td></tr><tr><th>Hip</th><td>Soon</td></tr>'
        "</table>"
    )

    assert body == [TableData(rows=(("Knee", "Guide"), ("Hip", "Soon")), first_column_header=True)]
    assert notes == [ImportNote("table links kept as text", "1 link(s) in a table kept as plain text")]


@pytest.mark.parametrize(
    "content",
    [
        "<blockquote>The injections gave me my weekends back.\n\n<cite>— Dana, patient</cite></blockquote>",
        '<!-- wp:quote -->\n<blockquote class="wp-block-quote">'
        "<p>The injections gave me my weekends back.</p>"
        "<cite>Dana, patient</cite></blockquote>\n<!-- /wp:quote -->",
        '<!-- wp:pullquote -->\n<figure class="wp-block-pullquote"><blockquote><p>The injections gave me my '
        "weekends back.</p><cite>Dana, patient</cite></blockquote></figure>\n<!-- /wp:pullquote -->",
    ],
    ids=["classic", "block", "pullquote"],
)
def test_quote_becomes_a_quote_block_with_its_citation(content):
    assert html_to_body(content) == [
        QuoteData(text="The injections gave me my weekends back.", citation="Dana, patient")
    ]


def test_superscript_subscript_and_strikethrough_are_kept():
    assert html_to_body("<p>5 mg/m<sup>2</sup> of H<sub>2</sub>O, <del>$90</del> <s>old</s> now $60</p>") == [
        RichTextData("<p>5 mg/m<sup>2</sup> of H<sub>2</sub>O, <s>$90</s> <s>old</s> now $60</p>")
    ]


@pytest.mark.parametrize(
    "content",
    [
        "Run this:\n\n<pre>for dose in doses:\n    print(dose)\n\nend</pre>",
        "<!-- wp:paragraph --><p>Run this:</p><!-- /wp:paragraph -->\n"
        '<!-- wp:code -->\n<pre class="wp-block-code">'
        "<code>for dose in doses:\n    print(dose)\n\nend</code></pre>\n<!-- /wp:code -->",
    ],
    ids=["classic", "block"],
)
def test_preformatted_text_keeps_its_line_breaks_and_indentation(content):
    assert html_to_body(content) == [
        RichTextData("<p>Run this:</p>"),
        PreformattedData("for dose in doses:\n    print(dose)\n\nend"),
    ]


def test_ordered_list_start_and_reversed_are_reported():
    body, notes = convert_post_html('<ol start="3" reversed><li>Three</li><li>Two</li></ol>')

    assert body == [RichTextData("<ol><li>Three</li><li>Two</li></ol>")]
    assert notes == [
        ImportNote(
            "list numbering changed",
            "an ordered list's start=3 and reversed was not kept: it is numbered from 1",
        )
    ]


YOUTUBE = "https://www.youtube.com/watch?v=aBcDeFgHiJk"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (f"Watch this:\n\n{YOUTUBE}\n\nThanks.", MediaLinkData(YOUTUBE, "Watch on YouTube")),
        (f"Watch this:\n\n[embed]{YOUTUBE}[/embed]\n\nThanks.", MediaLinkData(YOUTUBE, "Watch on YouTube")),
        (
            "Watch this:\n\n[youtube https://youtu.be/aBc]\n\nThanks.",
            MediaLinkData("https://youtu.be/aBc", "Watch on YouTube"),
        ),
        (
            "<p>Watch this:</p>"
            '<!-- wp:embed {"url":"https://vimeo.com/123","type":"video","providerNameSlug":"vimeo"} -->\n'
            '<figure class="wp-block-embed is-provider-vimeo"><div class="wp-block-embed__wrapper">\nhttps://vimeo.com/123\n'
            "</div><figcaption>Our clinic tour</figcaption></figure>\n<!-- /wp:embed --><p>Thanks.</p>",
            MediaLinkData("https://vimeo.com/123", "Watch on Vimeo", "Our clinic tour"),
        ),
        (
            'Watch this:\n\n[audio mp3="https://clinic.example/wp-content/uploads/2020/01/talk.mp3"][/audio]\n\nThanks.',
            MediaLinkData(
                "https://clinic.example/wp-content/uploads/2020/01/talk.mp3", "Listen to the recording"
            ),
        ),
        (
            '<p>Watch this:</p><!-- wp:video --><figure class="wp-block-video"><video controls '
            'src="https://clinic.example/wp-content/uploads/2020/01/tour.mp4"></video><figcaption>Tour</figcaption>'
            "</figure><!-- /wp:video --><p>Thanks.</p>",
            MediaLinkData(
                "https://clinic.example/wp-content/uploads/2020/01/tour.mp4", "Watch the video", "Tour"
            ),
        ),
    ],
    ids=["bare-url", "embed-shortcode", "jetpack-youtube", "embed-block", "audio-shortcode", "video-block"],
)
def test_embeds_become_links_not_players_and_are_reported(content, expected):
    body, notes = convert_post_html(content)

    assert body == [RichTextData("<p>Watch this:</p>"), expected, RichTextData("<p>Thanks.</p>")]
    assert (
        ImportNote("embed made a link", f"{expected.url} is now a link (“{expected.label}”), not a player")
        in notes
    )


def test_a_link_to_a_page_alone_on_its_line_stays_prose():
    assert html_to_body("See\n\nhttps://clinic.example/contact/\n\nfor hours.") == [
        RichTextData("<p>See</p>"),
        RichTextData("<p>https://clinic.example/contact/</p>"),
        RichTextData("<p>for hours.</p>"),
    ]


def test_gallery_block_keeps_its_images_and_caption():
    content = (
        '<!-- wp:gallery --><figure class="wp-block-gallery has-nested-images">'
        '<!-- wp:image --><figure class="wp-block-image">'
        '<img src="/wp-content/uploads/2020/01/a.jpg" alt="Lobby"/>'
        '</figure><!-- /wp:image --><!-- wp:image --><figure class="wp-block-image">'
        '<img src="/wp-content/uploads/2020/01/b.jpg" alt=""/><figcaption>Room 2</figcaption></figure>'
        '<!-- /wp:image --><figcaption class="blocks-gallery-caption">Our Edina office</figcaption>'
        "</figure><!-- /wp:gallery -->"
    )

    assert html_to_body(content) == [
        GalleryData(
            images=(ImageData("2020/01/a.jpg", "Lobby"), ImageData("2020/01/b.jpg", "", "Room 2")),
            caption="Our Edina office",
        )
    ]


def test_gallery_shortcode_names_its_images_by_attachment_id():
    assert html_to_body('[gallery columns="2" ids="12, 13"]') == [
        GalleryData(images=(ImageData("", "", attachment_id=12), ImageData("", "", attachment_id=13)))
    ]


def test_unsupported_block_is_reported_by_name_and_its_text_kept():
    body, notes = convert_post_html(
        "<!-- wp:jetpack/contact-info --><div><p>Open 8 to 5</p></div><!-- /wp:jetpack/contact-info -->"
    )

    assert body == [RichTextData("<p>Open 8 to 5</p>")]
    assert notes == [
        ImportNote(
            "unsupported block", "block “jetpack/contact-info” is not converted; its text was kept as prose"
        )
    ]


def test_long_caption_is_kept_whole():
    caption = "A long caption. " * 30
    [image] = html_to_body(
        f'[caption id="x"]<img src="/wp-content/uploads/2020/01/a.jpg" alt="A"> {caption}[/caption]'
    )

    assert image.caption == caption.strip()


def test_wordpress_com_hosted_image_is_matched_by_its_year_month_path():
    src = "https://clinicblog.files.wordpress.com/2019/05/botox-injection.png?w=300"
    assert image_source(src) == "2019/05/botox-injection.png"
    assert image_source("https://example.com/2019/05/x.png") == "https://example.com/2019/05/x.png"


def test_paginated_post_keeps_the_addresses_of_its_later_pages(tmp_path):
    path = _write_export(tmp_path, _post(content="One<!--nextpage-->Two<!--nextpage-->Three"))

    [item] = _items(path)

    assert item.article.legacy_paths == [
        "/2020/01/02/post/",
        "/2020/01/02/post/2/",
        "/2020/01/02/post/3/",
        "/?p=7",
    ]


HOSTS = site_hosts("https://lakeside.example", "https://lakeside.example/blog")


@pytest.mark.parametrize(
    ("href", "key"),
    [
        ("https://lakeside.example/about-us/", "path:/about-us"),
        ("http://WWW.Lakeside.Example/About-Us", "path:/about-us"),
        ("//lakeside.example/about-us/#team", "path:/about-us"),
        ("/about-us/?utm_source=newsletter", "path:/about-us"),
        ("https://lakeside.example/?p=961", "id:961"),
        ("https://lakeside.example/index.php?page_id=12", "id:12"),
        ("/?attachment_id=901", "id:901"),
        ("?p=7", "id:7"),
        (
            "https://lakeside.example/wp-content/uploads/2020/03/intake%20form.pdf",
            "upload:2020/03/intake form.pdf",
        ),
        ("https://lakesideclinic.files.wordpress.com/2020/05/consent.pdf", "upload:2020/05/consent.pdf"),
        ("https://lakeside.example/", None),
        ("https://other.example/about-us/", None),
        ("https://other.example/wp-content/uploads/2020/03/intake.pdf", None),
        ("mailto:desk@lakeside.example", None),
        ("#top", None),
        ("about-us/", None),
    ],
)
def test_every_spelling_of_an_old_address_reduces_to_one_key(href, key):
    assert old_address(href, HOSTS) == key


def test_only_links_get_their_opening_tag_rewritten():
    markup = '<p><a href="/a/?x=1&amp;p=2">A</a> and <a href="https://else.example/">B</a></p>'
    seen = []

    def opening_tag(href):
        seen.append(href)
        return '<a linktype="page" id="3">' if href.startswith("/a/") else None

    assert rewrite_links(markup, opening_tag) == (
        '<p><a linktype="page" id="3">A</a> and <a href="https://else.example/">B</a></p>'
    )
    assert seen == ["/a/?x=1&p=2", "https://else.example/"]


def test_attachment_without_its_file_metadata_is_found_by_its_address(tmp_path):
    attachment = """<item><title>Consent</title><wp:post_id>902</wp:post_id><wp:status>inherit</wp:status>
    <wp:post_type>attachment</wp:post_type>
    <wp:attachment_url>https://lakesideclinic.files.wordpress.com/2020/05/consent.pdf</wp:attachment_url></item>"""
    [item] = _items(_write_export(tmp_path, attachment))

    assert item.attachment_file == "2020/05/consent.pdf"
