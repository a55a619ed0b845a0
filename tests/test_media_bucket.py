"""Images, renditions and documents in an S3-compatible bucket (a real SeaweedFS on loopback), in process.

Across processes (upload on one node, served by another through the TLS terminator) see
tests/test_bucket_behind_tls.py.
"""

import html
import json
import urllib.error
import urllib.request

import pytest

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents.models import Document
from wagtail.images.models import Image

from clinic_site.media_storage.unavailable import ADMIN_MESSAGE
from tests import seaweedfs as weed
from tests.factories import ArticlePageFactory, ImageFactory
from tests.test_uploads import png_bytes

STOPPED_ENDPOINT = f"http://{weed.HOST}:{weed.STOPPED_PORT}"  # nothing listens here: a stopped server


def store_in(settings, storage):
    settings.STORAGES = {**settings.STORAGES, "default": storage}


@pytest.fixture
def bucket(settings, seaweedfs):
    store_in(settings, seaweedfs.storage_options())
    return seaweedfs


@pytest.fixture
def staff_client(client, django_user_model, verified_login):
    verified_login(client, django_user_model.objects.create_superuser("editor", "editor@example.com", "pw"))
    return client


def object_exists(bucket, key):
    try:
        bucket.client.head_object(Bucket=bucket.name, Key=key)
    except bucket.client.exceptions.ClientError:
        return False
    return True


def anonymous_status(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db
def test_images_and_renditions_are_stored_in_the_bucket_under_the_sites_own_media_urls(bucket):
    image = ImageFactory(file__filename="knee.png")
    rendition = image.get_rendition("fill-40x30")

    assert image.file.url == f"/media/{image.file.name}"
    assert rendition.url == f"/media/{rendition.file.name}"
    assert rendition.url.startswith("/media/images/")
    assert object_exists(bucket, image.file.name) and object_exists(bucket, rendition.file.name)


@pytest.mark.django_db
def test_two_uploads_with_the_same_name_keep_both_files(bucket):
    first, second = ImageFactory(file__filename="same.png"), ImageFactory(file__filename="same.png")

    assert first.file.name != second.file.name
    assert object_exists(bucket, first.file.name) and object_exists(bucket, second.file.name)


@pytest.mark.django_db
def test_only_renditions_are_readable_from_the_bucket_without_credentials(bucket):
    image = ImageFactory(file__filename="public.png")
    rendition = image.get_rendition("width-20")
    document = Document.objects.create(
        title="Consent form", file=ContentFile(b"%PDF-1.4 private", "consent.pdf")
    )

    assert anonymous_status(f"{bucket.url}/{rendition.file.name}") == 200
    assert anonymous_status(f"{bucket.url}/{document.file.name}") == 403
    assert anonymous_status(f"{bucket.url}/{image.file.name}") == 403  # originals may carry camera metadata
    assert anonymous_status(f"{bucket.url}/images/../{document.file.name}") in (400, 403, 404)
    assert anonymous_status(f"{bucket.url}/") == 403  # no listing


def test_documents_are_served_only_by_wagtails_view(settings):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


@pytest.mark.django_db
def test_a_document_is_served_from_the_bucket_through_wagtails_view(bucket, client):
    document = Document.objects.create(
        title="Exercises", file=ContentFile(b"Stretch daily.", "exercises.txt")
    )

    response = client.get(document.url)

    assert document.url.startswith("/documents/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Stretch daily."


# transaction=True: a failed save inside the test's own transaction would poison it; the site runs in
# autocommit, where it does not.
@pytest.mark.parametrize("storage", ["stopped server", "missing bucket"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_admin_upload_the_bucket_cannot_take_shows_an_error_and_saves_nothing(
    settings, seaweedfs, staff_client, storage
):
    if storage == "stopped server":
        store_in(settings, seaweedfs.storage_options(endpoint=STOPPED_ENDPOINT))
    else:
        store_in(settings, seaweedfs.storage_options(name="no-such-bucket"))

    response = staff_client.post(
        "/admin/images/add/",
        {"title": "Knee", "file": SimpleUploadedFile("knee.png", png_bytes()), "tags": ""},
        follow=True,
    )

    assert response.status_code == 200
    assert response.redirect_chain == [("/admin/images/add/", 302)]
    assert ADMIN_MESSAGE in html.unescape(response.content.decode())
    assert not Image.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_multiple_upload_the_bucket_cannot_take_gets_the_error_beside_the_file(
    settings, seaweedfs, staff_client
):
    store_in(settings, seaweedfs.storage_options(endpoint=STOPPED_ENDPOINT))

    response = staff_client.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("exercises.txt", b"Stretch daily.")},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )

    assert response.status_code == 200
    assert json.loads(response.content) == {"success": False, "error_message": ADMIN_MESSAGE}
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_an_article_whose_picture_cannot_be_read_is_shown_without_it_and_not_cached(
    settings, seaweedfs, blog_index, client
):
    settings.PAGE_CACHE_SECONDS = 600
    store_in(settings, seaweedfs.storage_options())
    image = ImageFactory(file__filename="shoulder.png")
    article = ArticlePageFactory(
        parent=blog_index, featured_image=image, featured_image_alt_text="A shoulder"
    )
    store_in(settings, seaweedfs.storage_options(endpoint=STOPPED_ENDPOINT))

    responses = [client.get(article.url) for _ in range(2)]

    assert [response.status_code for response in responses] == [200, 200]
    assert article.title in responses[0].content.decode()
    assert not image.renditions.exists()
    assert "no-store" in responses[0]["Cache-Control"]
    assert "hit" not in [response.get("X-Page-Cache") for response in responses]
    store_in(settings, seaweedfs.storage_options())  # the bucket is back: so is the picture
    assert "/media/images/shoulder" in client.get(article.url).content.decode()


@pytest.mark.django_db
def test_a_document_whose_file_cannot_be_read_is_a_503_not_a_server_error(settings, seaweedfs, client):
    store_in(settings, seaweedfs.storage_options())
    document = Document.objects.create(
        title="Exercises", file=ContentFile(b"Stretch daily.", "exercises.txt")
    )
    store_in(settings, seaweedfs.storage_options(endpoint=STOPPED_ENDPOINT))

    response = client.get(document.url)

    assert response.status_code == 503
    assert response["Retry-After"]
    assert "Back in a moment" in response.content.decode()
