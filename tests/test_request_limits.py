"""Oversized request bodies are refused before anything reads them; staff keep the admin's upload limit."""

import io

import pytest

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection

THREE_HUNDRED_MB = 300 * 1024 * 1024


class UnreadBody(io.RawIOBase):
    """A request body that is never really there: it counts what anyone reads of it."""

    def __init__(self):
        self.bytes_read = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        self.bytes_read += len(buffer)
        buffer[:] = b"x" * len(buffer)
        return len(buffer)


def post_declaring(client, path, length, **headers):
    body = UnreadBody()
    extra = {"wsgi.input": body, **headers}
    if length is not None:
        extra["CONTENT_LENGTH"] = str(length)
    response = client.generic(
        "POST", path, b"", content_type="multipart/form-data; boundary=BoUnDaRy", **extra
    )
    return response, body


@pytest.mark.parametrize("path", ["/admin/login/", "/", "/blog/"])
def test_anonymous_300_mb_post_is_refused_unread(client, blog_index, path):
    response, body = post_declaring(client, path, THREE_HUNDRED_MB)

    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/plain") and len(response.content) < 100
    assert "no-store" in response["Cache-Control"]
    assert body.bytes_read == 0


def test_anonymous_chunked_post_of_unknown_length_is_refused_unread(client, db):
    response, body = post_declaring(client, "/admin/login/", None, HTTP_TRANSFER_ENCODING="chunked")

    assert response.status_code == 411
    assert body.bytes_read == 0


def test_anonymous_login_form_still_works(client, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@clinic.invalid", "correct horse battery")

    response = client.post(
        "/admin/login/", {"username": "editor", "password": "correct horse battery", "next": "/admin/"}
    )

    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_staff_post_over_the_admins_upload_limit_is_refused_unread(admin_client):
    response, body = post_declaring(admin_client, reverse("wagtaildocs:add"), THREE_HUNDRED_MB)

    assert response.status_code == 413
    assert body.bytes_read == 0


def test_staff_upload_within_the_admins_limit_is_accepted(admin_client):
    size = 6 * 1024 * 1024  # over the anonymous limit, under WAGTAILDOCS_MAX_UPLOAD_SIZE
    assert settings.ANONYMOUS_MAX_REQUEST_BODY_SIZE < size < settings.WAGTAILDOCS_MAX_UPLOAD_SIZE

    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Clinic intake form",
            "file": SimpleUploadedFile("intake.txt", b"a" * size, content_type="text/plain"),
            "collection": Collection.get_first_root_node().pk,
        },
    )

    assert response.status_code == 302
    assert get_document_model().objects.get(title="Clinic intake form").file.size == size
