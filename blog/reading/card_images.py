"""The small picture on a listing card (blog/includes/article_card.html), loaded with its listing.

Each card's picture needs its renditions; looked up one card at a time they cost a query (or a cache
round trip) per card. A listing loads the renditions of all its cards at once, from Wagtail's rendition
cache in one round trip, and only those missing there from the database, in one query, keeping them in
that cache for the next request. Renditions change only by being made or deleted, and Wagtail's cache
keys carry the image's file hash and focal point, so what the cache holds is never out of date.
"""

from django.db.models import prefetch_related_objects

from wagtail.images import get_image_model
from wagtail.images.models import Filter

# The picture tag's arguments in article_card.html, in the same order: the renditions it asks for are
# exactly these (a mismatch shows as a query per card in tests/test_query_budgets.py).
CARD_PICTURE_FILTERS = ["format-{avif,webp,jpeg}", "fill-{160x120,320x240}"]
CARD_RENDITION_SPECS = Filter.expand_spec(CARD_PICTURE_FILTERS)
CARD_FILTERS = [Filter(spec) for spec in CARD_RENDITION_SPECS]


def card_renditions():
    return get_image_model().get_rendition_model().objects.filter(filter_spec__in=CARD_RENDITION_SPECS)


def with_card_images(articles):
    """``articles`` (a queryset of pages with a ``featured_image``) with each card's image; its renditions
    come from ``load_card_renditions`` once the list is in memory."""
    return articles.select_related("featured_image")


def load_card_renditions(articles):
    """Give the card pictures of ``articles`` (their images loaded already) their renditions, as Wagtail's
    ``prefetched_renditions``: from the rendition cache in one round trip, the rest in one query.

    Renditions not made yet are missing from both: the picture tag makes them when the card renders.
    """
    images = {
        article.featured_image_id: article.featured_image for article in articles if article.featured_image_id
    }
    if not images:
        return
    rendition_model = get_image_model().get_rendition_model()
    cache = rendition_model.cache_backend
    keys = {
        rendition_model.construct_cache_key(image, card_filter.get_cache_key(image), card_filter.spec): image
        for image in images.values()
        for card_filter in CARD_FILTERS
    }
    found = {pk: {} for pk in images}  # image pk: {(filter spec, focal point key): rendition}
    for key, rendition in cache.get_many(list(keys)).items():
        found[keys[key].pk][rendition.filter_spec, rendition.focal_point_key] = rendition
    incomplete = [pk for pk, renditions in found.items() if len(renditions) < len(CARD_FILTERS)]
    if incomplete:
        from_database = {}
        for rendition in card_renditions().filter(image__in=incomplete):
            found[rendition.image_id][rendition.filter_spec, rendition.focal_point_key] = rendition
            key = rendition_model.construct_cache_key(
                images[rendition.image_id], rendition.focal_point_key, rendition.filter_spec
            )
            from_database[key] = rendition
        if from_database:
            cache.set_many(from_database)
    for pk, image in images.items():
        for rendition in found[pk].values():
            rendition.image = image
        image.prefetched_renditions = list(found[pk].values())


def load_card_images(articles):
    """Load the card images of ``articles`` already in memory, then their renditions."""
    articles = list(articles)
    prefetch_related_objects(articles, "featured_image")
    load_card_renditions(articles)
