"""`import_wordpress` makes WordPress featured images (``_thumbnail_id``) the article's featured image."""

import csv
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from wagtail.images import get_image_model

from blog.content_blocks import NEEDS_ALT_TEXT
from blog.models import ArticlePage
from tests.test_import_wordpress import MEDIA, run_import

FEATURED = Path(__file__).parent / "fixtures" / "wordpress" / "featured_images.xml"


@pytest.fixture
def imported(blog_index, settings, tmp_path):
    """The export imported with its media folder; the report's lines as (post ID, change, detail)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    report = tmp_path / "report.csv"
    out, err, error = run_import(FEATURED, media_dir=MEDIA, report=report)
    assert error is None, err
    with report.open(encoding="utf-8") as file:
        lines = [(row["post_id"], row["change"], row["detail"]) for row in csv.DictReader(file)]
    return out, lines


def article(wordpress_id):
    return ArticlePage.objects.get(wordpress_id=wordpress_id)


def test_featured_image_is_the_attachment_with_its_alt_text(imported):
    page = article(501)
    assert page.featured_image is not None
    assert Path(page.featured_image.file.name).name.startswith("botox-injection")
    assert page.featured_image_alt_text == "A doctor injecting a knee"


def test_same_file_for_two_articles_is_one_image(imported):
    assert article(502).featured_image == article(501).featured_image
    assert get_image_model().objects.count() == 1


def test_featured_image_without_alt_text_is_marked_and_reported(imported):
    _, lines = imported
    assert article(502).featured_image_alt_text == NEEDS_ALT_TEXT
    assert (
        "502",
        "image without alt text",
        f"featured image 2019/05/botox-injection.png imported with alt text “{NEEDS_ALT_TEXT}”",
    ) in lines


def test_missing_featured_image_file_is_reported_and_the_article_imports_without_one(imported):
    _, lines = imported
    assert article(503).featured_image is None
    [(_, change, detail)] = [line for line in lines if line[0] == "503"]
    assert change == "image missing"
    assert detail.startswith("featured image 2021/05/walking.jpg: not found in ")
    assert detail.endswith("; the article has none")


def test_featured_image_naming_no_attachment_is_reported(imported):
    _, lines = imported
    assert article(504).featured_image is None
    assert ("504", "image missing", "featured image 999 is not an attachment in the export") in lines


def test_article_page_shows_the_featured_image_as_its_hero_and_share_image(imported, client):
    response = client.get(article(501).url)
    soup = BeautifulSoup(response.content, "html.parser")
    hero = soup.select_one(".article__hero picture")
    assert hero is not None
    assert [source["type"] for source in hero.select("source")] == ["image/avif", "image/webp"]
    img = hero.img
    assert img["alt"] == "A doctor injecting a knee"
    assert img["fetchpriority"] == "high"
    assert int(img["width"]) > 0 and int(img["height"]) > 0
    og_image = soup.select_one('meta[property="og:image"]')["content"]
    assert og_image.startswith("http") and "botox-injection" in og_image
    assert soup.select_one('meta[name="twitter:image"]')["content"] == og_image
    assert soup.select_one('meta[property="og:image:alt"]')["content"] == "A doctor injecting a knee"


def test_featured_image_with_empty_alt_text_is_decorative(imported, client):
    page = article(501)
    page.featured_image_alt_text = ""
    page.save_revision().publish()
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert soup.select_one(".article__hero img")["alt"] == ""


def test_article_without_featured_image_has_no_hero(imported, client):
    soup = BeautifulSoup(client.get(article(503).url).content, "html.parser")
    assert soup.select_one(".article__hero") is None


def test_second_run_keeps_the_featured_images_and_adds_nothing(imported):
    first_out, _ = imported
    before = (get_image_model().objects.count(), ArticlePage.objects.count())
    out, err, error = run_import(FEATURED, media_dir=MEDIA)
    assert error is None, err
    assert (get_image_model().objects.count(), ArticlePage.objects.count()) == before
    assert "Posts imported: 4 (0 new, 4 updated)" in out
    assert article(501).featured_image_alt_text == "A doctor injecting a knee"
