"""Listings cost the same number of queries whatever the number of articles: no query per article.

Counts are for an empty cache, as the first request after a deploy sees them. Of each, 5 are Wagtail's and
the base template's: the site with its root page (routing reads the root as its type without loading its
own fields), the blog index as its type, the view restrictions of the page's lineage (one query), the
site's root paths and the clinic settings. The listing adds its count, its page of articles and their
categories (one prefetch), and an archive first looks up its category or tag. Search skips the page
route but looks up the site's blog index (for links) and the private sections (Wagtail's public(), which
its search backend can apply); for a one-word query it then finds its newest matches, ranks them, and
loads the page's articles and their categories (blog.search.scope).
"""

import pytest
from bs4 import BeautifulSoup

from django.core.cache import cache

from tests.factories import ArticlePageFactory, CategoryFactory

EXPECTED_QUERIES = {
    "/blog/": 9,
    "/blog/category/injections/": 11,
    "/blog/tag/shots/": 10,
    "/search/?q=pain": 11,
}


@pytest.mark.parametrize("article_count", [5, 50])
def test_listing_query_counts_do_not_grow_with_articles(
    blog_index, clinic_phone, client, django_assert_num_queries, article_count
):
    injections = CategoryFactory(name="Injections", slug="injections")
    sleep = CategoryFactory(name="Sleep", slug="sleep")
    for _ in range(article_count):
        ArticlePageFactory(parent=blog_index, categories=[injections, sleep], tags=["shots", "nerve block"])

    for url, expected in EXPECTED_QUERIES.items():
        client.get(url)  # a warm worker: content types and other per-process look-ups already loaded
        cache.clear()
        with django_assert_num_queries(expected, info=url):
            response = client.get(url)

        assert response.status_code == 200
        cards = BeautifulSoup(response.content, "html.parser").select("li.article-card")
        assert len(cards) == min(article_count, 10), url
        shown_categories = {
            link.get_text() for card in cards for link in card.select(".article-card__categories a")
        }
        assert shown_categories == {"Injections", "Sleep"}, url
