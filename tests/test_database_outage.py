"""Database unreachable → a calm static 503 with Retry-After; the next request after it returns is normal."""

import logging
from contextlib import contextmanager

import pytest

from django.db import DEFAULT_DB_ALIAS, connections

from tests.factories import ArticlePageFactory


@contextmanager
def database_unreachable():
    """Point the default connection at a closed port (PostgreSQL) or a missing directory (SQLite).

    A second connection object with those settings stands in for the default one, so the real
    connection, the test's transaction on it, is untouched and simply back in place afterwards.
    """
    working = connections[DEFAULT_DB_ALIAS]
    unreachable = {**working.settings_dict}
    if working.vendor == "sqlite":
        unreachable["NAME"] = "/nonexistent-directory/clinic.sqlite3"
    else:
        unreachable.update(HOST="127.0.0.1", PORT=1)
    connections[DEFAULT_DB_ALIAS] = type(working)(unreachable, DEFAULT_DB_ALIAS)
    try:
        yield
    finally:
        connections[DEFAULT_DB_ALIAS] = working


@pytest.fixture
def article(blog_index):
    return ArticlePageFactory(parent=blog_index, slug="nerve-blocks", title="Nerve blocks explained")


@pytest.fixture(params=[False, True], ids=["lookups-per-request", "shared-lookups"])
def shared_lookups(request, settings):
    settings.SHARED_LOOKUP_CACHE = request.param


def test_public_page_gets_a_static_503_while_the_database_is_down(client, article, caplog, shared_lookups):
    with database_unreachable(), caplog.at_level(logging.ERROR):
        response = client.get("/blog/nerve-blocks/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "<h1>Back in a moment</h1>" in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert "Content-Security-Policy" in response
    assert any(record.exc_info and "Database unavailable" in record.getMessage() for record in caplog.records)


def test_the_next_request_after_the_database_returns_is_served_normally(client, article, shared_lookups):
    with database_unreachable():
        assert client.get("/blog/nerve-blocks/").status_code == 503
        assert client.get("/").status_code == 503
    response = client.get("/blog/nerve-blocks/")
    assert response.status_code == 200
    assert "Nerve blocks explained" in response.content.decode()


def test_staff_in_the_admin_get_the_503_page_too(client, article, django_user_model, verified_login):
    verified_login(client, django_user_model.objects.create_superuser("editor", "editor@example.com", "pw"))
    with database_unreachable():
        response = client.get("/admin/")
    assert response.status_code == 503
    assert "Back in a moment" in response.content.decode()
    assert client.get("/admin/").status_code == 200


def test_the_503_template_needs_no_database(django_assert_num_queries, db):
    from django.template.loader import render_to_string

    with django_assert_num_queries(0):
        html = render_to_string("503.html")
    assert "Back in a moment" in html
