"""The article's JSON-LD says exactly what the page shows: parsed back out of the page and compared."""

import json
import re
from datetime import UTC, datetime
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from blog.models import ArticlePage, Category
from tests.factories import (
    ArticlePageFactory,
    CategoryFactory,
    ImageFactory,
    PersonFactory,
    approve_and_publish,
    image_block,
    paragraph,
)

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$")


def text_of(element):
    return " ".join(element.get_text().split())


def render(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def graph_of(soup):
    """The page's only JSON-LD script, as {type: node}."""
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@context"] == "https://schema.org"
    nodes = {node["@type"]: node for node in data["@graph"]}
    assert len(nodes) == len(data["@graph"])
    return nodes


def visible_list(soup, selector, prefix, suffix=""):
    """The names in a line like "Posted in A, B." as the patient reads them."""
    line = text_of(soup.select_one(selector))
    assert line.startswith(prefix) and line.endswith(suffix)
    return line.removeprefix(prefix).removesuffix(suffix).split(", ")


@pytest.fixture
def reviewed_article(blog_index, clinic_phone):
    injections = CategoryFactory(name="Injections")
    article = ArticlePageFactory(
        parent=blog_index,
        title="How Botox can help with pain",
        summary="Botox relaxes muscles in spasm; here is who it helps.",
        categories=[injections, Category.objects.uncategorized()],
        tags=["botox", "muscle spasm"],
        author=PersonFactory(name="Dana Whitfield", credentials="PA-C", role="Physician assistant"),
        first_published_at=datetime(2024, 3, 5, 15, 30, tzinfo=UTC),
    )
    reviewer = PersonFactory(name="Ann Lee", credentials="MD", role="Pain medicine physician")
    approve_and_publish(article, reviewer, approved_at=datetime(2024, 4, 1, 15, 30, tzinfo=UTC))
    # Publishing the approval stamps today; the article's history says it was last published in April.
    ArticlePage.objects.filter(pk=article.pk).update(
        last_published_at=datetime(2024, 4, 14, 15, 30, tzinfo=UTC)
    )
    return ArticlePage.objects.get(pk=article.pk)


@pytest.fixture
def page(client, reviewed_article):
    soup = render(client, reviewed_article)
    return soup, graph_of(soup)


def test_article_has_one_graph_of_posting_web_page_clinic_and_breadcrumbs(page):
    _, graph = page
    assert sorted(graph) == ["BlogPosting", "BreadcrumbList", "MedicalClinic", "MedicalWebPage"]


def test_headline_and_description_are_the_visible_title_and_meta_description(page):
    soup, graph = page
    posting = graph["BlogPosting"]
    assert posting["headline"] == text_of(soup.h1) == "How Botox can help with pain"
    assert posting["description"] == soup.find("meta", attrs={"name": "description"})["content"]
    assert graph["MedicalWebPage"]["name"] == text_of(soup.h1)


def test_page_urls_are_the_canonical_url(page):
    soup, graph = page
    canonical = soup.find("link", rel="canonical")["href"]
    assert graph["MedicalWebPage"]["url"] == canonical
    assert graph["BlogPosting"]["mainEntityOfPage"] == {"@id": graph["MedicalWebPage"]["@id"]}
    assert graph["MedicalWebPage"]["mainEntity"] == {"@id": graph["BlogPosting"]["@id"]}


def test_dates_are_the_visible_publication_and_update_dates_with_their_offset(page):
    soup, graph = page
    published, updated = soup.select(".article__facts time")
    posting = graph["BlogPosting"]
    assert posting["datePublished"] == published["datetime"] == "2024-03-05T09:30:00-06:00"
    assert posting["dateModified"] == updated["datetime"] == "2024-04-14T10:30:00-05:00"
    assert ISO_WITH_OFFSET.match(posting["dateModified"])


def test_date_modified_is_the_publication_date_when_no_update_is_shown(client, blog_index):
    article = ArticlePageFactory(parent=blog_index)
    soup = render(client, article)
    posting = graph_of(soup)["BlogPosting"]
    assert [time["datetime"] for time in soup.select(".article__facts time")] == [posting["datePublished"]]
    assert posting["dateModified"] == posting["datePublished"]
    assert ISO_WITH_OFFSET.match(posting["datePublished"])


def test_clinic_is_the_one_in_the_header_with_its_click_to_call_number(page):
    soup, graph = page
    clinic = graph["MedicalClinic"]
    canonical = soup.find("link", rel="canonical")["href"]
    header_name = soup.select_one(".site-header .site-name")
    header_phone = soup.select_one(".site-header a[href^='tel:']")

    assert clinic["name"] == text_of(header_name) == "Twin Cities Pain Clinic"
    assert clinic["url"] == urljoin(canonical, header_name["href"]) == "http://localhost/"
    assert clinic["telephone"] == header_phone["href"].removeprefix("tel:") == "+19528412345"
    assert graph["BlogPosting"]["publisher"] == {"@id": clinic["@id"]}


def test_breadcrumb_list_is_the_visible_breadcrumb_trail(page):
    soup, graph = page
    canonical = soup.find("link", rel="canonical")["href"]
    visible = [
        (position, text_of(link), urljoin(canonical, link["href"]))
        for position, link in enumerate(soup.select("nav[aria-label=Breadcrumb] a"), start=1)
    ]
    listed = [
        (item["position"], item["name"], item["item"]) for item in graph["BreadcrumbList"]["itemListElement"]
    ]
    assert listed == visible
    assert listed[-1][2] == canonical
    assert graph["MedicalWebPage"]["breadcrumb"] == {"@id": graph["BreadcrumbList"]["@id"]}


def test_sections_and_keywords_are_the_visible_categories_and_tags(page):
    soup, graph = page
    categories = visible_list(soup, ".posted-in", "Posted in ", ".")
    tags = visible_list(soup, ".tags", "Tags: ")

    assert categories == ["Injections", "Uncategorized"]
    assert graph["BlogPosting"]["articleSection"] == [name for name in categories if name != "Uncategorized"]
    assert graph["BlogPosting"]["keywords"] == tags == ["botox", "muscle spasm"]
    assert [thing["name"] for thing in graph["MedicalWebPage"]["about"]] == [
        "Injections",
        "botox",
        "muscle spasm",
    ]


def test_uncategorized_untagged_article_has_no_section_or_keywords(client, blog_index):
    article = ArticlePageFactory(parent=blog_index, categories=[Category.objects.uncategorized()])
    soup = render(client, article)
    posting = graph_of(soup)["BlogPosting"]

    assert visible_list(soup, ".posted-in", "Posted in ", ".") == ["Uncategorized"]
    assert soup.select_one(".tags") is None
    assert "articleSection" not in posting and "keywords" not in posting


def test_author_and_reviewer_come_from_the_article_fields(page, reviewed_article):
    _, graph = page
    assert graph["BlogPosting"]["author"] == {
        "@type": "Person",
        "name": "Dana Whitfield",
        "honorificSuffix": "PA-C",
        "jobTitle": "Physician assistant",
    }
    assert graph["MedicalWebPage"]["reviewedBy"] == {
        "@type": "Person",
        "name": "Ann Lee",
        "honorificSuffix": "MD",
        "jobTitle": "Pain medicine physician",
    }
    assert (
        graph["MedicalWebPage"]["lastReviewed"]
        == reviewed_article.clinical_approval.reviewed_on.isoformat()
        == "2024-04-01"
    )


def test_article_without_an_author_is_credited_to_the_clinic(client, blog_index, clinic_phone):
    graph = graph_of(render(client, ArticlePageFactory(parent=blog_index)))
    assert graph["BlogPosting"]["author"] == {"@id": graph["MedicalClinic"]["@id"]}
    assert "reviewedBy" not in graph["MedicalWebPage"] and "lastReviewed" not in graph["MedicalWebPage"]


def test_visible_byline_names_the_same_author_and_reviewer(page):
    soup, graph = page
    text = text_of(soup.select_one("article"))

    def with_credentials(person):
        return f"{person['name']}, {person['honorificSuffix']}"

    assert f"Written by {with_credentials(graph['BlogPosting']['author'])}" in text
    assert f"Medically reviewed by {with_credentials(graph['MedicalWebPage']['reviewedBy'])}" in text


def test_image_is_the_one_shared_on_social_media(client, blog_index):
    article = ArticlePageFactory(parent=blog_index, body=[paragraph(), image_block(ImageFactory())])
    soup = render(client, article)
    image = graph_of(soup)["BlogPosting"]["image"]

    assert image["url"] == soup.find("meta", property="og:image")["content"]
    assert str(image["width"]) == soup.find("meta", property="og:image:width")["content"]
    assert image["url"].startswith("http://localhost/")


def test_article_without_an_image_has_none_in_its_json_ld(page):
    _, graph = page
    assert "image" not in graph["BlogPosting"]


def test_a_title_cannot_break_out_of_the_script_element(client, blog_index):
    title = 'Botox </script><script>alert("x")</script> & <!-- more'
    soup = render(client, ArticlePageFactory(parent=blog_index, title=title, slug="botox-and-more"))
    raw = soup.find("script", type="application/ld+json").string

    assert "</" not in raw and "<" not in raw and "&" not in raw
    assert graph_of(soup)["BlogPosting"]["headline"] == title == text_of(soup.h1)
    assert len(soup.find_all("script")) == 1
