"""Where a reader can go from an article: its breadcrumb trail, related articles, the previous and next one.

The article page must cost the same few queries however many articles the blog holds, so the
breadcrumbs reuse the parents Wagtail's router already loaded, and related, previous and next
articles come back together from one query.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Count, Q, Value

from wagtail.models import Site

RELATED_LIMIT = 3


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


def shared_topics(article):
    """An SQL expression counting the categories and tags a candidate shares with ``article``, or None.

    "Uncategorized" is not a topic, so sharing it relates nothing. Expects the article's categories
    and tags to be loaded already (prefetched, or in memory in a preview).
    """
    category_ids = [category.pk for category in article.categories.all() if not category.is_uncategorized]
    tag_ids = [tag.pk for tag in article.tags.all() if tag.pk is not None]
    if not category_ids and not tag_ids:
        return None
    count = Value(0)
    if category_ids:
        count += Count("categories", filter=Q(categories__in=category_ids), distinct=True)
    if tag_ids:
        count += Count("tagged_items", filter=Q(tagged_items__tag__in=tag_ids), distinct=True)
    return count


def article_neighbours(article, candidates, related_limit=RELATED_LIMIT) -> Neighbours:
    """Related articles (ranked by shared topics, newest first on a tie) and the previous and next
    article by publication date, among ``candidates`` (annotated with ``sort_date``), in one query.

    The query selects the union of three subqueries (the top related, the one just before, the one
    just after); because each of those is the extreme of its own ordering, picking them back out of
    that small union in Python gives exactly what three separate queries would.
    """
    others = candidates.exclude(pk=article.pk)
    shared = shared_topics(article)
    order = ("-shared_topics", "-sort_date", "-pk")
    wanted = []
    if shared is not None:
        top = others.annotate(shared_topics=shared).filter(shared_topics__gt=0).order_by(*order)
        wanted.append(Q(pk__in=top.values("pk")[:related_limit]))
    when = article.display_date or article.first_published_at
    in_sequence = when is not None and article.pk is not None  # a never-published preview is not, yet
    if in_sequence:
        older = others.filter(Q(sort_date__lt=when) | Q(sort_date=when, pk__lt=article.pk))
        newer = others.filter(Q(sort_date__gt=when) | Q(sort_date=when, pk__gt=article.pk))
        wanted.append(Q(pk__in=older.order_by("-sort_date", "-pk").values("pk")[:1]))
        wanted.append(Q(pk__in=newer.order_by("sort_date", "pk").values("pk")[:1]))
    if not wanted:
        return Neighbours()

    rows = list(
        others.annotate(shared_topics=shared if shared is not None else Value(0))
        .filter(reduce(or_, wanted))
        .order_by(*order)
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
