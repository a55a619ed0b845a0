"""Articles go live only through Clinical review: every other way is refused to all roles but administrators.

Each attack goes through Wagtail's real admin views, signed in as an Author, a Clinical reviewer and a Site
manager in turn, and checks what readers would see afterwards.
"""

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from blog.editorial.roles import set_up_home_page
from blog.models import ArticlePage
from tests.admin_forms import add_url, article_form, edit_url
from tests.factories import ArticlePageFactory, PersonFactory, paragraph
from tests.staff_sign_in import verified_login

pytestmark = pytest.mark.django_db

ROLES = ["author_user", "reviewer_user", "site_manager_user"]
UNREVIEWED_TEXT = "Stop all your medication today."
REVIEWED_TEXT = "Gentle exercise and good sleep help many people with chronic pain."


@pytest.fixture
def clinic(review_blog_index, home_page):
    """The site as load_demo_content leaves it: the blog behind Clinical review, the home for managers."""
    set_up_home_page(home_page.pk)
    return review_blog_index


@pytest.fixture
def signed_in(client, request):
    """Sign the test client in as the role the test is parametrized with."""

    def sign_in(role):
        verified_login(client, request.getfixturevalue(role))
        return client

    return sign_in


@pytest.fixture
def author():
    return PersonFactory(name="Jordan Ellis", credentials="DPT")


def draft_article(blog_index, html=f"<p>{UNREVIEWED_TEXT}</p>", **fields):
    article = ArticlePageFactory(parent=blog_index, live=False, body=[paragraph(html)], **fields)
    article.save_revision()
    return ArticlePage.objects.get(pk=article.pk)


def live_article(blog_index):
    article = ArticlePageFactory(parent=blog_index, live=False, body=[paragraph(f"<p>{REVIEWED_TEXT}</p>")])
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def attack_form(article, author, **fields):
    """The editor's form for ``article`` with unreviewed text and every field publishing asks for."""
    return article_form(
        title=article.title,
        slug=article.slug,
        body_html=f"<p>{UNREVIEWED_TEXT}</p>",
        author=author,
        medical_reviewer=PersonFactory(),
        last_reviewed=timezone.localdate().isoformat(),
        **fields,
    )


def assert_readers_see_no_unreviewed_text(client, *articles):
    client.logout()
    for article in articles:
        response = client.get(article.url)
        assert response.status_code in (200, 404)
        assert UNREVIEWED_TEXT not in response.content.decode()


def bulk_publish(client, *pages, include_descendants=False):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    listing = reverse("wagtailadmin_explore", args=[pages[0].get_parent().pk])
    query = "&".join([*(f"id={page.pk}" for page in pages), f"next={listing}"])
    return client.post(f"{url}?{query}", {"include_descendants": "on"} if include_descendants else {})


@pytest.mark.parametrize("role", ROLES)
def test_publish_button_on_a_new_article_publishes_nothing(signed_in, clinic, author, role):
    client = signed_in(role)

    client.post(
        add_url(clinic),
        article_form(
            body_html=f"<p>{UNREVIEWED_TEXT}</p>",
            author=author,
            medical_reviewer=PersonFactory(),
            last_reviewed=timezone.localdate().isoformat(),
            action="action-publish",
        ),
    )

    assert not ArticlePage.objects.live().exists()
    assert not ArticlePage.objects.filter(live_revision__isnull=False).exists()


@pytest.mark.parametrize("role", ROLES)
def test_publish_button_on_a_draft_publishes_nothing(signed_in, clinic, author, role):
    article = draft_article(clinic)
    client = signed_in(role)

    client.post(edit_url(article), attack_form(article, author, action="action-publish"))

    article.refresh_from_db()
    assert not article.live and article.live_revision is None
    assert_readers_see_no_unreviewed_text(client, article)


