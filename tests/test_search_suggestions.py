"""Search beyond articles: the clinic's other pages, and what an empty result offers instead."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection

from wagtail.models import PageViewRestriction

from blog.models import ContentPage
from tests.factories import ArticlePageFactory, CategoryFactory, paragraph


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def search(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return soup_of(response)


def content_page(parent, title, text, live=True):
    page = parent.add_child(instance=ContentPage(title=title, body=[paragraph(f"<p>{text}</p>")], live=live))
    return page


def section_links(soup, heading_id):
    section = soup.find(attrs={"aria-labelledby": heading_id})
    return [] if section is None else [(link.get_text(), link["href"]) for link in section.find_all("a")]


@pytest.fixture
def sciatica(blog_index):
    return ArticlePageFactory(
        parent=blog_index,
        title="Sciatica: easing leg pain",
        categories=[CategoryFactory(name="Sciatica", slug="sciatica")],
    )


@pytest.fixture
def migraine(blog_index):
    return ArticlePageFactory(
        parent=blog_index,
        title="Migraine: when a headache is more",
        categories=[CategoryFactory(name="Headache and migraine", slug="headache-and-migraine")],
    )


def test_clinic_pages_of_any_type_are_found_beside_articles(client, home_page, blog_index):
    about = content_page(home_page, "Parking and directions", "Free parking behind the building.")
    nested = content_page(about, "Wheelchair access", "Step-free parking bays by the entrance.")
    ArticlePageFactory(parent=blog_index, title="Parking near the clinic when your back hurts")

    soup = search(client, "parking")

    assert sorted(section_links(soup, "clinic-pages-heading")) == sorted(
        [("Parking and directions", about.url), ("Wheelchair access", nested.url)]
    )
    articles = soup.find(attrs={"aria-labelledby": "articles-heading"})
    assert [h3.get_text(strip=True) for h3 in articles.select(".article-card h3")] == [
        "Parking near the clinic when your back hurts"
    ]
    assert "2 of our clinic’s pages match too." in soup.select_one(".search-summary").get_text()


def test_unpublished_private_and_listing_pages_are_not_clinic_page_results(client, home_page, blog_index):
    content_page(home_page, "Pain clinic draft notice", "Draft pain text.", live=False)
    private = content_page(home_page, "Staff pain rota", "Pain rota.")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    soup = search(client, "pain clinic")  # the home page is "Twin Cities Pain Clinic"

    assert section_links(soup, "clinic-pages-heading") == []


def test_a_clinic_page_alone_is_a_result_without_the_empty_suggestions(client, home_page, sciatica):
    content_page(home_page, "Accessibility statement", "We aim for WCAG 2.2 AA.")

    soup = search(client, "accessibility")

    assert [text for text, _ in section_links(soup, "clinic-pages-heading")] == ["Accessibility statement"]
    assert soup.find(id="suggestions-heading") is None


def test_an_empty_result_suggests_topics_and_the_phone_number(client, clinic_phone, sciatica, migraine):
    CategoryFactory(name="Topic without articles", slug="empty-topic")

    soup = search(client, "zebra")

    assert "0 articles found." in soup.select_one(".search-summary").get_text()
    topics = section_links(soup, "suggestions-heading")
    assert ("Headache and migraine", "/blog/category/headache-and-migraine/") in topics
    assert ("Sciatica", "/blog/category/sciatica/") in topics
    assert not any("Topic without articles" in text or "Uncategorized" in text for text, _ in topics)
    assert (clinic_phone.display_number, clinic_phone.tel_href) in topics


def test_an_empty_result_without_a_live_phone_contact_shows_no_number(client, clinic_phone, sciatica):
    clinic_phone.unpublish()

    soup = search(client, "zebra")

    assert not any(href.startswith("tel:") for _, href in section_links(soup, "suggestions-heading"))


@pytest.mark.parametrize("query", ["sciatca", "siatica", "SCIATICAA"])
def test_a_misspelt_query_suggests_the_article_it_meant(client, sciatica, migraine, query):
    soup = search(client, query)

    suggested = section_links(soup, "suggestions-heading")
    assert suggested[0] == (sciatica.title, sciatica.url)
    assert (migraine.title, migraine.url) not in suggested


def test_a_query_like_no_title_suggests_no_article(client, sciatica, migraine):
    soup = search(client, "zebra")

    assert "Did you mean" not in soup.get_text()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only (pg_trgm, migration 0014)")
def test_postgresql_suggests_by_trigram_word_similarity_served_by_the_title_index(client, sciatica, migraine):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        soup = search(client, "migrane")

    assert section_links(soup, "suggestions-heading")[0] == (migraine.title, migraine.url)
    assert any("%>" in query["sql"] and "WORD_SIMILARITY" in query["sql"].upper() for query in queries)
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'blog_page_title_trgm'")
        assert "gin_trgm_ops" in cursor.fetchone()[0]
