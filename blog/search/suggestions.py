"""What a search that found nothing offers instead: articles whose titles look like the query (a
misspelling such as "sciatca"), and the topics to browse.

On PostgreSQL the titles are compared by trigram word similarity (``pg_trgm``, migration 0014, whose
GIN index on page titles serves the ``%>`` operator): how much of the query's trigrams some stretch of
the title shares, so a long title still matches one misspelt word. Other databases (SQLite in
development) compare the query's words with the words of the newest titles in Python.
"""

import re
from difflib import SequenceMatcher

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Exists, OuterRef

from blog.models import ArticlePage, Category

SUGGESTED_ARTICLES = 3
# pg_trgm's default word-similarity threshold (0.6) for "%>", and the same bar for the Python fallback.
SIMILARITY_THRESHOLD = 0.6
# The Python fallback reads this many of the newest titles: enough for a development database.
FALLBACK_TITLES = 1000
WORD = re.compile(r"\w+")


def similar_titles(articles, query):
    """Up to SUGGESTED_ARTICLES of ``articles`` whose titles look like ``query``, closest first."""
    if connection.vendor == "postgresql":
        return list(
            articles.filter(title__trigram_word_similar=query)
            .annotate(similarity=TrigramWordSimilarity(query, "title"))
            .order_by("-similarity", "-sort_date")
            .defer_streamfields()[:SUGGESTED_ARTICLES]
        )
    words = WORD.findall(query.lower())
    scored = []
    for pk, title in articles.order_by("-sort_date", "-pk").values_list("pk", "title")[:FALLBACK_TITLES]:
        title_words = WORD.findall(title.lower())
        if words and title_words:
            score = sum(max(word_likeness(word, other) for other in title_words) for word in words) / len(
                words
            )
            if score >= SIMILARITY_THRESHOLD:
                scored.append((score, pk))
    best = [pk for _, pk in sorted(scored, key=lambda item: -item[0])[:SUGGESTED_ARTICLES]]
    found = {article.pk: article for article in articles.filter(pk__in=best).defer_streamfields()}
    return [found[pk] for pk in best if pk in found]


def word_likeness(word, other):
    return SequenceMatcher(None, word, other).ratio()


def topics(articles):
    """The categories that list at least one of ``articles``, "Uncategorized" left out, by name."""
    listed = ArticlePage.categories.through.objects.filter(articlepage__in=articles.values("pk"))
    return list(
        Category.objects.exclude(slug=Category.UNCATEGORIZED_SLUG)
        .filter(Exists(listed.filter(category=OuterRef("pk"))))
        .order_by("name")
    )
