"""Author, review credit and references: what publishing needs and what patients are shown."""

from datetime import date, datetime, time

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse
from django.utils import timezone

from blog.importers.article_data import ArticleData, RichTextData
from blog.importers.writer import ArticleWriter
from blog.models import ArticlePage
from tests.admin_forms import add_url, article_form
from tests.factories import ArticlePageFactory, PersonFactory, approve_and_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return PersonFactory(name="Jordan Ellis", credentials="DPT")


@pytest.fixture
def reviewer():
    return PersonFactory(name="Maya Okafor", credentials="MD")


def form_errors(response):
    assert response.status_code == 200, "the form was expected to be refused"
    return response.context["form"].errors


def test_publishing_without_an_author_is_refused_with_a_field_error(admin_client, review_blog_index):
    response = admin_client.post(add_url(review_blog_index), article_form(action="action-publish"))

    errors = form_errors(response)
    assert errors["author"] == [
        "Choose who wrote this article: it can’t be submitted for review or published without one."
    ]
    assert not ArticlePage.objects.exists()


def test_an_administrators_direct_publish_goes_live_without_a_review_credit(
    admin_client, client, review_blog_index, author, reviewer
):
    # Typed-in reviewer fields are not part of the editor: posting them anyway changes nothing.
    form = article_form(
        author=author, medical_reviewer=reviewer, last_reviewed="2026-01-15", action="action-publish"
    )

    admin_client.post(add_url(review_blog_index), form)

    article = ArticlePage.objects.get()
    assert article.live and article.clinical_approval is None
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert " ".join(soup.select_one("header .byline").get_text().split()) == "Written by Jordan Ellis, DPT"
    assert soup.select_one(".byline--review").get_text(strip=True) == "Not yet clinically reviewed"
    assert "Maya Okafor" not in soup.main.get_text()


def test_draft_saves_without_author_or_reviewer(admin_client, review_blog_index):
    response = admin_client.post(add_url(review_blog_index), article_form())

    assert response.status_code == 302
    article = ArticlePage.objects.get()
    assert not article.live and article.author is None


def test_submitting_for_review_needs_an_author_but_not_a_reviewer(
    client, author_user, review_blog_index, author
):
    client.force_login(author_user)

    refused = client.post(add_url(review_blog_index), article_form(action="action-submit"))
    assert list(form_errors(refused)) == ["author"]

    client.post(add_url(review_blog_index), article_form(author=author, action="action-submit"))
    assert ArticlePage.objects.get().current_workflow_state is not None


@pytest.mark.parametrize("url", ["not a web address", "ftp://files.example.org/paper.pdf"])
def test_invalid_reference_url_is_a_form_error(admin_client, review_blog_index, author, reviewer, url):
    reference = {"title": "Botulinum toxin for chronic pain", "source": "", "year": "2020", "url": url}
    form = article_form(author=author, references=[reference])

    response = admin_client.post(add_url(review_blog_index), form)

    assert "references" in form_errors(response)
    assert not ArticlePage.objects.exists()


def test_imported_article_stays_live_without_review_and_says_so(client, blog_index):
    data = ArticleData(title="Pacing your day", body=[RichTextData("<p>Rest before you are tired.</p>")])

    article = ArticleWriter(blog_index).write(data).page

    article.refresh_from_db()
    assert article.live and article.clinical_approval is None
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert [p.get_text(strip=True) for p in soup.select(".byline")] == ["Not yet clinically reviewed"]
    assert "Medically reviewed" not in soup.main.get_text()


def reviewed_on(day):
    return timezone.make_aware(datetime.combine(day, time(10)))


