"""Drafts, unpublished, scheduled and private articles never reach an anonymous reader."""

from datetime import timedelta

import pytest

from django.utils import timezone

from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory, ContentPageFactory, paragraph

SECRET = "Unreleased dosing guidance"
LISTINGS = ["/", "/blog/", "/sitemap.xml", "/search/?q=Unreleased"]


def assert_hidden_everywhere(client, article):
    response = client.get(f"/blog/{article.slug}/")
    assert response.status_code == 404
    assert SECRET not in response.content.decode()
    for path in LISTINGS:
        response = client.get(path)
        assert response.status_code < 500, path
        assert SECRET not in response.content.decode(), path


@pytest.fixture
def live_article(blog_index):
    return ArticlePageFactory(parent=blog_index, slug="nerve-blocks", title="Nerve blocks explained")


def test_draft_that_was_never_published_is_hidden(client, blog_index):
    article = ArticlePageFactory(parent=blog_index, slug="draft", title=SECRET, live=False)
    article.save_revision()
    assert_hidden_everywhere(client, article)


def test_unpublished_article_is_hidden(client, blog_index):
    article = ArticlePageFactory(parent=blog_index, slug="withdrawn", title=SECRET)
    assert client.get(article.url).status_code == 200
    article.unpublish()
    assert_hidden_everywhere(client, article)


def test_scheduled_article_is_hidden_until_it_goes_live(client, blog_index):
    article = ArticlePageFactory(parent=blog_index, slug="scheduled", title=SECRET, live=False)
    article.go_live_at = timezone.now() + timedelta(days=3)
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live
    assert article.get_latest_revision().approved_go_live_at is not None
    assert_hidden_everywhere(client, article)


def test_live_article_shows_the_published_text_not_a_newer_draft(client, live_article):
    live_article.body = [paragraph(f"<p>{SECRET}.</p>")]
    live_article.save_revision()
    response = client.get("/blog/nerve-blocks/")
    assert response.status_code == 200
    assert SECRET not in response.content.decode()
    assert "Gentle exercise" in response.content.decode()


def test_password_protected_article_asks_for_the_password_and_is_not_listed(client, blog_index):
    article = ArticlePageFactory(parent=blog_index, slug="staff-only", title=SECRET)
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="clinic-2026"
    )
    response = client.get("/blog/staff-only/")
    assert response.status_code == 200
    assert "Password required" in response.content.decode()
    assert SECRET not in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    for path in LISTINGS:
        assert SECRET not in client.get(path).content.decode(), path

    action = f"/_util/authenticate_with_password/{restriction.pk}/{article.pk}/"
    wrong = client.post(action, {"password": "guess", "return_url": "/blog/staff-only/"})
    assert SECRET not in wrong.content.decode()
    assert (
        client.post(action, {"password": "clinic-2026", "return_url": "/blog/staff-only/"}).status_code == 302
    )
    assert SECRET in client.get("/blog/staff-only/").content.decode()


def test_login_only_article_redirects_anonymous_readers_to_log_in(client, blog_index):
    article = ArticlePageFactory(parent=blog_index, slug="members", title=SECRET)
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/blog/members/")
    assert response.status_code == 302
    assert response["Location"].startswith("/_util/login/?next=/blog/members/")
    assert "no-store" in response["Cache-Control"]
    for path in LISTINGS:
        assert SECRET not in client.get(path).content.decode(), path


def test_a_login_restriction_on_the_blog_index_keeps_its_articles_from_anonymous_readers(client, blog_index):
    ArticlePageFactory(parent=blog_index, slug="inside", title=SECRET)
    PageViewRestriction.objects.create(page=blog_index, restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/blog/inside/")

    assert response.status_code == 302
    assert response["Location"].startswith("/_util/login/?next=/blog/inside/")


def test_an_alias_of_a_restricted_page_is_restricted_too(client, home_page):
    source = ContentPageFactory(parent=home_page, slug="staff-only", title=SECRET)
    PageViewRestriction.objects.create(page=source, restriction_type=PageViewRestriction.LOGIN)
    source.create_alias(parent=home_page, update_slug="staff-only-copy")

    response = client.get("/staff-only-copy/")

    assert response.status_code == 302
    assert response["Location"].startswith("/_util/login/?next=/staff-only-copy/")


def test_a_public_page_reads_its_view_restrictions_in_one_query(blog_index, django_assert_num_queries):
    article = ArticlePageFactory(parent=blog_index)
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)

    with django_assert_num_queries(1):
        restrictions = list(article.get_view_restrictions())

    assert [restriction.page_id for restriction in restrictions] == [article.pk]


@pytest.mark.parametrize("suffix", ["view_draft/", "edit/preview/", "edit/"])
def test_preview_urls_send_anonymous_visitors_to_the_admin_login(client, live_article, suffix):
    live_article.body = [paragraph(f"<p>{SECRET}.</p>")]
    live_article.save_revision()
    response = client.get(f"/admin/pages/{live_article.pk}/{suffix}")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert SECRET not in response.content.decode()
    assert "no-store" in response["Cache-Control"]
