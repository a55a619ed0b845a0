"""Go-live and expiry dates take effect when publish_scheduled runs; rolled-back revisions reach patients."""

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import PageLogEntry

from blog.models import ArticlePage
from tests.admin_forms import add_url, article_form, edit_url
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ADMIN_DATETIME = "%Y-%m-%d %H:%M"


def run_publish_scheduled(at):
    """One run of the command as if the clock said ``at``."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        call_command("publish_scheduled", stdout=StringIO())


@pytest.fixture
def author():
    return PersonFactory(name="Jordan Ellis", credentials="DPT")


def test_article_approved_for_a_later_go_live_is_live_after_one_run(
    client, review_blog_index, author_user, reviewer_user, author
):
    client.force_login(author_user)
    client.post(add_url(review_blog_index), article_form(author=author, action="action-submit"))
    article = ArticlePage.objects.get()
    go_live = timezone.now() + timedelta(hours=1)

    client.force_login(reviewer_user)
    client.post(
        edit_url(article),
        article_form(
            author=author,
            go_live_at=timezone.localtime(go_live).strftime(ADMIN_DATETIME),
            action="action-workflow-action",
            **{"workflow-action-name": "approve"},
        ),
    )
    article.refresh_from_db()
    assert not article.live
    assert article.scheduled_revision is not None
    client.logout()
    assert client.get(article.url).status_code == 404

    run_publish_scheduled(at=go_live + timedelta(minutes=5))

    article.refresh_from_db()
    assert article.live
    assert article.clinical_approval.reviewer.user == reviewer_user
    assert client.get(article.url).status_code == 200


def test_article_past_its_expiry_is_taken_down_after_one_run(admin_client, client, review_blog_index, author):
    expire = timezone.now() + timedelta(hours=1)
    form = article_form(
        author=author,
        medical_reviewer=PersonFactory(),
        last_reviewed="2026-01-15",
        expire_at=timezone.localtime(expire).strftime(ADMIN_DATETIME),
        action="action-publish",
    )
    admin_client.post(add_url(review_blog_index), form)
    article = ArticlePage.objects.get()
    assert article.live

    run_publish_scheduled(at=expire + timedelta(minutes=5))

    article.refresh_from_db()
    assert not article.live and article.expired
    assert client.get(article.url).status_code == 404


def test_rolling_back_to_an_earlier_revision_restores_the_earlier_body(
    admin_client, client, review_blog_index, author
):
    trust = {"author": author, "medical_reviewer": PersonFactory(), "last_reviewed": "2026-01-15"}
    first = "<p>Ice helps in the first two days after an injury.</p>"
    admin_client.post(
        add_url(review_blog_index), article_form(body_html=first, action="action-publish", **trust)
    )
    article = ArticlePage.objects.get()
    earlier = article.live_revision
    admin_client.post(
        edit_url(article),
        article_form(body_html="<p>Heat is always better than ice.</p>", action="action-publish", **trust),
    )
    assert "Heat is always better" in client.get(article.url).content.decode()

    revert_url = f"/admin/pages/{article.pk}/revisions/{earlier.pk}/revert/"
    assert "Ice helps in the first two days" in admin_client.get(revert_url).content.decode()
    earlier_version = earlier.as_object()
    response = admin_client.post(
        revert_url,
        article_form(body_html=earlier_version.body[0].value.source, action="action-publish", **trust),
    )

    assert response.status_code == 302
    page = client.get(article.url).content.decode()
    assert "Ice helps in the first two days after an injury." in page
    assert "Heat is always better" not in page
    assert PageLogEntry.objects.filter(page=article, action="wagtail.revert").exists()
