"""The blog index, category archives and tag archives: listings patients page through."""

from itertools import pairwise

import pytest
from bs4 import BeautifulSoup

from django.test import TestCase

from wagtail.models import PageViewRestriction

from blog.models import ArticlePage, live_articles
from tests.factories import (
    ArticlePageFactory,
    BlogIndexPageFactory,
    CategoryFactory,
    import_seed_article,
    make_site_tree,
)

BAD_PAGE_NUMBERS = [
    "abc",
    "1e99",
    "-1",
    "0",
    "99999999999999999999",
    "9" * 5000,
    "",
    "１",  # full-width digit one: Paginator would take it as 1
    "٣",  # Arabic-Indic three
    " 2",
    "1_0",
    "2.0",
    "3",  # past the end of two pages
]


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def listed_titles(response):
    # A category archive that opens with a featured article heads its list, so the list's titles are h3s.
    titles = soup_of(response).select(".article-card :is(h2, h3)")
    return [title.get_text(strip=True) for title in titles]


def assert_site_404(response):
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert soup_of(response).h1.get_text() == "Page not found"


@pytest.fixture
def injections(blog_index):
    category = CategoryFactory(
        name="Injections", slug="injections", description="Nerve blocks, Botox and other injections."
    )
    articles = [
        ArticlePageFactory(
            parent=blog_index, title=f"Injection guide {n}", categories=[category], tags=["shots"]
        )
        for n in range(1, 13)
    ]
    return category, articles


def test_blog_index_shows_ten_articles_a_page_newest_first(blog_index, injections, client):
    _, articles = injections
    newest_first = [article.title for article in reversed(articles)]

    first = client.get("/blog/")
    second = client.get("/blog/?page=2")

    assert listed_titles(first) == newest_first[:10]
    assert listed_titles(second) == newest_first[10:]
    assert first.context["canonical_url"] == "http://localhost/blog/"
    assert second.context["canonical_url"] == "http://localhost/blog/?page=2"
    assert soup_of(first).select_one("a[rel=next]")["href"] == "?page=2"
    assert soup_of(second).select_one("a[rel=prev]")["href"] == "/blog/"
    assert "page 2" in soup_of(second).title.get_text()


def test_page_one_has_one_canonical_address(blog_index, injections, client):
    assert client.get("/blog/?page=1").context["canonical_url"] == "http://localhost/blog/"


class TestBadPageNumbers(TestCase):
    """Eleven articles make two pages of each listing; every other ``?page=`` is the site's 404."""

    @classmethod
    def setUpTestData(cls):
        _, blog_index = make_site_tree()
        category = CategoryFactory(name="Injections", slug="injections")
        for _ in range(11):
            ArticlePageFactory(parent=blog_index, categories=[category], tags=["shots"])

    def test_bad_page_number_is_the_sites_404_on_every_listing(self):
        listings = [("/blog/", {}), ("/blog/category/injections/", {}), ("/blog/tag/shots/", {})]
        listings.append(("/search/", {"q": "pain"}))
        for url, params in listings:
            self.assertEqual(self.client.get(url, {**params, "page": "2"}).status_code, 200)
            for number in BAD_PAGE_NUMBERS:
                with self.subTest(url=url, page=number):
                    assert_site_404(self.client.get(url, {**params, "page": number}))


def test_empty_blog_shows_its_first_page(blog_index, client):
    response = client.get("/blog/")
    assert response.status_code == 200
    assert "No articles yet." in soup_of(response).main.get_text()


def test_category_archive_lists_only_that_categorys_articles(blog_index, injections, client):
    category, articles = injections
    ArticlePageFactory(parent=blog_index, title="Sleep and pain", categories=[CategoryFactory(name="Sleep")])

    response = client.get("/blog/category/injections/")
    soup = soup_of(response)

    assert response.status_code == 200
    assert listed_titles(response) == [article.title for article in reversed(articles)][:10]
    assert [h1.get_text() for h1 in soup.find_all("h1")] == ["Injections"]
    assert soup.select_one(".intro").get_text() == category.description
    assert soup.title.get_text().startswith("Injections – Patient education blog")
    assert soup.select_one('meta[name="description"]')["content"] == category.description
    assert response.context["canonical_url"] == "http://localhost/blog/category/injections/"


def test_category_archive_pages_have_their_own_titles_and_canonical_urls(blog_index, injections, client):
    _, articles = injections

    response = client.get("/blog/category/injections/?page=2")

    assert listed_titles(response) == ["Injection guide 2", "Injection guide 1"]
    assert response.context["canonical_url"] == "http://localhost/blog/category/injections/?page=2"
    assert "page 2" in soup_of(response).title.get_text()