def test_reviewed_article_shows_author_reviewer_date_and_next_review(
    client, blog_index, author, reviewer, settings
):
    settings.CLINICAL_REVIEW_INTERVAL_DAYS = 365
    article = ArticlePageFactory(parent=blog_index, author=author)
    approve_and_publish(article, reviewer, approved_at=reviewed_on(date(2026, 3, 9)))

    soup = BeautifulSoup(client.get(article.url).content, "html.parser")

    byline = soup.select_one("header .byline")
    assert " ".join(byline.get_text().split()) == (
        "Written by Jordan Ellis, DPT · Medically reviewed by Maya Okafor, MD on March 9, 2026"
    )
    assert byline.time["datetime"] == "2026-03-09"
    review = soup.select_one(".byline--review")
    # Shown as it is even when the next review is overdue.
    assert (
        " ".join(review.get_text().split()) == "Last reviewed March 9, 2026 · Next review due March 9, 2027"
    )
    assert [t["datetime"] for t in review.select("time")] == ["2026-03-09", "2027-03-09"]


def test_next_review_due_follows_the_interval_setting(client, blog_index, author, reviewer, settings):
    settings.CLINICAL_REVIEW_INTERVAL_DAYS = 30
    article = ArticlePageFactory(parent=blog_index, author=author)
    approve_and_publish(article, reviewer, approved_at=reviewed_on(date(2020, 1, 1)))

    review = BeautifulSoup(client.get(article.url).content, "html.parser").select_one(".byline--review")

    assert (
        " ".join(review.get_text().split())
        == "Last reviewed January 1, 2020 · Next review due January 31, 2020"
    )


def test_article_never_reviewed_shows_its_author_and_not_yet_reviewed(client, blog_index, author):
    article = ArticlePageFactory(parent=blog_index, author=author)

    soup = BeautifulSoup(client.get(article.url).content, "html.parser")

    assert " ".join(soup.select_one(".byline").get_text().split()) == "Written by Jordan Ellis, DPT"
    assert soup.select_one(".byline--review").get_text(strip=True) == "Not yet clinically reviewed"


def test_references_are_an_ordered_list_after_the_body(client, blog_index):
    article = ArticlePageFactory(
        parent=blog_index,
        references=[
            (
                "reference",
                {"title": "Chronic pain", "source": "NIH", "year": 2023, "url": "https://example.org/a"},
            ),
            ("reference", {"title": "Exercise therapy", "source": "", "year": None, "url": ""}),
        ],
    )

    soup = BeautifulSoup(client.get(article.url).content, "html.parser")

    section = soup.select_one("section.references")
    assert section.h2.get_text() == "References"
    items = section.select("ol > li")
    assert [" ".join(item.get_text().split()) for item in items] == [
        "Chronic pain. NIH, 2023.",
        "Exercise therapy.",
    ]
    assert items[0].a["href"] == "https://example.org/a"
    assert section.find_previous_sibling("div", class_="article__body") is not None


def test_article_without_references_has_no_references_heading(client, blog_index):
    article = ArticlePageFactory(parent=blog_index)

    assert "References" not in client.get(article.url).content.decode()


def bulk_publish(client, *pages, include_descendants=False):
    """The page listing's bulk "Publish", which comes back to the listing (``next``) when done."""
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    listing = reverse("wagtailadmin_explore", args=[pages[0].get_parent().pk])
    query = "&".join([*(f"id={page.pk}" for page in pages), f"next={listing}"])
    return client.post(
        f"{url}?{query}", {"include_descendants": "on"} if include_descendants else {}, follow=True
    )


def test_bulk_publish_refuses_an_article_without_an_author(admin_client, blog_index, author):
    credited = ArticlePageFactory(parent=blog_index, live=False, author=author)
    anonymous = ArticlePageFactory(parent=blog_index, live=False)

    response = bulk_publish(admin_client, credited, anonymous)

    assert f"Nothing was published: “{anonymous.title}” has no author." in response.content.decode()
    assert not ArticlePage.objects.live().exists()

    bulk_publish(admin_client, credited)
    assert list(ArticlePage.objects.live()) == [credited]
    assert ArticlePage.objects.get(pk=credited.pk).clinical_approval is None


def test_bulk_publishing_the_index_with_its_drafts_checks_the_drafts(admin_client, blog_index):
    ArticlePageFactory(parent=blog_index, live=False)

    response = bulk_publish(admin_client, blog_index, include_descendants=True)

    assert "has no author" in response.content.decode()
    assert not ArticlePage.objects.live().exists()
