"""Uploads: only real raster images, no SVG, a size cap; documents are never HTML or programs."""

import io
import random

import pytest
from PIL import Image as PILImage

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents.models import Document
from wagtail.images.models import Image

HTML = b"<!DOCTYPE html><html><body><script>document.location='https://evil.example/'</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'


def png_bytes(size=(8, 8)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


def noisy_png_bytes():
    """A PNG whose compressed pixel data is long enough to cut in the middle."""
    buffer = io.BytesIO()
    PILImage.frombytes("RGB", (64, 64), random.Random(1).randbytes(64 * 64 * 3)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def staff_client(client, django_user_model, verified_login):
    verified_login(client, django_user_model.objects.create_superuser("editor", "editor@example.com", "pw"))
    return client


def upload_image(client, name, content):
    return client.post(
        "/admin/images/add/", {"title": "Upload", "file": SimpleUploadedFile(name, content), "tags": ""}
    )


def upload_document(client, name, content):
    return client.post(
        "/admin/documents/add/", {"title": "Upload", "file": SimpleUploadedFile(name, content), "tags": ""}
    )


def test_a_real_png_is_accepted(staff_client):
    response = upload_image(staff_client, "knee.png", png_bytes())
    assert response.status_code == 302
    assert Image.objects.get().file.name.endswith(".png")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", HTML, "Not a valid .png image"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + HTML, "Upload a valid image"),
        ("photo.png", noisy_png_bytes()[:60], "Upload a valid image"),
        ("photo.png", noisy_png_bytes()[:2000] + HTML, "Upload a valid image"),
        ("photo.svg", SVG, "Not a supported image format"),
        ("photo.png", SVG, "Not a valid .png image"),
        ("photo.jpg", png_bytes(), "Not a valid .jpeg image"),
        ("photo.html", HTML, "Not a supported image format"),
    ],
)
def test_images_are_checked_by_content_not_by_name(staff_client, name, content, message):
    response = upload_image(staff_client, name, content)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["file"])
    assert not Image.objects.exists()


def test_images_over_the_size_cap_are_refused(staff_client, settings):
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    # The cap is 10 MB; the refusal is checked against a 1 KB cap so the test needs no 10 MB file.
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    response = upload_image(staff_client, "big.png", png_bytes((600, 600)) + b"\0" * 2048)
    assert response.status_code == 200
    assert "This file is too big" in str(response.context["form"].errors["file"])
    assert not Image.objects.exists()


def test_the_bulk_uploader_checks_content_too(staff_client):
    response = staff_client.post(
        "/admin/images/multiple/add/", {"files[]": SimpleUploadedFile("photo.png", HTML)}
    )
    assert response.json()["success"] is False
    assert not Image.objects.exists()
    response = staff_client.post(
        "/admin/images/multiple/add/", {"files[]": SimpleUploadedFile("knee.png", noisy_png_bytes())}
    )
    assert response.json()["success"] is True
    assert Image.objects.get().width == 64


@pytest.mark.parametrize(
    "name", ["leaflet.html", "leaflet.htm", "leaflet.svg", "setup.exe", "run.sh", "page.xhtml", "x.js"]
)
def test_html_svg_and_programs_cannot_be_uploaded_as_documents(staff_client, name):
    response = upload_document(staff_client, name, HTML)
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Document.objects.exists()


def test_an_uploaded_document_is_a_download_behind_wagtails_serve_view(staff_client, client):
    assert upload_document(staff_client, "aftercare.pdf", b"%PDF-1.4 not much of a pdf").status_code == 302
    document = Document.objects.get()
    assert document.url == f"/documents/{document.pk}/aftercare.pdf"
    client.logout()
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
