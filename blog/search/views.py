"""Site search with Wagtail search (SQLite FTS5 or PostgreSQL full text): live public articles, ranked
and paged, and beside them the site's other live public pages of any type (About, team, locations…)."""

import unicodedata

from django.template.response import TemplateResponse

from wagtail.models import Page, Site

from blog.models import ArticlePage, BlogIndexPage
from blog.models.pages import for_listing
from blog.reading.card_images import load_card_renditions
from blog.reading.pagination import paginate
from blog.reading.visibility import public_for_search
from blog.search import scope as search_scope
from blog.search import suggestions

# The clinic's own pages that match, shown above the articles: a handful is all a patient scans.
OTHER_PAGES_SHOWN = 3
# Longer queries are cut here: enough for any real question, and it bounds the work the database does.
SEARCH_QUERY_MAX_LENGTH = 200


def clean_search_query(raw):
    """The words of ``raw``: letters, marks and digits, separated by single spaces.

    Both full-text engines split on punctuation anyway, so dropping it loses nothing; it also keeps
    FTS5 and tsquery syntax (quotes, ``*``, ``-``, parentheses), NUL, emoji and the U+FFFD that Django
    puts for undecodable bytes out of the query. NFKC turns full-width letters into plain ones.
    """
    text = unicodedata.normalize("NFKC", raw[: SEARCH_QUERY_MAX_LENGTH * 4])
    kept = "".join(char if unicodedata.category(char)[0] in "LMN" else " " for char in text)
    return " ".join(kept.split())[:SEARCH_QUERY_MAX_LENGTH].strip()


def other_page_types():
    """Live pages of every type but articles (searched on their own) and blog indexes (which list
    articles): a new type (a team member's page, a location) is found once published, with no change
    here. Wagtail's index keeps each page's own fields, which the search reads too."""
    return Page.objects.live().not_type(ArticlePage, BlogIndexPage)


def other_pages(pages, site, query):
    """The best few matches for ``query`` among ``pages`` below the site's home page."""
    pages = pages.descendant_of(site.root_page) if site else pages.filter(depth__gt=2)
    return list(pages.search(query, operator="or")[:OTHER_PAGES_SHOWN])


def search(request):
    raw_query = request.GET.get("q", "")
    query = clean_search_query(raw_query)
    site = Site.find_for_request(request)
    articles, pages = public_for_search(ArticlePage.objects.live(), other_page_types())
    articles = articles.in_site(site) if site else articles
    context = {
        "search_query": query,
        "query_was_unusable": bool(raw_query.strip()) and not query,
        "blog_index": BlogIndexPage.for_request(request),
    }
    if query:
        # "or", ranked by relevance: patients type questions ("can botox help my neck"), and an article
        # that lacks one of their words is still worth showing below the ones that have them all.
        scope = search_scope.scope_of_search(articles, query)
        articles_page = paginate(request, search_scope.ranked(scope.pks, query))
        # The filters again: nothing unpublished or made private since the candidates were chosen, a
        # moment ago, is listed.
        shown = {
            article.pk: article for article in for_listing(articles.filter(pk__in=articles_page.object_list))
        }
        articles_page.object_list = [shown[pk] for pk in articles_page.object_list if pk in shown]
        load_card_renditions(articles_page.object_list)
        context["articles_page"] = articles_page
        context["ranked_matches"] = search_scope.RANKED_MATCHES
        context["more_matches_than_ranked"] = scope.more_match_than_ranked
        if articles_page.number == 1:
            context["other_pages"] = other_pages(pages, site, query)
        if not articles_page.paginator.count and not context.get("other_pages"):
            context["similar_articles"] = suggestions.similar_titles(articles, query)
            context["topics"] = suggestions.topics(articles)
    return TemplateResponse(request, "blog/search_results.html", context)
