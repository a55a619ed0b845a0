"""Which articles a search ranks: every match on a blog of any realistic size, a bounded set beyond.

Wagtail's database backends rank every article that matches, and ranking reads each match's whole
index entry (PostgreSQL's ts_rank, SQLite's bm25), so a query that matches most articles costs time in
proportion to the blog: about 1 s for "pain relief" over 10,000 articles on PostgreSQL. Searches here
rank at most the RANKED_MATCHES newest articles that contain every word of the query together with the
RANKED_MATCHES newest that contain any of them. Finding those is an index walk that stops early (the
``sort_date`` index, and on PostgreSQL a GIN index on the searched text, migration 0007), so ranking
no longer grows with the blog. Up to RANKED_MATCHES matching articles the results are exactly Wagtail's;
beyond that, an old article that has only some of the words can be left out, which the results page
says.
"""

from typing import NamedTuple

from blog.models import ArticlePage
from clinic_site import compat

RANKED_MATCHES = 100


def newest_matching(articles, query, operator, limit):
    """The pks of the ``limit`` newest ``articles`` that match ``query``, newest first.

    ``get_queryset()`` is the SQL the database backends (PostgreSQL full text, SQLite FTS5) run for
    these results; ``values_list`` keeps the matched text, which they also select, out of the answer.
    """
    # "-id" settles ties in sort_date, so every page of one search ranks the same candidates.
    newest_first = articles.order_by("-sort_date", "-id")
    matches = newest_first.search(query, operator=operator, order_by_relevance=False)
    return list(compat.search_results_queryset(matches[:limit]).values_list("pk", flat=True))


class SearchScope(NamedTuple):
    pks: set
    more_match_than_ranked: bool


def scope_of_search(articles, query):
    """The pks of the ``articles`` a search for ``query`` ranks, and whether more articles match.

    The pks are loaded rather than used as subqueries: PostgreSQL cannot estimate an OR of two LIMIT
    subqueries and then scans every index entry.
    """
    # One more than RANKED_MATCHES tells "exactly RANKED_MATCHES match" from "more match".
    newest = newest_matching(articles, query, "or", RANKED_MATCHES + 1)
    pks = set(newest[:RANKED_MATCHES])
    if len(query.split()) > 1:
        # Needed only when more than RANKED_MATCHES match, but always asked so that a search costs the
        # same number of queries on a blog of any size.
        pks.update(newest_matching(articles, query, "and", RANKED_MATCHES))
    return SearchScope(pks, len(newest) > RANKED_MATCHES)


def ranked(pks, query):
    """``pks``, best match for ``query`` first, as Wagtail's search ranks them.

    Only the pks: loading the articles would join the page table, and PostgreSQL, costing a random
    read as four sequential ones, then reads all of it (10,000 rows, ~5 ms) for a few hundred pages.
    The view loads the ten it shows by pk.
    """
    matches = ArticlePage.objects.filter(pk__in=pks).search(query, operator="or")
    return list(compat.search_results_queryset(matches).values_list("pk", flat=True))
