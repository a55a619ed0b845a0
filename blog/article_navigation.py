"""Where a reader can go from an article: its breadcrumb trail, related articles, the previous and next one.

The article page must cost the same few queries however many articles the blog holds, so the
breadcrumbs reuse the parents Wagtail's router already loaded, and related, previous and next
articles come back together from one query.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from wagtail.models import Site

RELATED_LIMIT = 3
# Related articles are ranked among this many of the newest articles sharing a topic. An older article
# sharing more topics than all of them loses its place to a newer one; in exchange the ranking costs
# the same at any size of blog.
RELATED_CANDIDATES = 200


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str
    full_url: str


@dataclass(frozen=True)
class Neighbours:
    related: list = field(default_factory=list)
    previous: object = None
    next: object = None


def breadcrumb_trail(page, request) -> list[Crumb]:
    """Home › … › the page itself, from the site's root page down.

    Wagtail's router remembers each routed page's parent on it (``get_parent`` reads that cache),
    so a served page costs no query here; a preview walks up with one query a level.
    """
    site = Site.find_for_request(request)
    root_depth = site.root_page.depth if site else 2
    lineage = [page]
    while lineage[-1].depth > root_depth and (parent := lineage[-1].get_parent()) is not None:
        lineage.append(parent)
    trail = []
    for ancestor in reversed(lineage):
        url = ancestor.get_url(request)
        if url is None:  # not reachable on any site, e.g. Wagtail's tree root
            continue
        is_home = site is not None and ancestor.pk == site.root_page_id
        trail.append(
            Crumb(
                name="Home" if is_home else ancestor.title, url=url, full_url=ancestor.get_full_url(request)
            )
        )
    return trail


def topic_ids(article):
    """The category and tag ids ``article`` can be related by; "Uncategorized" relates nothing.

    Expects the article's categories and tags to be loaded already (prefetched, or in memory in a
    preview, where a new tag has no id yet).
    """
    category_ids = [category.pk for category in article.categories.all() if not category.is_uncategorized]
    tag_ids = [tag.pk for tag in article.tags.all() if tag.pk is not None]
    return category_ids, tag_ids


def shared_topics(model, category_ids, tag_ids):
    """An SQL expression counting how many of these categories and tags the row's article has.

    Two correlated counts, each read from its link table's (article, topic) index: the cost is per
    ranked row, not per article in the blog.
    """
    category_links = model.categories.through.objects.filter(
        articlepage_id=OuterRef("pk"), category_id__in=category_ids
    )
    tag_links = _tag_links(model).filter(content_object_id=OuterRef("pk"), tag_id__in=tag_ids)
    count = Value(0)
    if category_ids:
        count += _count_of(category_links, "articlepage_id")
    if tag_ids:
        count += _count_of(tag_links, "content_object_id")
    return count


def _count_of(links, owner_field):
    counted = links.order_by().values(owner_field).annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted), 0)


def _tag_links(model):
    return model._meta.get_field("tagged_items").related_model.objects


def sharing_any_topic(candidates, category_ids, tag_ids):
    """The candidates that have at least one of these categories or tags."""
    model = candidates.model
    sharing = Q()
    if category_ids:
        links = model.categories.through.objects
        sharing |= Exists(links.filter(articlepage_id=OuterRef("pk"), category_id__in=category_ids))
    if tag_ids:
        sharing |= Exists(_tag_links(model).filter(content_object_id=OuterRef("pk"), tag_id__in=tag_ids))
    return candidates.filter(sharing)


def article_neighbours(article, candidates, related_limit=RELATED_LIMIT) -> Neighbours:
    """Related articles (ranked by shared topics, newest first on a tie) and the previous and next
    article by publication date, among ``candidates`` (which have ``sort_date``), in one query.

    Related articles are ranked among the RELATED_CANDIDATES newest candidates sharing a topic, and
    previous and next are one step along the ``sort_date`` index, so the query reads about the same
    rows at a hundred articles as at ten thousand. The query selects the union of three subqueries (the
    top related, the one just before, the one just after); because each of those is the extreme of its
    own ordering, picking them back out of that small union in Python gives exactly what three separate
    queries would.
    """
    others = candidates.exclude(pk=article.pk)
    model = candidates.model
    category_ids, tag_ids = topic_ids(article)
    newest_first = ("-sort_date", "-pk")
    wanted = []
    if category_ids or tag_ids:
        window = sharing_any_topic(others, category_ids, tag_ids).order_by(*newest_first)
        ranked = (
            model.objects.filter(pk__in=window.values("pk")[:RELATED_CANDIDATES])
            .annotate(shared_topics=shared_topics(model, category_ids, tag_ids))
            .order_by("-shared_topics", *newest_first)
        )
        wanted.append(Q(pk__in=ranked.values("pk")[:related_limit]))
    when = article.display_date or article.first_published_at
    in_sequence = when is not None and article.pk is not None  # a never-published preview is not, yet
    if in_sequence:
        # A range on sort_date alone, with ties settled by pk outside it, lets the database walk the
        # sort_date index from this article; an OR of two ranges makes SQLite sort every sibling.
        older = others.filter(sort_date__lte=when).exclude(sort_date=when, pk__gt=article.pk)
        newer = others.filter(sort_date__gte=when).exclude(sort_date=when, pk__lt=article.pk)
        wanted.append(Q(pk__in=older.order_by(*newest_first).values("pk")[:1]))
        wanted.append(Q(pk__in=newer.order_by("sort_date", "pk").values("pk")[:1]))
    if not wanted:
        return Neighbours()

    rows = list(
        model.objects.filter(reduce(or_, wanted))
        .defer_streamfields()
        .annotate(shared_topics=shared_topics(model, category_ids, tag_ids))
        .order_by("-shared_topics", *newest_first)
    )
    related = [row for row in rows if row.shared_topics > 0][:related_limit]
    if not in_sequence:
        return Neighbours(related=related)
    here = (when, article.pk)
    dated = [row for row in rows if row.sort_date is not None]
    return Neighbours(
        related=related,
        previous=max((row for row in dated if _place(row) < here), key=_place, default=None),
        next=min((row for row in dated if _place(row) > here), key=_place, default=None),
    )


def _place(article):
    return (article.sort_date, article.pk)
