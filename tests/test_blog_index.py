from datetime import timedelta

from bs4 import BeautifulSoup

from django.utils import timezone

from tests.factories import ArticlePageFactory


def listed_titles(client, blog_index, query=""):
    soup = BeautifulSoup(client.get(blog_index.url + query).content, "html.parser")
    return [a.get_text() for a in soup.select(".article-list h2 a")]


def test_index_lists_newest_first_by_display_date(blog_index, client):
    now = timezone.now()
    ArticlePageFactory(parent=blog_index, title="Old", first_published_at=now - timedelta(days=30))
    ArticlePageFactory(parent=blog_index, title="New", first_published_at=now - timedelta(days=1))
    ArticlePageFactory(
        parent=blog_index,
        title="Backdated",
        first_published_at=now,
        display_date=now - timedelta(days=60),
    )
    assert listed_titles(client, blog_index) == ["New", "Old", "Backdated"]


def test_index_hides_drafts(blog_index, client):
    ArticlePageFactory(parent=blog_index, title="Published")
    ArticlePageFactory(parent=blog_index, title="Draft", live=False)
    assert listed_titles(client, blog_index) == ["Published"]
