"""What a patient sees on an article page: where they are, when it was written, what to read next."""

import re
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup

from django.template.loader import render_to_string

from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText
from wagtail.test.utils import WagtailPageTestCase

from blog.models import Category
from tests.admin_forms import article_form
from tests.factories import (
    ArticlePageFactory,
    BlogIndexPageFactory,
    CategoryFactory,
    ImageFactory,
    image_block,
    make_site_tree,
    paragraph,
    realistic_article,
)
from tests.staff_sign_in import verified_login
from tests.test_query_budgets import ARTICLE_PAGE_QUERIES


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text_of(element):
    return " ".join(element.get_text().split())


def at(year, month, day, hour=15, minute=30):
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# Breadcrumbs


def test_breadcrumbs_lead_from_home_through_the_blog_to_the_article(client, blog_index):
    article = ArticlePageFactory(parent=blog_index, title="Nerve blocks explained")
    soup = soup_of(client, article.url)

    trail = soup.find("nav", attrs={"aria-label": "Breadcrumb"})
    links = trail.find_all("a")
    assert [(text_of(a), a["href"]) for a in links] == [
        ("Home", "/"),
        ("Patient education blog", "/blog/"),
        ("Nerve blocks explained", "/blog/nerve-blocks-explained/"),
    ]
    assert [a.get("aria-current") for a in links] == [None, None, "page"]
    assert trail.ol is not None


# Dates and reading time


def test_publication_and_update_dates_are_shown_in_time_elements_with_their_offset(client, blog_index):
    article = ArticlePageFactory(
        parent=blog_index, first_published_at=at(2024, 3, 5), last_published_at=at(2024, 4, 14)
    )
    facts = soup_of(client, article.url).select_one(".article__facts")

    assert "Published March 5, 2024" in text_of(facts)
    assert "Updated April 14, 2024" in text_of(facts)
    # The clinic is in Minneapolis: standard time in March, daylight saving time by mid-April.
    assert [time["datetime"] for time in facts.find_all("time")] == [
        "2024-03-05T09:30:00-06:00",
        "2024-04-14T10:30:00-05:00",
    ]


def test_republishing_within_a_day_is_not_shown_as_an_update(client, blog_index):
    article = ArticlePageFactory(
        parent=blog_index, first_published_at=at(2024, 3, 5), last_published_at=at(2024, 3, 6, hour=14)
    )
    facts = soup_of(client, article.url).select_one(".article__facts")

    assert "Updated" not in text_of(facts)
    assert len(facts.find_all("time")) == 1


def test_display_date_is_shown_as_the_publication_date(client, blog_index):
    article = ArticlePageFactory(
        parent=blog_index,
        first_published_at=at(2025, 1, 20),
        last_published_at=at(2025, 1, 20),
        display_date=at(2019, 6, 1),
    )
    facts = soup_of(client, article.url).select_one(".article__facts")

    assert "Published June 1, 2019" in text_of(facts)
    assert "Updated January 20, 2025" in text_of(facts)


@pytest.mark.parametrize(
    ("paragraph_words", "expected"),
    [(3, "1 min read"), (198, "1 min read"), (199, "2 min read"), (799, "5 min read")],
)
def test_reading_time_counts_every_body_word_at_200_a_minute(client, blog_index, paragraph_words, expected):
    # Two more words sit in a callout, to show text outside paragraphs counts too.
    body = [
        paragraph("<p>" + " ".join(["<b>pain</b>"] * paragraph_words) + "</p>"),
        ("callout", {"heading": "", "text": RichText("<p>Call us.</p>")}),
    ]
    article = ArticlePageFactory(parent=blog_index, body=body)

    assert text_of(soup_of(client, article.url).select_one(".reading-time")) == expected


# Related articles


def test_related_articles_are_the_three_sharing_most_categories_and_tags(client, blog_index):
    injections, back_pain = CategoryFactory(name="Injections"), CategoryFactory(name="Back pain")
    uncategorized = Category.objects.uncategorized()
    everything = {"categories": [injections, back_pain, uncategorized], "tags": ["botox", "spasm"]}

    article = ArticlePageFactory(parent=blog_index, title="The article", **everything)
    shares_one_older = ArticlePageFactory(parent=blog_index, title="Shares a tag, older", tags=["spasm"])
    shares_three = ArticlePageFactory(
        parent=blog_index, title="Shares three", categories=[injections], tags=["botox", "spasm"]
    )
    shares_two = ArticlePageFactory(parent=blog_index, title="Shares two", categories=[injections, back_pain])
    shares_one_newer = ArticlePageFactory(parent=blog_index, title="Shares a tag, newer", tags=["botox"])
    ArticlePageFactory(parent=blog_index, title="Only Uncategorized", categories=[uncategorized])
    ArticlePageFactory(parent=blog_index, title="A draft", live=False, **everything)
    private = ArticlePageFactory(parent=blog_index, title="Private", **everything)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    soup = soup_of(client, article.url)
    related = soup.select_one("section.related")

    assert [text_of(h3) for h3 in related.find_all("h3")] == [
        "Shares three",
        "Shares two",
        "Shares a tag, newer",
    ]
    assert [a["href"] for a in related.select("h3 a")] == [
        shares_three.url,
        shares_two.url,
        shares_one_newer.url,
    ]
    assert shares_one_older.url not in str(related)
    assert text_of(related.h2) == "Related articles"


