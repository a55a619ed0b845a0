"""sitemap.xml lists what search engines may show; robots.txt points to it and keeps them out of the rest."""

from xml.etree import ElementTree

import pytest

from django.utils import timezone

from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory, CategoryFactory, import_seed_article

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def day(moment):
    """A sitemap's lastmod: the date in the site's time zone."""
    return timezone.localtime(moment).date().isoformat()


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


@pytest.fixture
def seed_article(blog_index):
    return import_seed_article()


def test_sitemap_lists_the_seed_article_with_its_last_publication(seed_article, client):
    entries = sitemap_entries(client)

    url = "http://localhost/blog/how-botox-can-help-in-pain-management/"
    assert entries[url] == day(seed_article.last_published_at)


def test_sitemap_lists_the_index_and_archives_with_their_newest_article(blog_index, client):
    injections = CategoryFactory(name="Injections", slug="injections")
    older = ArticlePageFactory(parent=blog_index, categories=[injections], tags=["shots"])
    newer = ArticlePageFactory(parent=blog_index, categories=[injections], tags=["nerve block"])

    entries = sitemap_entries(client)

    newest = day(newer.last_published_at)
    assert entries["http://localhost/blog/"] == newest
    assert entries["http://localhost/blog/category/injections/"] == newest
    assert entries["http://localhost/blog/tag/nerve-block/"] == newest
    assert entries["http://localhost/blog/tag/shots/"] == day(older.last_published_at)
    for url in entries:
        assert client.get(url.removeprefix("http://localhost")).status_code == 200, url


def test_sitemap_leaves_out_drafts_private_articles_and_empty_archives(blog_index, client):
    hidden = CategoryFactory(name="Hidden", slug="hidden")
    CategoryFactory(name="Empty", slug="empty")
    ArticlePageFactory(parent=blog_index, slug="draft", categories=[hidden], tags=["draft-tag"]).unpublish()
    private = ArticlePageFactory(parent=blog_index, slug="private", categories=[hidden], tags=["private-tag"])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    ArticlePageFactory(parent=blog_index, slug="public")

    urls = set(sitemap_entries(client))

    assert "http://localhost/blog/public/" in urls
    for absent in [
        "draft/",
        "private/",
        "category/hidden/",
        "category/empty/",
        "tag/draft-tag/",
        "tag/private-tag/",
    ]:
        assert f"http://localhost/blog/{absent}" not in urls


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin_and_search(blog_index, client):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert client.get("/sitemap.xml").status_code == 200
