"""RSS and Atom feeds of the whole blog and of each category, and the links that advertise them."""

from datetime import timedelta

import feedparser
import pytest
from bs4 import BeautifulSoup

from django.utils import timezone

from tests.factories import ArticlePageFactory, CategoryFactory, import_seed_article

FEEDS = {
    "rss": ("/blog/feed/", "rss20", "application/rss+xml; charset=utf-8"),
    "atom": ("/blog/feed/atom/", "atom10", "application/atom+xml; charset=utf-8"),
}


def parse(response):
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.fixture
def seed_article(blog_index):
    return import_seed_article()


@pytest.mark.parametrize(("url", "version", "content_type"), FEEDS.values(), ids=FEEDS.keys())
def test_blog_feed_carries_the_seed_article(seed_article, client, url, version, content_type):
    response = client.get(url)
    feed = parse(response)

    assert response["Content-Type"] == content_type
    assert feed.version == version
    assert feed.feed.title == "Patient education blog – Twin Cities Pain Clinic"
    assert feed.feed.link == "http://localhost/blog/"
    [entry] = feed.entries
    assert entry.title == seed_article.title
    assert entry.link == "http://localhost/blog/how-botox-can-help-in-pain-management/"
    assert entry.summary == seed_article.summary
    assert [tag.term for tag in entry.tags] == ["Uncategorized"]
    published = seed_article.first_published_at.replace(microsecond=0)
    assert timezone.datetime(*entry.published_parsed[:6], tzinfo=timezone.UTC) == published


def test_atom_entries_say_when_they_were_updated(seed_article, client):
    [entry] = parse(client.get("/blog/feed/atom/")).entries

    updated = seed_article.last_published_at.replace(microsecond=0)
    assert timezone.datetime(*entry.updated_parsed[:6], tzinfo=timezone.UTC) == updated


def test_category_feed_has_only_that_categorys_articles(blog_index, client):
    injections = CategoryFactory(name="Injections", slug="injections", description="Injections for pain.")
    sleep = CategoryFactory(name="Sleep", slug="sleep")
    ArticlePageFactory(parent=blog_index, title="Nerve blocks", categories=[injections])
    ArticlePageFactory(parent=blog_index, title="Both", categories=[injections, sleep])
    ArticlePageFactory(parent=blog_index, title="Sleep hygiene", categories=[sleep])

    for url in ["/blog/category/injections/feed/", "/blog/category/injections/feed/atom/"]:
        feed = parse(client.get(url))
        assert [entry.title for entry in feed.entries] == ["Both", "Nerve blocks"], url
        assert feed.feed.title == "Injections – Patient education blog – Twin Cities Pain Clinic", url
        assert feed.feed.link == "http://localhost/blog/category/injections/", url
        assert feed.feed.subtitle == "Injections for pain.", url
    assert [tag.term for tag in parse(client.get("/blog/feed/")).entries[1].tags] == ["Injections", "Sleep"]


def test_feed_has_the_newest_twenty_articles(blog_index, client):
    now = timezone.now()
    for days_ago in range(22):
        ArticlePageFactory(
            parent=blog_index,
            title=f"{days_ago} days old",
            first_published_at=now - timedelta(days=days_ago),
        )

    titles = [entry.title for entry in parse(client.get("/blog/feed/")).entries]

    assert titles == [f"{days_ago} days old" for days_ago in range(20)]


def test_feeds_leave_out_drafts(blog_index, client):
    ArticlePageFactory(parent=blog_index, title="Published")
    ArticlePageFactory(parent=blog_index, title="Draft").unpublish()

    assert [entry.title for entry in parse(client.get("/blog/feed/atom/")).entries] == ["Published"]


@pytest.mark.parametrize(
    "url", ["/blog/category/no-such-topic/feed/", "/blog/category/no-such-topic/feed/atom/"]
)
def test_unknown_category_feed_is_404(blog_index, client, url):
    assert client.get(url).status_code == 404


def alternate_links(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [(link["type"], link["href"]) for link in soup.select('head link[rel="alternate"]')]


BLOG_FEEDS = [
    ("application/rss+xml", "http://localhost/blog/feed/"),
    ("application/atom+xml", "http://localhost/blog/feed/atom/"),
]


def test_every_page_advertises_the_blog_feeds(seed_article, client):
    for url in [
        "/",
        "/blog/",
        seed_article.url,
        "/blog/category/uncategorized/",
        "/search/?q=pain",
        "/no-such-page/",
    ]:
        assert alternate_links(client.get(url))[:2] == BLOG_FEEDS, url


def test_category_archive_also_advertises_its_own_feeds(seed_article, client):
    links = alternate_links(client.get("/blog/category/uncategorized/"))

    assert links == BLOG_FEEDS + [
        ("application/rss+xml", "http://localhost/blog/category/uncategorized/feed/"),
        ("application/atom+xml", "http://localhost/blog/category/uncategorized/feed/atom/"),
    ]
    for _, href in links:
        assert seed_article.title in [entry.title for entry in parse(client.get(href)).entries]