def test_an_article_sharing_nothing_has_no_related_section(client, blog_index):
    article = ArticlePageFactory(parent=blog_index, categories=[Category.objects.uncategorized()])
    ArticlePageFactory(parent=blog_index, categories=[Category.objects.uncategorized()], tags=["botox"])

    assert soup_of(client, article.url).select_one("section.related") is None


def test_related_articles_come_from_the_same_blog(client, home_page, blog_index):
    topic = CategoryFactory(name="Injections")
    article = ArticlePageFactory(parent=blog_index, categories=[topic])
    news = BlogIndexPageFactory(parent=home_page, slug="news", title="Clinic news")
    ArticlePageFactory(parent=news, title="Elsewhere", categories=[topic])
    sibling = ArticlePageFactory(parent=blog_index, title="Sibling", categories=[topic])

    related = soup_of(client, article.url).select_one("section.related")
    assert [text_of(h3) for h3 in related.find_all("h3")] == [sibling.title]


def test_related_articles_are_ranked_among_the_newest_sharing_a_topic(client, blog_index, monkeypatch):
    monkeypatch.setattr("blog.reading.neighbours.RELATED_CANDIDATES", 2)
    injections, back_pain = CategoryFactory(name="Injections"), CategoryFactory(name="Back pain")
    article = ArticlePageFactory(
        parent=blog_index,
        title="The article",
        categories=[injections, back_pain],
        first_published_at=at(2024, 5, 1),
    )
    ArticlePageFactory(
        parent=blog_index,
        title="Shares both, oldest",
        categories=[injections, back_pain],
        first_published_at=at(2024, 1, 1),
    )
    for month, title in ((2, "Shares one, February"), (3, "Shares one, March")):
        ArticlePageFactory(
            parent=blog_index, title=title, categories=[injections], first_published_at=at(2024, month, 1)
        )
    ArticlePageFactory(parent=blog_index, title="Shares nothing, newest", first_published_at=at(2024, 4, 1))

    related = soup_of(client, article.url).select_one("section.related")

    assert [text_of(h3) for h3 in related.find_all("h3")] == ["Shares one, March", "Shares one, February"]


# Previous and next


def pager(client, article):
    """The previous and next links' texts on ``article``'s page (None where there is none)."""
    soup = soup_of(client, article.url)
    previous, following = soup.select_one("a[rel=prev]"), soup.select_one("a[rel=next]")
    return (text_of(previous) if previous else None, text_of(following) if following else None)


def test_previous_and_next_follow_the_publication_date_within_the_blog(client, home_page, blog_index):
    january = ArticlePageFactory(parent=blog_index, title="January", first_published_at=at(2024, 1, 10))
    february = ArticlePageFactory(parent=blog_index, title="February", first_published_at=at(2024, 2, 10))
    march = ArticlePageFactory(parent=blog_index, title="March", first_published_at=at(2024, 3, 10))
    ArticlePageFactory(parent=blog_index, title="Draft", live=False, first_published_at=at(2024, 2, 20))
    news = BlogIndexPageFactory(parent=home_page, slug="news", title="Clinic news")
    ArticlePageFactory(parent=news, title="Other blog", first_published_at=at(2024, 2, 15))
    # Published last, but dated before all the others.
    backdated = ArticlePageFactory(
        parent=blog_index, title="Backdated", first_published_at=at(2024, 4, 1), display_date=at(2023, 12, 1)
    )

    assert pager(client, february) == ("Previous article January", "Next article March")
    assert pager(client, january) == ("Previous article Backdated", "Next article February")
    assert pager(client, backdated) == (None, "Next article January")
    assert pager(client, march) == ("Previous article February", None)
    assert soup_of(client, february.url).select_one("a[rel=prev]")["href"] == january.url


def test_articles_published_at_the_same_moment_are_still_one_chain(client, blog_index):
    first, second, third = (
        ArticlePageFactory(parent=blog_index, title=title, first_published_at=at(2024, 6, 1))
        for title in ("First", "Second", "Third")
    )

    assert pager(client, first) == (None, "Next article Second")
    assert pager(client, second) == ("Previous article First", "Next article Third")
    assert pager(client, third) == ("Previous article Second", None)


