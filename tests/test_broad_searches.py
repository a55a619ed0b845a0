"""Searches that match more articles than are ranked (blog.search.scope), shown here with a cap of 3.

Below the cap a search ranks every match, exactly as Wagtail's search would; above it, the newest
matches and the newest articles with every word are ranked, and the results page says so.
"""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import ArticlePage
from blog.search import scope as search_scope
from tests.factories import ArticlePageFactory, paragraph
from tests.test_search import result_titles, search, soup_of

BROAD_CAP = 3


def summary(response):
    return " ".join(soup_of(response).select_one(".search-summary").get_text().split())


def article(blog_index, title, text):
    return ArticlePageFactory(parent=blog_index, title=title, body=[paragraph(f"<p>{text}</p>")])


@pytest.fixture
def broad_cap(monkeypatch):
    monkeypatch.setattr(search_scope, "RANKED_MATCHES", BROAD_CAP)


def test_below_the_cap_results_are_wagtails_own_ranking(blog_index, client):
    article(blog_index, "Sciatica basics", "Sciatica runs down the leg.")
    article(blog_index, "Stretches for sciatica", "Stretches ease sciatica; daily stretches help sciatica.")
    article(blog_index, "Desk work", "Stretches at the desk.")
    article(blog_index, "Knee pain", "Knees carry the body.")

    response = search(client, "sciatica stretches")

    wagtail_ranking = ArticlePage.objects.live().search("sciatica stretches", operator="or")
    assert result_titles(response) == [page.title for page in wagtail_ranking]
    assert len(result_titles(response)) == 3
    assert summary(response) == "3 articles found."


def test_broad_search_ranks_the_newest_matches_and_says_more_match(blog_index, client, broad_cap):
    for number in range(5):  # the factory makes each article newer than the one before
        article(blog_index, f"Sciatica note {number}", "Sciatica runs down the leg.")

    response = search(client, "sciatica")

    assert sorted(result_titles(response)) == ["Sciatica note 2", "Sciatica note 3", "Sciatica note 4"]
    assert summary(response).startswith("More than 3 articles match.")


def test_exactly_as_many_matches_as_the_cap_are_all_counted(blog_index, client, broad_cap):
    for number in range(3):
        article(blog_index, f"Sciatica note {number}", "Sciatica runs down the leg.")

    response = search(client, "sciatica")

    assert len(result_titles(response)) == 3
    assert summary(response) == "3 articles found."


def test_an_older_article_with_every_word_is_still_ranked_first(blog_index, client, broad_cap):
    article(blog_index, "Stretches for sciatica", "Gentle stretches ease sciatica.")
    for number in range(4):
        article(blog_index, f"Sciatica note {number}", "Sciatica runs down the leg.")

    titles = result_titles(search(client, "sciatica stretches"))

    assert titles[0] == "Stretches for sciatica"
    assert "Sciatica note 0" not in titles  # older than the three newest, and without "stretches"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only (0007)")
def test_postgresql_search_matches_on_the_expression_the_text_index_covers(blog_index, client):
    article(blog_index, "Sciatica basics", "Sciatica runs down the leg.")

    with CaptureQueriesContext(connection) as queries:
        assert result_titles(search(client, "sciatica")) == ["Sciatica basics"]

    # If Wagtail ever matched on another expression, the index would silently stop being used.
    matching = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'
    assert any(matching in query["sql"] for query in queries.captured_queries)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM wagtailsearch_indexentry WHERE (title || body) @@ to_tsquery('sciatica')"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "blog_search_text_gin" in plan
