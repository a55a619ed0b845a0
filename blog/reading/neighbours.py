"""What to read next from an article: related articles, and the previous and next one by date.

Every uncached article page asks this, so it is one query whose cost does not grow with the blog:
related articles are ranked among the RELATED_CANDIDATES newest siblings sharing a topic, each
candidate's shared topics counted through the link tables' (article, topic) indexes, and previous
and next are one step along the ``sort_date`` index from the article.

The query is written in SQL, in the subset SQLite and PostgreSQL share. The same query through the
ORM (three sliced subqueries, each nesting the siblings' filters) took Django four times longer to
build and compile than the database took to run it: the largest single cost of an uncached article.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import prefetch_related_objects

from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction

from clinic_site import compat
from clinic_site.page_cache import instance_tag, loaded_objects_tags, served_tag, shows

from .card_images import load_card_images

RELATED_LIMIT = 3
# Related articles are ranked among this many of the newest articles sharing a topic. An older article
# sharing more topics than all of them loses its place to a newer one; in exchange the ranking costs
# the same at any size of blog. 100 rather than 200 saves ~0.5 ms an article (2.5 vs 3.0 ms at 1,000
# articles) and still leaves plenty to pick three from.
RELATED_CANDIDATES = 100


@dataclass(frozen=True)
class Neighbours:
    related: list = field(default_factory=list)
    previous: object = None
    next: object = None


def topic_ids(article):
    """The category and tag ids ``article`` can be related by; "Uncategorized" relates nothing.

    Expects the article's categories and tags to be loaded already (prefetched, or in memory in a
    preview, where a new tag has no id yet).
    """
    category_ids = [category.pk for category in article.categories.all() if not category.is_uncategorized]
    tag_ids = [tag.pk for tag in article.tags.all() if tag.pk is not None]
    return category_ids, tag_ids


class _Tables:
    """The tables the query reads, named as the models name them."""

    def __init__(self, model):
        quote = connection.ops.quote_name
        self.page = quote(Page._meta.db_table)
        self.article = quote(model._meta.db_table)
        self.category_links = quote(model.categories.through._meta.db_table)
        self.tag_links = quote(model._meta.get_field("tagged_items").related_model._meta.db_table)
        self.restrictions = quote(PageViewRestriction._meta.db_table)
        self.article_columns = ", ".join(
            f"a.{quote(f.column)}"
            for f in model._meta.concrete_fields
            if f.model is model and not isinstance(f, StreamField)  # bodies are not shown here
        )


def _placeholders(values):
    return ", ".join(["%s"] * len(values))


class _NeighbourQuery:
    """Builds the SQL and its parameters, clause by clause, in the order the placeholders appear."""

    def __init__(self, article, tables, category_ids, tag_ids):
        self.article, self.t = article, tables
        self.category_ids, self.tag_ids = category_ids, tag_ids

    def siblings(self):
        """Live articles under the same parent, other than this one, without a view restriction of
        their own (they share every ancestor with the article being read)."""
        article = self.article
        sql = (
            f"FROM {self.t.article} s JOIN {self.t.page} sp ON sp.id = s.page_ptr_id "
            f"WHERE sp.live = %s AND sp.depth = %s AND sp.path LIKE %s "
            f"AND NOT EXISTS (SELECT 1 FROM {self.t.restrictions} r WHERE r.page_id = s.page_ptr_id)"
        )
        params = [True, article.depth, compat.parent_path(article) + "%"]
        if article.pk is not None:
            sql += " AND s.page_ptr_id <> %s"
            params.append(article.pk)
        return sql, params

    def topic_links(self, select, column):
        """A subquery per kind of topic the article has (categories, tags), each selecting ``select``
        from that kind's link table for the article at ``column``."""
        kinds = (
            (self.t.category_links, "articlepage_id", "category_id", self.category_ids),
            (self.t.tag_links, "content_object_id", "tag_id", self.tag_ids),
        )
        subqueries, params = [], []
        for table, article_column, topic_column, ids in kinds:
            if ids:
                subqueries.append(
                    f"(SELECT {select} FROM {table} l WHERE l.{article_column} = {column} "
                    f"AND l.{topic_column} IN ({_placeholders(ids)}))"
                )
                params += ids
        return subqueries, params

    def related(self):
        siblings, params = self.siblings()
        sharing, sharing_params = self.topic_links("1", "s.page_ptr_id")
        counts, counts_params = self.topic_links("COUNT(*)", "w.id")
        sql = (
            f"SELECT * FROM (SELECT w.id, {' + '.join(counts)} AS shared_topics FROM ("
            f"SELECT s.page_ptr_id AS id, s.sort_date {siblings} "
            f"AND ({' OR '.join('EXISTS ' + subquery for subquery in sharing)}) "
            f"ORDER BY s.sort_date DESC, s.page_ptr_id DESC LIMIT %s) w "
            f"ORDER BY shared_topics DESC, w.sort_date DESC, w.id DESC LIMIT %s) related"
        )
        return sql, counts_params + params + sharing_params + [RELATED_CANDIDATES, RELATED_LIMIT]

    def step(self, when, older):
        """The sibling just before (``older``) or just after the article; ties on the date are settled
        by pk. A single range on sort_date lets the database walk the index from the article."""
        siblings, params = self.siblings()
        adapted = connection.ops.adapt_datetimefield_value(when)
        if older:
            condition = "s.sort_date <= %s AND NOT (s.sort_date = %s AND s.page_ptr_id > %s)"
            order = "s.sort_date DESC, s.page_ptr_id DESC"
        else:
            condition = "s.sort_date >= %s AND NOT (s.sort_date = %s AND s.page_ptr_id < %s)"
            order = "s.sort_date ASC, s.page_ptr_id ASC"
        sql = (
            f"SELECT * FROM (SELECT s.page_ptr_id AS id, 0 AS shared_topics {siblings} AND {condition} "
            f"ORDER BY {order} LIMIT 1) step"
        )
        return sql, params + [adapted, adapted, self.article.pk]


