"""Listing cards rendered once and kept, with the tags of what they show.

Rendering a page of cards (each a picture with its sources, a link, a date, a summary and links to its
categories) was about half of an uncached blog index's time, yet a card changes only when its article,
picture or categories do, and the page of cards only when the list does. A listing keeps the HTML of
its page of cards in the shared look-up cache under the list's tag and the tags of every article,
category and picture shown, so the purges that refresh cached pages refresh it too. Without that
cache (SHARED_LOOKUP_CACHE off) the cards are rendered on every request, as any template would.
"""

from typing import NamedTuple

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from clinic_site.page_cache import loaded_objects_tags
from clinic_site.page_cache.lookups import cached_lookup, templates_fingerprint

from .card_images import load_card_renditions

CARDS_TEMPLATE = "blog/includes/article_cards.html"
CARD_TEMPLATES = (CARDS_TEMPLATE, "blog/includes/article_card.html")


class KeptCards(NamedTuple):
    html: str
    tags: frozenset


def render_cards(request, articles, blog_index, heading_level=2, without_categories=False) -> SafeString:
    """The cards of ``articles`` (loaded with ``for_listing``), as article_list.html shows them."""
    load_card_renditions(articles)
    context = {
        "request": request,
        "articles": articles,
        "blog_index": blog_index,
        "heading_level": heading_level,
        "without_categories": without_categories,
    }
    # Stripped: a list with no cards is empty, so article_list.html says so.
    return mark_safe(render_to_string(CARDS_TEMPLATE, context).strip())  # noqa: S308 - our own template


def kept_cards(
    name, request, load_articles, blog_index, list_tags, heading_level=2, without_categories=False
) -> SafeString:
    """The cards of the articles ``load_articles()`` returns, kept under ``name``: rendered again only when
    one of ``list_tags`` (which articles the list holds, in which order) or something a card shows is
    purged."""

    def render():
        articles = load_articles()
        html = render_cards(request, articles, blog_index, heading_level, without_categories)
        return KeptCards(
            str(html), frozenset({*list_tags, *set().union(*map(loaded_objects_tags, articles))})
        )

    variant = f"h{heading_level}{'-without-categories' if without_categories else ''}"
    kept = cached_lookup(
        f"{name}:{variant}:{templates_fingerprint(*CARD_TEMPLATES)}",
        models=(),
        load=render,
        tags_of=lambda kept: kept.tags,
    )
    return mark_safe(kept.html)  # noqa: S308 - rendered by render_cards