def test_tag_archive_lists_the_articles_with_that_tag(blog_index, injections, client):
    ArticlePageFactory(parent=blog_index, title="Sleep and pain", tags=["sleep"])

    response = client.get("/blog/tag/shots/")
    soup = soup_of(response)

    assert response.status_code == 200
    assert len(listed_titles(response)) == 10
    assert "Sleep and pain" not in listed_titles(response)
    assert [h1.get_text() for h1 in soup.find_all("h1")] == ["Tagged “shots”"]
    assert soup.title.get_text().startswith("Tagged “shots” – Patient education blog")
    assert response.context["canonical_url"] == "http://localhost/blog/tag/shots/"


def test_tag_with_non_ascii_letters_has_an_archive(blog_index, client):
    ArticlePageFactory(parent=blog_index, title="Douleur chronique", tags=["douleur été"])

    response = client.get("/blog/tag/douleur-%C3%A9t%C3%A9/")

    assert response.status_code == 200
    assert listed_titles(response) == ["Douleur chronique"]


def test_archives_use_one_h1_and_never_skip_a_heading_level(blog_index, injections, client):
    for url in ["/blog/", "/blog/category/injections/", "/blog/tag/shots/"]:
        soup = soup_of(client.get(url))
        assert len(soup.find_all("h1")) == 1, url
        assert soup.select(".article-card :is(h2, h3)"), url
        levels = [int(heading.name[1]) for heading in soup.select("main :is(h1, h2, h3, h4, h5, h6)")]
        assert levels[0] == 1, url
        assert all(later - earlier <= 1 for earlier, later in pairwise(levels)), url


@pytest.mark.parametrize(
    "url", ["/blog/category/no-such-topic/", "/blog/tag/no-such-tag/", "/blog/category/injections/extra/"]
)
def test_unknown_archive_is_the_sites_404(blog_index, injections, client, url):
    assert_site_404(client.get(url))


def test_tag_carried_only_by_a_draft_has_no_archive(blog_index, client):
    draft = ArticlePageFactory(parent=blog_index, tags=["secret-draft"])
    draft.unpublish()

    assert_site_404(client.get("/blog/tag/secret-draft/"))


def test_archives_leave_out_drafts_and_private_articles(blog_index, client):
    category = CategoryFactory(name="Injections", slug="injections")
    ArticlePageFactory(parent=blog_index, title="Public article", categories=[category], tags=["shots"])
    ArticlePageFactory(
        parent=blog_index, title="Draft article", categories=[category], tags=["shots"]
    ).unpublish()
    private = ArticlePageFactory(
        parent=blog_index, title="Private article", categories=[category], tags=["shots"]
    )
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    for url in ["/blog/", "/blog/category/injections/", "/blog/tag/shots/"]:
        assert listed_titles(client.get(url)) == ["Public article"], url


def test_category_with_no_articles_yet_shows_its_description(blog_index, client):
    CategoryFactory(name="Physical therapy", slug="physical-therapy", description="Exercise that helps.")

    response = client.get("/blog/category/physical-therapy/")

    assert response.status_code == 200
    assert "Exercise that helps." in soup_of(response).main.get_text()


def test_listed_articles_link_their_categories_to_archives(blog_index, injections, client):
    links = soup_of(client.get("/blog/")).select(".article-card__categories a")

    assert {link["href"] for link in links} == {"/blog/category/injections/"}


def test_seed_article_links_its_category_and_tags_to_their_archives(blog_index, client):
    article = import_seed_article()
    article.tags.set(["botox", "nerve pain"])
    article.save_revision().publish()

    soup = soup_of(client.get(article.url))
    category_links = soup.select(".posted-in a")
    tag_links = soup.select(".tags a")

    assert [(a.get_text(), a["href"]) for a in category_links] == [
        ("Uncategorized", "/blog/category/uncategorized/")
    ]
    assert sorted((a.get_text(), a["href"]) for a in tag_links) == [
        ("botox", "/blog/tag/botox/"),
        ("nerve pain", "/blog/tag/nerve-pain/"),
    ]
    for link in [*category_links, *tag_links]:
        assert listed_titles(client.get(link["href"])) == [article.title]


def test_listings_hide_what_wagtails_public_hides(home_page, blog_index, client):
    staff_blog = BlogIndexPageFactory(parent=home_page, slug="staff", title="Staff notes")
    PageViewRestriction.objects.create(page=staff_blog, restriction_type="login")
    ArticlePageFactory(parent=staff_blog, title="Staff only")
    private = ArticlePageFactory(parent=blog_index, title="Password protected")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="s3cret")
    ArticlePageFactory(parent=blog_index, title="For patients")

    assert set(live_articles()) == set(ArticlePage.objects.live().public())
    assert [a.title for a in live_articles()] == ["For patients"]
    home_titles = [h3.get_text(strip=True) for h3 in soup_of(client.get("/")).select(".article-list h3")]
    assert home_titles == ["For patients"]
