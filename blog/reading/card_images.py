"""The small picture on a listing card (blog/includes/article_card.html), loaded with its listing.

Each card's picture needs its renditions; looked up one card at a time they cost a query (or a cache
round trip) per card. Listings load them with the articles instead: one query for a queryset, two for
articles already in memory (related articles, from raw SQL).
"""

from django.db.models import Prefetch, prefetch_related_objects

from wagtail.images import get_image_model
from wagtail.images.models import Filter

# The picture tag's arguments in article_card.html, in the same order: the renditions it asks for are
# exactly these (a mismatch shows as a query per card in tests/test_query_budgets.py).
CARD_PICTURE_FILTERS = ["format-{avif,webp,jpeg}", "fill-{160x120,320x240}"]
CARD_RENDITION_SPECS = Filter.expand_spec(CARD_PICTURE_FILTERS)


def card_renditions():
    return get_image_model().get_rendition_model().objects.filter(filter_spec__in=CARD_RENDITION_SPECS)


def with_card_images(articles):
    """``articles`` (a queryset of pages with a ``featured_image``) with each card's image and its
    renditions, in one more query."""
    return articles.select_related("featured_image").prefetch_related(
        Prefetch("featured_image__renditions", queryset=card_renditions())
    )


def load_card_renditions(articles):
    """Load the card renditions of ``articles`` whose images are loaded already, in one query.

    For lists kept in the shared look-ups: they keep the images but not their renditions, which are made
    by the first reader to see a card; a list kept with none would have them made again on every request.
    """
    images = [article.featured_image for article in articles if article.featured_image_id]
    prefetch_related_objects(images, Prefetch("renditions", queryset=card_renditions()))


def load_card_images(articles):
    """Load the card images of ``articles`` already in memory: the images, then their renditions."""
    images = get_image_model().objects.prefetch_related(Prefetch("renditions", queryset=card_renditions()))
    prefetch_related_objects(list(articles), Prefetch("featured_image", queryset=images))
