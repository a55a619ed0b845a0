"""Listing cards show the article's featured image as a small, lazy, responsive picture."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model
from wagtail.images.rect import Rect

from tests.factories import ArticlePageFactory, CategoryFactory, ImageFactory


@pytest.fixture
def pictured(blog_index):
    topic = CategoryFactory(name="Sciatica", slug="sciatica")
    return ArticlePageFactory(
        parent=blog_index,
        title="Sciatica: easing leg pain",
        featured_image=ImageFactory(file__width=1200, file__height=800),
        featured_image_alt_text="A woman stretching her lower back on a mat",
        categories=[topic],
    )


@pytest.fixture
def decorative(blog_index, pictured):
    return ArticlePageFactory(
        parent=blog_index,
        title="Sciatica and sleep",
        featured_image=ImageFactory(),
        featured_image_alt_text="",
        categories=list(pictured.categories.all()),
    )


def card_images(html, title):
    soup = BeautifulSoup(html, "html.parser")
    link = soup.find("a", string=title)
    return link.find_parent("li", class_="article-card").select("picture img")


@pytest.mark.parametrize("address", ["/", "/blog/", "/blog/category/sciatica/", "/search/?q=sciatica"])
def test_cards_show_a_lazy_picture_with_its_size_and_alt_text(client, home_page, pictured, address):
    (img,) = card_images(client.get(address).content, pictured.title)

    assert img["loading"] == "lazy" and "fetchpriority" not in img.attrs
    assert int(img["width"]) == 160 and int(img["height"]) == 120
    assert img["alt"] == "A woman stretching her lower back on a mat"
    picture = img.find_parent("picture")
    assert [source["type"] for source in picture.find_all("source")] == ["image/avif", "image/webp"]
    assert "320w" in picture.find("source")["srcset"]


def test_a_decorative_picture_has_empty_alt_text(client, decorative):
    (img,) = card_images(client.get("/blog/").content, decorative.title)

    assert img["alt"] == ""


def test_related_articles_show_their_pictures(client, pictured, decorative):
    (img,) = card_images(client.get(decorative.url).content, pictured.title)

    assert img["loading"] == "lazy" and img["alt"] == "A woman stretching her lower back on a mat"


def test_a_card_without_a_featured_image_has_no_picture(client, blog_index):
    article = ArticlePageFactory(parent=blog_index, title="Knee pain basics")

    assert card_images(client.get("/blog/").content, article.title) == []


@pytest.mark.parametrize("which", ["listing", "related"])
def test_kept_lists_make_their_card_renditions_once(
    client, settings, monkeypatch, pictured, decorative, which
):
    """Cards kept rendered in the shared look-ups point at renditions made once: the next requests find
    them and draw nothing again."""
    settings.SHARED_LOOKUP_CACHE = True
    address = "/blog/" if which == "listing" else decorative.url
    client.get(address)  # keeps the list, then draws the renditions
    image_model = get_image_model()
    draw = image_model.generate_rendition_instance
    drawn = []

    def counting_draw(image, *args, **kwargs):
        drawn.append(image.pk)
        return draw(image, *args, **kwargs)

    monkeypatch.setattr(image_model, "generate_rendition_instance", counting_draw)

    client.get(address)
    client.get(address)

    assert drawn == []


def rendition_queries(queries):
    return [query["sql"] for query in queries.captured_queries if "wagtailimages_rendition" in query["sql"]]


@pytest.mark.parametrize("address", ["/", "/blog/", "/search/?q=sciatica"])
def test_card_renditions_come_from_the_rendition_cache_once_made(
    client, home_page, pictured, decorative, address
):
    client.get(address)  # the first reader makes the renditions, which Wagtail keeps in its cache

    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)

    assert rendition_queries(queries) == []
    assert len(card_images(response.content, pictured.title)) == 1


def test_renditions_missing_from_the_cache_are_read_once_and_kept(client, monkeypatch, pictured, decorative):
    client.get("/blog/")
    rendition_model = get_image_model().get_rendition_model()
    rendition_model.cache_backend.clear()
    monkeypatch.setattr(get_image_model(), "generate_rendition_instance", pytest.fail)

    with CaptureQueriesContext(connection) as first:
        client.get("/blog/")
    with CaptureQueriesContext(connection) as second:
        response = client.get("/blog/")

    assert len(rendition_queries(first)) == 1
    assert rendition_queries(second) == []
    assert len(card_images(response.content, decorative.title)) == 1


def test_moving_the_focal_point_gives_the_card_a_new_crop(client, pictured):
    (before,) = card_images(client.get("/blog/").content, pictured.title)
    image = pictured.featured_image
    image.set_focal_point(Rect(50, 50, 150, 150))
    image.save()

    (after,) = card_images(client.get("/blog/").content, pictured.title)

    assert after["src"] != before["src"]