@pytest.mark.parametrize("role", ROLES)
def test_publish_button_on_a_live_article_leaves_the_reviewed_text_live(signed_in, clinic, author, role):
    article = live_article(clinic)
    reviewed_revision = article.live_revision
    client = signed_in(role)

    client.post(edit_url(article), attack_form(article, author, action="action-publish"))

    article.refresh_from_db()
    assert article.live_revision == reviewed_revision
    assert_readers_see_no_unreviewed_text(client, article)
    assert REVIEWED_TEXT in client.get(article.url).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_scheduling_a_go_live_schedules_nothing(signed_in, clinic, author, role):
    article = draft_article(clinic)
    go_live = timezone.now() + timedelta(hours=1)
    client = signed_in(role)

    client.post(
        edit_url(article),
        attack_form(
            article,
            author,
            go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"),
            action="action-publish",
        ),
    )
    with mock.patch("django.utils.timezone.now", return_value=go_live + timedelta(minutes=5)):
        call_command("publish_scheduled", stdout=StringIO())

    article.refresh_from_db()
    assert article.scheduled_revision is None
    assert not article.revisions.filter(approved_go_live_at__isnull=False).exists()
    assert not article.live
    assert_readers_see_no_unreviewed_text(client, article)


@pytest.mark.parametrize("role", ROLES)
def test_bulk_publish_from_the_listing_publishes_nothing(signed_in, clinic, author, role):
    # Filled in as publishing asks, so that only the role's missing permission can stop it.
    article = draft_article(clinic, author=author)
    client = signed_in(role)

    bulk_publish(client, article)
    bulk_publish(client, clinic, include_descendants=True)

    article.refresh_from_db()
    assert not article.live
    assert_readers_see_no_unreviewed_text(client, article)


def test_site_manager_bulk_publishing_the_home_page_with_its_pages_stops_at_the_blog(
    signed_in, clinic, home_page
):
    article = draft_article(clinic)
    home_page.title = "Twin Cities Pain Clinic — open Saturdays"
    home_page.save_revision()
    client = signed_in("site_manager_user")

    bulk_publish(client, home_page, include_descendants=True)

    home_page.refresh_from_db()
    article.refresh_from_db()
    assert home_page.title == "Twin Cities Pain Clinic — open Saturdays"
    assert not article.live


@pytest.mark.parametrize("copy_option", ["publish_copies", "alias"])
@pytest.mark.parametrize("role", ROLES)
def test_copy_with_publish_copies_or_as_an_alias_publishes_nothing(signed_in, clinic, role, copy_option):
    article = live_article(clinic)
    client = signed_in(role)

    client.post(
        reverse("wagtailadmin_pages:copy", args=[article.pk]),
        {"new_title": "A copy", "new_slug": "a-copy", "new_parent_page": clinic.pk, copy_option: "on"},
    )

    assert list(ArticlePage.objects.live()) == [article]
    assert not ArticlePage.objects.filter(alias_of=article).exists()


@pytest.mark.parametrize("role", ROLES)
def test_revert_to_an_unreviewed_revision_and_publish_publishes_nothing(signed_in, clinic, author, role):
    article = draft_article(clinic)  # its first revision, never reviewed, holds the unreviewed text
    unreviewed_revision = article.latest_revision
    article.body = [paragraph(f"<p>{REVIEWED_TEXT}</p>")]
    reviewed_revision = article.save_revision()
    reviewed_revision.publish()
    client = signed_in(role)

    client.post(
        reverse("wagtailadmin_pages:revisions_revert", args=[article.pk, unreviewed_revision.pk]),
        attack_form(article, author, action="action-publish"),
    )

    article.refresh_from_db()
    assert article.live_revision == reviewed_revision
    assert_readers_see_no_unreviewed_text(client, article)


@pytest.mark.parametrize("role", ROLES)
def test_unpublishing_a_reviewed_article_is_refused(signed_in, clinic, role):
    # Unpublishing needs publish permission in Wagtail, so the withdraw-then-republish trick cannot begin.
    article = live_article(clinic)
    client = signed_in(role)

    client.post(reverse("wagtailadmin_pages:unpublish", args=[article.pk]))

    article.refresh_from_db()
    assert article.live


def test_a_reviewer_without_publish_permission_publishes_by_approving(
    client, clinic, author_user, reviewer_user, author
):
    client.force_login(author_user)
    client.post(add_url(clinic), article_form(author=author, action="action-submit"))
    article = ArticlePage.objects.get()
    assert not article.permissions_for_user(reviewer_user).can_publish()

    client.force_login(reviewer_user)
    task_state = article.current_workflow_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk]),
        {"comment": ""},
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live
    client.logout()
    assert client.get(article.url).status_code == 200


def test_administrator_publishes_an_article_directly(admin_client, clinic, author):
    article = draft_article(clinic)

    admin_client.post(edit_url(article), attack_form(article, author, action="action-publish"))

    article.refresh_from_db()
    assert article.live
