"""Security headers: a strict policy on public pages, the admin's own policy in the admin and previews."""

import pytest

from django.core.files.base import ContentFile

from wagtail.documents.models import Document

from tests.factories import ArticlePageFactory, paragraph


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


@pytest.fixture
def staff_client(client, django_user_model, verified_login):
    verified_login(client, django_user_model.objects.create_superuser("editor", "editor@example.com", "pw"))
    return client


@pytest.fixture
def article(blog_index):
    return ArticlePageFactory(parent=blog_index, slug="nerve-blocks")


@pytest.mark.parametrize("path", ["/", "/blog/", "/blog/nerve-blocks/", "/no-such-page/"])
def test_public_pages_get_the_strict_policy(client, article, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]  # the nonce appears only when a template uses one
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in response
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in permissions


def test_public_pages_have_no_inline_script_or_style(client, article):
    for path in ("/", "/blog/", article.url, "/no-such-page/"):
        html = client.get(path).content.decode()
        assert "<script>" not in html and "<script " not in html.replace(
            '<script type="application/ld+json"', ""
        )
        assert "<style" not in html and " style=" not in html


def assert_admin_headers(response):
    directives = csp_directives(response)
    assert directives["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" in directives["script-src"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "camera=()" in response["Permissions-Policy"]


def test_admin_login_page_gets_the_admin_policy_and_is_never_cached(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert_admin_headers(response)


def test_admin_dashboard_gets_the_admin_policy_and_is_never_cached(staff_client, site_tree):
    response = staff_client.get("/admin/")
    assert response.status_code == 200
    assert_admin_headers(response)


def test_page_preview_may_be_framed_only_by_the_admin_and_is_never_cached(staff_client, article):
    article.body = [paragraph("<p>Draft wording under clinical review.</p>")]
    article.save_revision()
    response = staff_client.get(f"/admin/pages/{article.pk}/view_draft/")
    assert response.status_code == 200
    assert "Draft wording under clinical review." in response.content.decode()
    assert_admin_headers(response)


def test_documents_are_downloads_with_wagtails_own_strict_policy(client, db):
    document = Document.objects.create(
        title="Aftercare", file=ContentFile(b"Rest today.", name="aftercare.txt")
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