def article_neighbours(article, with_related=True) -> Neighbours:
    """Related articles (ranked by shared topics, newest first on a tie) and the previous and next
    article by publication date among the article's live siblings, in one query. The one definition
    of an article's neighbours: its page shows them, and its publication purges the pages it is
    next to. ``with_related=False`` leaves related articles out (and needs no topics loaded).

    The query is the union of three small selects (the top related, the one just before, the one just
    after), joined to the pages they name; each is the extreme of its own ordering, so picking them back
    out of that union in Python gives exactly what three separate queries would.
    """
    model = type(article)
    tables = _Tables(model)
    category_ids, tag_ids = topic_ids(article) if with_related else ([], [])
    query = _NeighbourQuery(article, tables, category_ids, tag_ids)
    parts = []
    if category_ids or tag_ids:
        parts.append(query.related())
    when = article.publication_date
    in_sequence = when is not None and article.pk is not None  # a never-published preview is not, yet
    if in_sequence:
        parts += [query.step(when, older=True), query.step(when, older=False)]
    if not parts:
        return Neighbours()

    union = " UNION ALL ".join(sql for sql, _ in parts)
    sql = (
        f"SELECT p.*, {tables.article_columns}, n.shared_topics FROM ({union}) n "
        f"JOIN {tables.page} p ON p.id = n.id JOIN {tables.article} a ON a.page_ptr_id = n.id "
        "ORDER BY n.shared_topics DESC, a.sort_date DESC, a.page_ptr_id DESC"
    )
    rows = {}
    for row in model.objects.raw(sql, [param for _, params in parts for param in params]):
        # An article both related and next comes back twice; its related copy, which counts its shared
        # topics, comes first.
        rows.setdefault(row.pk, row)
    related = [row for row in rows.values() if row.shared_topics > 0][:RELATED_LIMIT]
    shows(*rows.values())
    if not in_sequence:
        return Neighbours(related=related)
    here = (when, article.pk)
    dated = [row for row in rows.values() if row.sort_date is not None]
    return Neighbours(
        related=related,
        previous=max((row for row in dated if _place(row) < here), key=_place, default=None),
        next=min((row for row in dated if _place(row) > here), key=_place, default=None),
    )


def article_neighbours_with_card_images(article) -> Neighbours:
    """``article_neighbours`` with the related cards' pictures and their renditions loaded."""
    neighbours = article_neighbours(article)
    load_card_images(neighbours.related)
    return neighbours


def neighbours_with_card_pictures(article) -> Neighbours:
    """``article_neighbours`` with the related cards' pictures (not their renditions) loaded."""
    neighbours = article_neighbours(article)
    prefetch_related_objects(neighbours.related, "featured_image")
    return neighbours


def neighbours_tags(article, neighbours, topic_tags) -> set[str]:
    """What ``neighbours`` of a served live article depend on, kept across requests: its topics' lists
    (``topic_tags``: a publish there may change the related ones), ``served:<pk>`` (purged when an article
    is published next to it) and each article shown, with the related cards' pictures."""
    shown = [*neighbours.related, neighbours.previous, neighbours.next]
    pages = {instance_tag("page", neighbour.pk) for neighbour in shown if neighbour is not None}
    pictures = set().union(*map(loaded_objects_tags, neighbours.related))
    return {*topic_tags, served_tag(article.pk), *pages, *pictures}


def _place(article):
    return (article.sort_date, article.pk)
