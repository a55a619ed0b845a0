"""Topics: the blog's categories with their description, picture and live article count, and the intro
that opens each category's archive (description, picture, a featured article)."""

import pytest
from bs4 import BeautifulSoup

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from blog.models import Category
from tests.factories import ArticlePageFactory, CategoryFactory, ImageFactory, publish_changes


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def injections(db):
    return CategoryFactory(
        name="Injections",
        description="Shots that ease pain for weeks or months.",
        image=ImageFactory(),
        image_alt_text="A syringe on a tray",
    )


@pytest.fixture
def headaches(db):
    return CategoryFactory(name="Headaches")


def topic_cards(client):
    soup = soup_of(client.get("/blog/topics/"))
    return {
        card.select_one(".topic-card__name").get_text(strip=True): card.select_one(".meta").get_text(
            strip=True
        )
        for card in soup.select(".topic-card")
    }


def test_topics_count_only_live_public_articles_and_leave_out_empty_categories(
    client, blog_index, injections, headaches
):
    ArticlePageFactory.create_batch(2, parent=blog_index, categories=[injections])
    ArticlePageFactory(parent=blog_index, categories=[injections, headaches])
    ArticlePageFactory(parent=blog_index, categories=[injections], live=False)
    private = ArticlePageFactory(parent=blog_index, categories=[injections])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    CategoryFactory(name="Sleep")  # no articles yet
    ArticlePageFactory(parent=blog_index, categories=[Category.objects.uncategorized()])

    assert topic_cards(client) == {"Headaches": "1 article", "Injections": "3 articles"}


def test_topics_show_each_description_and_picture_and_link_to_the_archive(client, blog_index, injections):
    ArticlePageFactory(parent=blog_index, categories=[injections])

    card = soup_of(client.get("/blog/topics/")).select_one(".topic-card")

    assert card.select_one(".topic-card__name a")["href"] == "/blog/category/injections/"
    assert (
        card.select_one(".topic-card__description").get_text() == "Shots that ease pain for weeks or months."
    )
    image = card.select_one("img")
    assert image["alt"] == "A syringe on a tray" and image["width"] and image["height"]


def test_topics_page_costs_the_same_queries_however_many_categories(client, blog_index, settings):
    settings.PAGE_CACHE_SECONDS = 0

    def queries_with(categories):
        while Category.objects.exclude(slug="uncategorized").count() < categories:
            ArticlePageFactory(parent=blog_index, categories=[CategoryFactory(image=ImageFactory())])
        client.get("/blog/topics/")  # the new pictures' renditions are made
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/blog/topics/")
        assert len(soup_of(response).select(".topic-card")) == categories
        return len(queries)

    assert queries_with(2) == queries_with(7)


def archive(client, category, query=""):
    return soup_of(client.get(f"/blog/category/{category.slug}/{query}"))


def test_category_archive_opens_with_description_picture_and_the_chosen_featured_article(
    client, blog_index, injections
):
    chosen, newest = (
        ArticlePageFactory(parent=blog_index, title=title, categories=[injections])
        for title in ("Nerve blocks explained", "What to expect at your first injection")
    )
    injections.featured_article = chosen
    injections.full_clean()
    injections.save()

    soup = archive(client, injections)

    assert soup.select_one(".topic-intro .intro").get_text() == "Shots that ease pain for weeks or months."
    assert soup.select_one(".topic-intro img")["alt"] == "A syringe on a tray"
    assert soup.select_one(".featured-article__title").get_text(strip=True) == chosen.title  # not the newest
    assert [h3.get_text(strip=True) for h3 in soup.select(".article-card h3")] == [newest.title, chosen.title]


def featured_title(client, category):
    return archive(client, category).select_one(".featured-article__title").get_text(strip=True)


def test_without_a_live_choice_the_archive_features_its_newest_article(client, blog_index, injections):
    older = ArticlePageFactory(parent=blog_index, categories=[injections])
    newest = ArticlePageFactory(parent=blog_index, title="Newest on injections", categories=[injections])
    assert featured_title(client, injections) == newest.title

    injections.featured_article = older
    injections.save()
    older.unpublish()
    latest = ArticlePageFactory(parent=blog_index, title="Latest on injections", categories=[injections])
    assert featured_title(client, injections) == latest.title


def test_a_featured_article_moved_out_of_the_category_is_no_longer_featured(client, blog_index, injections):
    chosen = ArticlePageFactory(parent=blog_index, title="Chosen", categories=[injections])
    *_, newest = ArticlePageFactory.create_batch(2, parent=blog_index, categories=[injections])
    injections.featured_article = chosen
    injections.save()

    publish_changes(chosen, categories=[CategoryFactory()])

    assert featured_title(client, injections) == newest.title


def test_a_category_of_one_article_lists_it_without_featuring_it_twice(client, blog_index, injections):
    only = ArticlePageFactory(parent=blog_index, categories=[injections])

    soup = archive(client, injections)

    assert soup.select_one(".featured-article") is None
    assert [h2.get_text(strip=True) for h2 in soup.select(".article-card h2")] == [only.title]


def test_later_pages_of_an_archive_have_no_intro(client, blog_index, injections):
    ArticlePageFactory.create_batch(11, parent=blog_index, categories=[injections])

    soup = archive(client, injections, "?page=2")

    assert soup.select_one(".topic-intro") is None and soup.select_one(".featured-article") is None
    assert len(soup.select(".article-card")) == 1


def test_the_featured_article_must_be_in_the_category(blog_index, injections, headaches):
    elsewhere = ArticlePageFactory(parent=blog_index, categories=[headaches])
    injections.featured_article = elsewhere

    with pytest.raises(ValidationError) as refused:
        injections.full_clean()

    assert "featured_article" in refused.value.message_dict


def test_editing_a_category_refreshes_the_cached_topics_page(
    client, blog_index, injections, settings, publish
):
    settings.PAGE_CACHE_SECONDS = 600
    ArticlePageFactory(parent=blog_index, categories=[injections])
    client.get("/blog/topics/")
    assert client.get("/blog/topics/")["X-Page-Cache"] == "hit"

    injections.description = "Injections, explained."
    publish(injections.save)

    assert "Injections, explained." in client.get("/blog/topics/").text


def test_sitemap_lists_the_topics_page(client, blog_index, injections):
    ArticlePageFactory(parent=blog_index, categories=[injections])

    assert "<loc>http://localhost/blog/topics/</loc>" in client.get("/sitemap.xml").text
