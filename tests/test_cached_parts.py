"""Parts of uncached pages kept in the shared look-up cache: the routed article, its rendered body, a
listing's page of articles. With the page cache off every request renders, as in the benchmark; each
change still shows on the next request, because the parts are purged by the same tags as the pages."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from blog.models import ArticlePage
from tests.admin_forms import article_form
from tests.factories import (
    CategoryFactory,
    ImageFactory,
    PersonFactory,
    paragraph,
    publish_changes,
    realistic_article,
)


@pytest.fixture(autouse=True)
def _shared_lookups_without_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.SHARED_LOOKUP_CACHE = True


@pytest.fixture
def publish_article(blog_index, clinic_phone, publish):
    def run(**kwargs):
        published = []
        publish(lambda: published.append(realistic_article(blog_index, clinic_phone, **kwargs)))
        return published[0]

    return run


@pytest.fixture
def article(publish_article):
    return publish_article(slug="as-published")


def body_text(client, url):
    return BeautifulSoup(client.get(url).content, "html.parser").select_one(".article__body").get_text()


def test_renaming_the_author_or_reviewer_reaches_the_next_request(client, article, publish):
    assert article.author.name in client.get(article.url).text  # routed once, then kept
    author, reviewer = article.author, article.clinical_approval.reviewer
    author.name, reviewer.name = "Dr Renamed Author", "Dr Renamed Reviewer"

    publish(author.save)
    publish(reviewer.save)

    text = client.get(article.url).text
    assert "Dr Renamed Author" in text and "Dr Renamed Reviewer" in text


def test_a_phone_change_reaches_the_body_kept_for_the_live_revision(client, article, clinic_phone, publish):
    assert "(952) 841-2345" in body_text(client, article.url)

    clinic_phone.phone_number = "+16125550143"
    publish(lambda: clinic_phone.save_revision().publish())

    body = body_text(client, article.url)
    assert "(612) 555-0143" in body and "(952) 841-2345" not in body


def test_an_unpublished_phone_contact_leaves_the_kept_body(client, article, clinic_phone, publish):
    assert "(952) 841-2345" in body_text(client, article.url)

    publish(clinic_phone.unpublish)

    assert "(952) 841-2345" not in body_text(client, article.url)


def test_publishing_a_new_body_shows_it_with_its_reading_time(client, article, publish):
    assert "Gentle exercise" in body_text(client, article.url)
    long_text = "<p>" + "word " * 1000 + "</p>"

    publish(
        lambda: publish_changes(article, body=[paragraph("<p>Rewritten advice.</p>"), paragraph(long_text)])
    )

    response = client.get(article.url)
    body = BeautifulSoup(response.content, "html.parser").select_one(".article__body").get_text()
    assert "Rewritten advice." in body and "Gentle exercise" not in body
    assert "6 min read" in response.text


def test_renaming_a_category_reaches_the_index_cards_and_the_article(client, article, publish):
    category = article.categories.get()
    assert category.name in client.get("/blog/").text

    category.name = "Nerve blocks"
    publish(category.save)

    assert "Nerve blocks" in client.get("/blog/").text
    assert "Nerve blocks" in client.get(article.url).text


@pytest.mark.parametrize("listing", ["/blog/", "category"])
def test_a_retitled_article_with_a_new_picture_reaches_its_kept_card(client, article, listing, publish):
    address = f"/blog/category/{article.categories.get().slug}/" if listing == "category" else listing
    assert article.title in client.get(address).text  # the page of cards is kept

    publish(
        lambda: publish_changes(
            ArticlePage.objects.get(pk=article.pk),
            title="Nerve blocks, step by step",
            featured_image=ImageFactory(title="Nerve block diagram"),
            featured_image_alt_text="A diagram of a nerve block",
        )
    )

    card = BeautifulSoup(client.get(address).content, "html.parser").find(
        "a", string="Nerve blocks, step by step"
    )
    assert card is not None
    assert card.find_parent("li").select_one("img")["alt"] == "A diagram of a nerve block"


def related_titles(client, article):
    related = BeautifulSoup(client.get(article.url).content, "html.parser").select_one("section.related")
    return [link.get_text() for link in related.select(".article-card a")] if related else []


def test_a_retitled_related_article_reaches_the_kept_related_cards(client, article, publish_article, publish):
    related = publish_article(
        slug="sleep-and-pain", title="Sleep and pain", categories=list(article.categories.all())
    )
    assert related_titles(client, article) == ["Sleep and pain"]  # the related cards are kept

    publish(lambda: publish_changes(related, title="Sleeping well with chronic pain"))

    assert related_titles(client, article) == ["Sleeping well with chronic pain"]


def test_a_new_article_reaches_the_kept_first_page_of_the_index(client, article, publish_article):
    assert article.title in client.get("/blog/").text

    publish_article(slug="newest-advice", title="Newest advice on sleep")

    assert "Newest advice on sleep" in client.get("/blog/").text


def test_unpublishing_an_article_stops_it_being_routed_or_listed(client, article, publish):
    assert client.get(article.url).status_code == 200
    assert article.title in client.get("/blog/").text

    publish(ArticlePage.objects.get(pk=article.pk).unpublish)

    assert client.get(article.url).status_code == 404
    assert article.title not in client.get("/blog/").text


def test_a_view_restriction_added_after_an_article_was_kept_applies_on_the_next_request(
    client, article, blog_index, publish
):
    assert client.get(article.url).status_code == 200  # routed once, kept with its view restrictions

    publish(
        lambda: PageViewRestriction.objects.create(
            page=blog_index, restriction_type=PageViewRestriction.LOGIN
        )
    )

    response = client.get(article.url)
    assert response.status_code == 302 and response["Location"].startswith("/_util/login/")


def test_an_address_that_was_not_found_serves_the_article_published_there_later(client, publish_article):
    assert client.get("/blog/not-written-yet/").status_code == 404

    publish_article(slug="not-written-yet")

    assert client.get("/blog/not-written-yet/").status_code == 200


def test_an_article_without_featured_image_shares_its_first_body_image_every_time(
    client, publish_article, publish
):
    article = publish_article(slug="no-hero")
    publish(lambda: publish_changes(article, featured_image=None))

    shared = [
        BeautifulSoup(client.get(article.url).content, "html.parser").find("meta", property="og:image")
        for _ in range(2)  # rendered, then from the kept body
    ]

    assert shared[0] is not None and shared[0]["content"].startswith("http://localhost/media/images/")
    assert shared[1]["content"] == shared[0]["content"]


def test_a_preview_shows_the_draft_body_not_the_kept_one(admin_client, client, article):
    assert "Gentle exercise" in body_text(client, article.url)  # the live body is now kept
    url = f"/admin/pages/{article.pk}/edit/preview/"
    data = article_form(
        title=article.title,
        slug=article.slug,
        body_html="<p>Draft text only editors see.</p>",
        categories=[CategoryFactory()],
        author=PersonFactory(),
    )

    assert admin_client.post(url, data).json()["is_valid"] is True

    preview = BeautifulSoup(admin_client.get(url).content, "html.parser").select_one(".article__body")
    assert "Draft text only editors see." in preview.get_text()
    assert "Draft text only editors see." not in body_text(client, article.url)


def test_kept_article_parts_are_not_served_after_a_deploy_changes_a_block_template(
    client, article, monkeypatch
):
    from blog.reading import article_parts

    client.get(article.url)  # the parts are kept under the templates' fingerprint
    article_parts._fingerprint_of.cache_clear()
    monkeypatch.setattr(article_parts, "templates_fingerprint", lambda *names: "a-later-deploy")

    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.url).status_code == 200

    assert any("blog_phonecontact" in query["sql"] for query in queries.captured_queries)  # rendered again
    article_parts._fingerprint_of.cache_clear()