# Queries


@pytest.mark.parametrize("article_count", [5, 50])
def test_article_page_queries_do_not_grow_with_the_number_of_articles(
    client, blog_index, clinic_phone, django_assert_max_num_queries, article_count
):
    topic = CategoryFactory(name="Injections")
    articles = [
        ArticlePageFactory(parent=blog_index, categories=[topic], tags=["botox"])
        for _ in range(article_count)
    ]
    # Measured on one as the clinic publishes them (people with photos, image and phone blocks…).
    measured = realistic_article(
        blog_index,
        clinic_phone,
        categories=[topic],
        tags=["botox"],
        first_published_at=articles[2].first_published_at,
    )
    url = measured.url
    client.get(url)  # the first reader creates the image renditions; every later one reads them

    with django_assert_max_num_queries(ARTICLE_PAGE_QUERIES):
        response = client.get(url)

    soup = BeautifulSoup(response.content, "html.parser")
    assert len(soup.select("section.related h3")) == 3
    assert soup.select_one("a[rel=prev]") and soup.select_one("a[rel=next]")


# Search engines and sharing


def meta_tags(soup):
    tags = {}
    for meta in soup.find_all("meta"):
        key = meta.get("property") or meta.get("name")
        if key:
            tags[key] = meta["content"]
    return tags


def test_article_head_has_canonical_open_graph_and_twitter_tags(client, blog_index, clinic_phone):
    article = ArticlePageFactory(
        parent=blog_index,
        title="Nerve blocks explained",
        summary="What a nerve block is.",
        first_published_at=at(2024, 3, 5),
    )
    soup = soup_of(client, article.url)
    tags = meta_tags(soup)

    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == "http://localhost/blog/nerve-blocks-explained/"
    assert soup.title.string == "Nerve blocks explained | Twin Cities Pain Clinic"
    assert tags["description"] == "What a nerve block is."
    assert tags["og:type"] == "article"
    assert tags["og:title"] == "Nerve blocks explained"
    assert tags["og:description"] == "What a nerve block is."
    assert tags["og:url"] == canonical
    assert tags["og:site_name"] == "Twin Cities Pain Clinic"
    assert tags["article:published_time"] == soup.select_one(".article__facts time")["datetime"]
    assert tags["twitter:card"] == "summary"
    assert tags["twitter:title"] == "Nerve blocks explained"
    assert "og:image" not in tags and "twitter:image" not in tags


def test_search_description_replaces_the_summary_for_search_engines(client, blog_index):
    article = ArticlePageFactory(parent=blog_index, summary="Summary.", search_description="For Google.")
    tags = meta_tags(soup_of(client, article.url))

    assert tags["description"] == tags["og:description"] == tags["twitter:description"] == "For Google."


def test_article_with_an_image_is_shared_with_its_first_image(client, blog_index):
    image = ImageFactory()
    article = ArticlePageFactory(
        parent=blog_index, body=[paragraph(), image_block(image, alt_text="A nurse takes a pulse.")]
    )
    soup = soup_of(client, article.url)
    tags = meta_tags(soup)

    rendition = image.get_rendition("width-1200")
    assert tags["og:image"] == f"http://localhost{rendition.url}"
    assert tags["og:image:alt"] == tags["twitter:image:alt"] == "A nurse takes a pulse."
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:image"] == tags["og:image"]


def test_article_whose_image_file_is_missing_renders_without_a_share_image(client, blog_index):
    image = ImageFactory()
    image.file.delete(save=False)
    article = ArticlePageFactory(parent=blog_index, body=[image_block(image)])
    soup = soup_of(client, article.url)

    assert "og:image" not in meta_tags(soup)
    assert meta_tags(soup)["twitter:card"] == "summary"


def test_canonical_link_comes_from_the_view_when_it_sets_one(rf, home_page):
    html = render_to_string(
        "blog/home_page.html",
        {"page": home_page, "canonical_url": "http://localhost/blog/?page=2"},
        request=rf.get("/"),
    )
    links = BeautifulSoup(html, "html.parser").find_all("link", rel="canonical")
    assert [link["href"] for link in links] == ["http://localhost/blog/?page=2"]


def test_home_page_canonical_is_its_full_url(client, home_page):
    soup = soup_of(client, "/")
    assert soup.find("link", rel="canonical")["href"] == "http://localhost/"


# Accessible on every page


def heading_levels(soup):
    return [int(heading.name[1]) for heading in soup.find_all(re.compile(r"^h[1-6]$"))]


