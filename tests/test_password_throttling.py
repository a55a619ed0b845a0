"""Page and document passwords: after AXES_FAILURE_LIMIT wrong guesses a client is refused for the cool-off,
even with the right password, as staff sign-in is; other clients and a cool-off that has passed are not."""

from datetime import timedelta

import pytest

from django.core.files.base import ContentFile

from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from clinic_site.security.password_throttle import PasswordFailures
from tests.factories import ArticlePageFactory

RIGHT, WRONG = "right-password", "a-guess"


@pytest.fixture
def private_article(blog_index):
    article = ArticlePageFactory(parent=blog_index, title="Staff rota", slug="staff-rota")
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password=RIGHT
    )
    return article, f"/_util/authenticate_with_password/{restriction.pk}/{article.pk}/"


@pytest.fixture
def private_document(db):
    collection = Collection.get_first_root_node().add_child(name="Staff only")
    document = Document.objects.create(
        title="Rota", collection=collection, file=ContentFile(b"Mondays: Dr. Ruiz", name="rota.txt")
    )
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password=RIGHT
    )
    return document, f"/documents/authenticate_with_password/{restriction.pk}/"


def try_password(client, form_url, password, return_url="/", **extra):
    return client.post(form_url, {"password": password, "return_url": return_url}, **extra)


def guess_wrong(client, form_url, times, **extra):
    for _ in range(times):
        assert try_password(client, form_url, WRONG, **extra).status_code == 200


def test_right_page_password_is_refused_after_too_many_wrong_ones(private_article, client, settings):
    article, form_url = private_article
    guess_wrong(client, form_url, settings.AXES_FAILURE_LIMIT)

    response = try_password(client, form_url, RIGHT, return_url=article.url)

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= settings.AXES_COOLOFF_TIME.total_seconds()
    assert "Staff rota" not in client.get(article.url).content.decode()


def test_right_document_password_is_refused_after_too_many_wrong_ones(private_document, client, settings):
    document, form_url = private_document
    guess_wrong(client, form_url, settings.AXES_FAILURE_LIMIT)

    assert try_password(client, form_url, RIGHT, return_url=document.url).status_code == 429
    refused = client.get(document.url)
    assert not refused.streaming and b"Dr. Ruiz" not in refused.content  # still the password form


def test_another_client_and_another_restriction_are_unaffected(
    private_article, private_document, client, settings
):
    article, page_form = private_article
    document, document_form = private_document
    guess_wrong(client, page_form, settings.AXES_FAILURE_LIMIT)

    assert try_password(client, page_form, RIGHT, REMOTE_ADDR="203.0.113.9").status_code == 302
    assert try_password(client, document_form, RIGHT).status_code == 302


def test_clients_behind_the_trusted_proxy_are_told_apart(private_article, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    _, form_url = private_article
    guess_wrong(client, form_url, settings.AXES_FAILURE_LIMIT, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert try_password(client, form_url, RIGHT, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert try_password(client, form_url, RIGHT, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302


def test_the_right_password_works_once_the_cool_off_has_passed(private_article, client, settings):
    article, form_url = private_article
    guess_wrong(client, form_url, settings.AXES_FAILURE_LIMIT)
    assert try_password(client, form_url, RIGHT).status_code == 429

    settings.AXES_COOLOFF_TIME = timedelta(0)  # as if the cool-off had passed since the last wrong guess
    response = try_password(client, form_url, RIGHT, return_url=article.url)

    assert response.status_code == 302
    assert "Staff rota" in client.get(article.url).content.decode()


def test_clearing_the_count_lets_the_client_try_again(private_article, client, settings):
    _, form_url = private_article
    guess_wrong(client, form_url, settings.AXES_FAILURE_LIMIT)
    restriction_id = PageViewRestriction.objects.get().pk

    PasswordFailures("page", restriction_id, "127.0.0.1").clear()

    assert try_password(client, form_url, RIGHT).status_code == 302


def test_a_right_password_before_the_limit_starts_the_count_again(private_article, client, settings):
    _, form_url = private_article
    guess_wrong(client, form_url, settings.AXES_FAILURE_LIMIT - 1)
    assert try_password(client, form_url, RIGHT).status_code == 302

    guess_wrong(client, form_url, settings.AXES_FAILURE_LIMIT - 1)
    assert try_password(client, form_url, RIGHT).status_code == 302
