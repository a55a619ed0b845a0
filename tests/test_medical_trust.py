"""Author, medical reviewer, review date and references: required to publish, shown to patients."""

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse
from django.utils import timezone

from blog.importers.article_data import ArticleData, RichTextData
from blog.importers.writer import ArticleWriter
from blog.models import ArticlePage
from tests.admin_forms import add_url, article_form
from tests.factories import ArticlePageFactory, PersonFactory

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


def test_publishing_without_author_or_reviewer_is_refused_with_field_errors(admin_client, review_blog_index):
    response = admin_client.post(add_url(review_blog_index), article_form(action="action-publish"))

    errors = form_errors(response)
    assert errors["author"] == [
        "Choose who wrote this article: it can’t be submitted for review or published without one."
    ]
    assert errors["medical_reviewer"] == [
        "Choose the clinician who reviewed this article: it can’t be published without one."
    ]
    assert "last_reviewed" in errors
    assert not ArticlePage.objects.exists()


def test_publishing_with_author_and_review_goes_live(admin_client, review_blog_index, author, reviewer):
    form = article_form(
        author=author, medical_reviewer=reviewer, last_reviewed="2026-01-15", action="action-publish"
    )

    admin_client.post(add_url(review_blog_index), form)

    assert ArticlePage.objects.get().live


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


def test_scheduling_a_go_live_without_a_reviewer_is_refused(admin_client, review_blog_index, author):
    go_live = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    form = article_form(author=author, go_live_at=go_live, action="action-publish")

    errors = form_errors(admin_client.post(add_url(review_blog_index), form))

    assert "medical_reviewer" in errors
    assert not ArticlePage.objects.exists()


def test_an_author_cannot_be_their_own_medical_reviewer(admin_client, review_blog_index, author):
    form = article_form(
        author=author, medical_reviewer=author, last_reviewed="2026-01-15", action="action-publish"
    )

    errors = form_errors(admin_client.post(add_url(review_blog_index), form))

    assert errors["medical_reviewer"] == [
        "The author can’t be the article’s medical reviewer: choose another clinician."
    ]


def test_review_date_in_the_future_is_refused(admin_client, review_blog_index, author, reviewer):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    form = article_form(author=author, medical_reviewer=reviewer, last_reviewed=tomorrow)

    errors = form_errors(admin_client.post(add_url(review_blog_index), form))

    assert errors["last_reviewed"] == ["The review date can’t be in the future."]


@pytest.mark.parametrize("url", ["not a web address", "ftp://files.example.org/paper.pdf"])
def test_invalid_reference_url_is_a_form_error(admin_client, review_blog_index, author, reviewer, url):
    reference = {"title": "Botulinum toxin for chronic pain", "source": "", "year": "2020", "url": url}
    form = article_form(
        author=author, medical_reviewer=reviewer, last_reviewed="2026-01-15", references=[reference]
    )

    response = admin_client.post(add_url(review_blog_index), form)

    assert "references" in form_errors(response)
    assert not ArticlePage.objects.exists()


def test_imported_article_stays_live_without_review_and_shows_no_review_line(client, blog_index):
    data = ArticleData(title="Pacing your day", body=[RichTextData("<p>Rest before you are tired.</p>")])

    article = ArticleWriter(blog_index).write(data).page

    article.refresh_from_db()
    assert article.live and article.medical_reviewer is None and article.last_reviewed is None
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert soup.select_one(".byline") is None
    assert "reviewed" not in soup.select_one("main").get_text()


def test_reviewed_article_shows_author_reviewer_and_date(client, blog_index, author, reviewer):
    article = ArticlePageFactory(
        parent=blog_index, author=author, medical_reviewer=reviewer, last_reviewed=date(2026, 3, 9)
    )

    soup = BeautifulSoup(client.get(article.url).content, "html.parser")

    byline = soup.select_one("header .byline")
    assert " ".join(byline.get_text().split()) == (
        "Written by Jordan Ellis, DPT · Medically reviewed by Maya Okafor, MD on March 9, 2026"
    )
    assert byline.time["datetime"] == "2026-03-09"


def test_article_never_reviewed_shows_only_its_author(client, blog_index, author):
    article = ArticlePageFactory(parent=blog_index, author=author)

    byline = BeautifulSoup(client.get(article.url).content, "html.parser").select_one(".byline")

    assert " ".join(byline.get_text().split()) == "Written by Jordan Ellis, DPT"


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


def reviewed_draft(blog_index, author, reviewer, **fields):
    return ArticlePageFactory(
        parent=blog_index,
        live=False,
        **{"author": author, "medical_reviewer": reviewer, "last_reviewed": date(2026, 3, 9), **fields},
    )


def test_bulk_publish_refuses_an_article_without_a_medical_reviewer(
    admin_client, blog_index, author, reviewer
):
    reviewed = reviewed_draft(blog_index, author, reviewer)
    unreviewed = reviewed_draft(blog_index, author, None, last_reviewed=None)

    response = bulk_publish(admin_client, reviewed, unreviewed)

    assert (
        f"Nothing was published: “{unreviewed.title}” has no medical reviewer or review date."
        in response.content.decode()
    )
    assert not ArticlePage.objects.live().exists()

    bulk_publish(admin_client, reviewed)
    assert list(ArticlePage.objects.live()) == [reviewed]


def test_bulk_publish_refuses_an_article_without_a_review_date(admin_client, blog_index, author, reviewer):
    undated = reviewed_draft(blog_index, author, reviewer, last_reviewed=None)

    response = bulk_publish(admin_client, undated)

    assert f"Nothing was published: “{undated.title}” has no review date." in response.content.decode()
    assert not ArticlePage.objects.live().exists()


def test_bulk_publish_refuses_an_article_its_author_reviewed(admin_client, blog_index, author):
    self_reviewed = reviewed_draft(blog_index, author, author)

    response = bulk_publish(admin_client, self_reviewed)

    assert (
        f"Nothing was published: “{self_reviewed.title}” has its author as its medical reviewer."
        in response.content.decode()
    )
    assert not ArticlePage.objects.live().exists()


def test_bulk_publish_refuses_an_article_reviewed_in_the_future(admin_client, blog_index, author, reviewer):
    future = reviewed_draft(
        blog_index, author, reviewer, last_reviewed=timezone.localdate() + timedelta(days=30)
    )

    response = bulk_publish(admin_client, future)

    assert (
        f"Nothing was published: “{future.title}” has a review date in the future."
        in response.content.decode()
    )
    assert not ArticlePage.objects.live().exists()


def test_bulk_publishing_the_index_with_its_drafts_checks_the_drafts(admin_client, blog_index):
    ArticlePageFactory(parent=blog_index, live=False)

    response = bulk_publish(admin_client, blog_index, include_descendants=True)

    assert "has no author, medical reviewer or review date" in response.content.decode()
    assert not ArticlePage.objects.live().exists()