@pytest.fixture
def reader_pages(client, blog_index, clinic_phone):
    """Home, blog index, an article with sub-headings and related articles, and the 404 page."""
    topic = CategoryFactory(name="Injections")
    body = [paragraph("<h2>What to expect</h2><p>Text.</p><h3>On the day</h3><p>More.</p><h2>After</h2>")]
    article = ArticlePageFactory(parent=blog_index, categories=[topic], body=body)
    ArticlePageFactory(parent=blog_index, categories=[topic])
    return {"home": "/", "blog index": blog_index.url, "article": article.url, "404": "/no-such-page/"}


def test_every_reader_page_has_one_h1_and_no_skipped_heading_level(client, reader_pages):
    for name, url in reader_pages.items():
        response = client.get(url)
        levels = heading_levels(BeautifulSoup(response.content, "html.parser"))
        assert levels[0] == 1 and levels.count(1) == 1, name
        assert all(after - before <= 1 for before, after in zip(levels, levels[1:], strict=False)), (
            name,
            levels,
        )


def test_article_outline_puts_related_articles_under_an_h2(client, reader_pages):
    soup = soup_of(client, reader_pages["article"])
    assert heading_levels(soup) == [1, 2, 3, 2, 2, 3]


def test_every_reader_page_starts_with_the_skip_link_then_the_clinic_phone(client, reader_pages):
    for name, url in reader_pages.items():
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        first, second = soup.find_all("a")[:2]
        assert (first["href"], text_of(first)) == ("#main", "Skip to main content"), name
        assert second["href"] == "tel:+19528412345", name
        assert text_of(second) == "Call Twin Cities Pain Clinic at (952) 841-2345", name
        assert soup.html["lang"] == "en"


def test_anonymous_readers_get_no_cookie(client, reader_pages):
    for name, url in reader_pages.items():
        response = client.get(url)
        assert not response.cookies, name


def test_server_error_page_needs_no_database():
    # Without the db fixture pytest-django refuses any query, so this fails if the page makes one.
    html = render_to_string("500.html")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "en" and heading_levels(soup) == [1]


class TestArticlePreview(WagtailPageTestCase):
    """Editors preview drafts whose categories and tags exist only in memory, not yet in the database."""

    @classmethod
    def setUpTestData(cls):
        _, cls.blog_index = make_site_tree()
        cls.topic = CategoryFactory(name="Injections")
        cls.article = ArticlePageFactory(parent=cls.blog_index, categories=[cls.topic], tags=["botox"])
        ArticlePageFactory(parent=cls.blog_index, title="Sibling on injections", categories=[cls.topic])

    def setUp(self):
        verified_login(self.client, self.login())

    def preview(self, url):
        data = article_form(
            title="Draft title",
            slug="draft-title",
            body_html="<p>Draft text.</p>",
            categories=[self.topic],
            summary="A draft.",
            tags="botox, new tag",
        )
        response = self.client.post(url, data)
        self.assertEqual(response.json()["is_valid"], True)
        return BeautifulSoup(self.client.get(url).content, "html.parser")

    def test_preview_of_an_edit_shows_unsaved_tags_breadcrumbs_and_related(self):
        soup = self.preview(f"/admin/pages/{self.article.pk}/edit/preview/")

        self.assertEqual(text_of(soup.h1), "Draft title")
        self.assertEqual(text_of(soup.select_one(".tags")), "Tags: botox, new tag")
        self.assertEqual(
            [text_of(a) for a in soup.select("nav[aria-label=Breadcrumb] a")],
            ["Home", "Patient education blog", "Draft title"],
        )
        self.assertEqual([text_of(h3) for h3 in soup.select(".related h3")], ["Sibling on injections"])

    def test_preview_of_a_new_article_has_related_but_no_previous_or_next(self):
        soup = self.preview(f"/admin/pages/add/blog/articlepage/{self.blog_index.pk}/preview/")

        self.assertEqual(text_of(soup.h1), "Draft title")
        self.assertEqual(
            [text_of(h3) for h3 in soup.select(".related h3")], [self.article.title, "Sibling on injections"]
        )
        self.assertIsNone(soup.select_one(".article-pager"))


def test_article_without_a_picture_is_shared_with_the_clinics_default_image(client, home_page, blog_index):
    from blog.models import ClinicSettings

    default = ImageFactory()
    clinic = ClinicSettings.for_site(home_page.get_site())
    clinic.default_share_image = default
    clinic.save()
    article = ArticlePageFactory(parent=blog_index, body=[paragraph()])
    pictured = ArticlePageFactory(parent=blog_index, featured_image=ImageFactory(), body=[paragraph()])

    soup = soup_of(client, article.url)

    tags = meta_tags(soup)
    assert tags["og:image"] == f"http://localhost{default.get_rendition('width-1200').url}"
    assert tags["og:image:alt"] == "Twin Cities Pain Clinic" and tags["twitter:card"] == "summary_large_image"
    assert soup.select(".article__hero, .article__body img") == []
    assert meta_tags(soup_of(client, pictured.url))["og:image"] != tags["og:image"]
