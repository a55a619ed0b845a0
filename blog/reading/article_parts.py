"""What a live article shows that changes only with its live revision or with what it shows, worked out
together and kept in one look-up: its rendered body, its related/previous/next articles and the
related cards.

Each was a round trip to the shared cache on every uncached article (three of the nine an article
made); kept together they are one, under the tags of all three, so any change that would refresh one
of them refreshes the lot. A preview, or an article not live, works them out every time.
"""

from dataclasses import dataclass
from functools import cache

from django.utils.safestring import SafeString, mark_safe

from clinic_site.page_cache import loaded_objects_tags
from clinic_site.page_cache.lookups import cached_lookup, templates_fingerprint

from .article_body import RenderedBody, block_templates, body_tags, render_body
from .kept_cards import CARD_TEMPLATES, render_cards
from .neighbours import (
    Neighbours,
    article_neighbours_with_card_images,
    neighbours_tags,
    neighbours_with_card_pictures,
)


@dataclass(frozen=True)
class ArticleParts:
    body: RenderedBody
    neighbours: Neighbours
    # The related cards rendered; None when the template renders them from ``neighbours.related``.
    related_cards: SafeString | None = None


@dataclass(frozen=True)
class KeptArticleParts:
    parts: ArticleParts
    tags: frozenset


def parts_fingerprint(article) -> str:
    """Changes when a deploy changes the templates the kept parts were rendered with."""
    return _fingerprint_of(type(article))


@cache
def _fingerprint_of(article_model) -> str:
    body_block = article_model._meta.get_field("body").stream_block
    return templates_fingerprint(*CARD_TEMPLATES, *block_templates(body_block))


def article_parts(article, request, topic_tags, is_preview=False) -> ArticleParts:
    """The body, neighbours and related cards of ``article``; ``topic_tags``: its categories' and tags'
    lists, which its related articles come from."""
    if is_preview or not article.live or article.live_revision_id is None:
        return ArticleParts(render_body(article), article_neighbours_with_card_images(article))

    def work_out():
        body = render_body(article)
        neighbours = neighbours_with_card_pictures(article)
        cards = render_cards(
            request, neighbours.related, article.blog_index, heading_level=3, without_categories=True
        )
        tags = {
            *body_tags(article),
            *neighbours_tags(article, neighbours, topic_tags),
            *set().union(*map(loaded_objects_tags, neighbours.related)),
        }
        return KeptArticleParts(ArticleParts(body, neighbours, str(cards)), frozenset(tags))

    kept = cached_lookup(
        f"article-parts:{article.pk}:{article.live_revision_id}:{parts_fingerprint(article)}",
        models=(type(article),),
        load=work_out,
        tags_of=lambda kept: kept.tags,
    )
    parts = kept.parts
    # Marked safe again: a kept string comes back from the cache as a plain str.
    return ArticleParts(parts.body, parts.neighbours, mark_safe(parts.related_cards))  # noqa: S308
