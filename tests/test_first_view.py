"""A patient's first view of an article: few, small, same-origin requests; static files cached for good."""

import re
from io import StringIO

import pytest
from bs4 import BeautifulSoup

from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse

from blog.models import ArticlePage

# The HTML, its stylesheet, the brand stylesheet from the clinic settings (/brand.css), the favicon and at
# most one image.
MAX_REQUESTS = 5
MAX_TEXT_BYTES = 50 * 1024  # HTML + CSS + JS, uncompressed
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


@pytest.fixture
def seed_article(db):
    call_command("load_demo_content", stdout=StringIO())
    return ArticlePage.objects.get(slug="how-botox-can-help-in-pain-management")


def subresources(html):
    """Every URL the browser fetches while loading the page, by kind."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for link in soup.find_all("link", href=True):
        rel = set(link.get("rel", []))
        if rel & {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}:
            found.append(("css" if "stylesheet" in rel else "other", link["href"]))
    found += [("js", tag["src"]) for tag in soup.find_all("script", src=True)]
    # A lazy image (and the sources of its picture) is fetched only as it nears the viewport, not on the
    # first view: the related articles' cards at the end of an article.
    lazy = {id(tag) for tag in soup.find_all("img", loading="lazy")}
    lazy |= {
        id(source)
        for img in soup.find_all("img", loading="lazy")
        if img.parent.name == "picture"
        for source in img.parent.find_all("source")
    }
    eager = [tag for tag in soup.find_all(["img", "source", "video", "audio"]) if id(tag) not in lazy]
    found += [("image", tag["src"]) for tag in eager if tag.get("src")]
    found += [
        ("image", tag["srcset"]) for tag in eager if tag.name in ("img", "source") and tag.get("srcset")
    ]
    found += [("frame", tag["src"]) for tag in soup.find_all(["iframe", "embed", "object"], src=True)]
    for style in soup.find_all("style"):
        found += [("image", url) for url in CSS_URL.findall(style.text)]
    return found


def stylesheet_text(client, url):
    """A static stylesheet from its file; the brand stylesheet as the site serves it."""
    if url == reverse("brand_stylesheet"):
        return client.get(url).content
    return static_file(url)


def static_file(url):
    path = finders.find(url.removeprefix(django_settings.STATIC_URL))
    assert path, f"{url} is not a static file of this site"
    with open(path, "rb") as file:
        return file.read()


def test_first_view_of_the_seed_article_needs_at_most_four_small_same_origin_requests(client, seed_article):
    response = client.get(seed_article.url)
    assert response.status_code == 200
    resources = subresources(response.text)

    css = [stylesheet_text(client, url) for kind, url in resources if kind == "css"]
    js = [static_file(url) for kind, url in resources if kind == "js"]
    # Fonts or images a stylesheet pulls in are requests too.
    resources += [("image", url) for sheet in css for url in CSS_URL.findall(sheet.decode())]

    assert 1 + len(resources) <= MAX_REQUESTS, resources
    assert sum(kind == "image" for kind, _ in resources) <= 1
    assert all(url.startswith("/") and not url.startswith("//") for _, url in resources), resources
    text_bytes = len(response.content) + sum(map(len, css)) + sum(map(len, js))
    assert text_bytes <= MAX_TEXT_BYTES, f"{text_bytes} bytes of HTML, CSS and JS"


def test_static_files_are_compressed_and_cached_for_good_in_production(
    client, seed_article, settings, tmp_path
):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.MIDDLEWARE = [
        settings.MIDDLEWARE[0],
        "whitenoise.middleware.WhiteNoiseMiddleware",
        *settings.MIDDLEWARE[1:],
    ]
    call_command("collectstatic", interactive=False, verbosity=0)

    page = client.get(seed_article.url)
    # The brand stylesheet follows the clinic settings: cached like a page and purged with them instead.
    urls = [url for _, url in subresources(page.text) if url != reverse("brand_stylesheet")]
    assert urls and all(re.search(r"\.[0-9a-f]{12}\.", url) for url in urls), urls
    for url in urls:
        response = client.get(url, headers={"Accept-Encoding": "gzip, br"})
        assert response.status_code == 200, url
        assert "immutable" in response["Cache-Control"], url
        assert "max-age=315360000" in response["Cache-Control"], url
        assert response.get("Content-Encoding") in {"gzip", "br"} or int(response["Content-Length"]) < 1024, (
            url
        )
