"""Which pages are public to anonymous readers: neither they nor an ancestor has a view restriction.

The one home of that rule, in the two forms its users need: ``outside_private_sections()`` for
querysets (listings, the blog-index look-up), ``public_for_search()`` for Wagtail search, which can
only apply Wagtail's own ``public()``. The neighbours' SQL checks each sibling's own restriction only,
because siblings share every ancestor with the article being read.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Substr

from wagtail.models import Page, PageViewRestriction

from clinic_site import compat

# Deeper than any page of this site will be; a page below it would only be checked this far up.
MAX_DEPTH = 20


def outside_private_sections(parent=None):
    """What PageQuerySet.public() keeps, as one SQL condition; ``parent``: every page listed is its child.

    public() first reads every view restriction (a query each time a listing is built) to make its
    filter; here the database checks whether the page or one of its ancestors is restricted, which
    is what Wagtail's ``descendant_of(restricted, inclusive=True)`` means. The ancestors' paths are the
    page's own path cut at each tree level, so each check is a few look-ups in the unique path index
    (comparing against every restricted page's path instead makes SQLite scan the whole page table
    for every listed row). Wagtail search cannot translate this condition, so searches use public().

    Children share every ancestor: given their ``parent``, its lineage is checked once (a subquery
    that does not refer to the row) and each child only for a restriction of its own, by its id.
    Checking twenty paths for every article made that one condition most of a blog index's time
    (24 ms of SQLite at 1,000 articles, which it checks all of to sort them).
    """
    step = compat.tree_step_length(Page)
    if parent is not None:
        return ~Exists(PageViewRestriction.objects.filter(page__path__in=lineage_paths(parent))) & ~Exists(
            PageViewRestriction.objects.filter(page=OuterRef("pk"))
        )
    ancestor_paths = [Substr(OuterRef("path"), 1, step * depth) for depth in range(1, MAX_DEPTH + 1)]
    return ~Exists(PageViewRestriction.objects.filter(page__path__in=ancestor_paths))


def lineage_paths(page):
    """The paths of ``page`` and each of its ancestors, root first."""
    step = compat.tree_step_length(Page)
    return [page.path[: step * depth] for depth in range(1, page.depth + 1)]


class ViewRestrictionsInOneQuery:
    """Wagtail checks a page's view restrictions before serving it: one query for its ancestors (to follow
    aliases to their source pages), then one for the restrictions. A page's ancestors are its path cut at
    each level, so the database can read the restrictions of the lineage, or of the pages it aliases, in
    one query: on every uncached page."""

    def keep_view_restrictions(self):
        """Read the view restrictions now and keep them with the page: for a page kept across requests
        (see blog.reading.routing), which any change to a view restriction makes stale, as it purges
        everything kept."""
        self._kept_view_restrictions = list(self.get_view_restrictions())

    def get_view_restrictions(self):
        kept = self.__dict__.get("_kept_view_restrictions")
        if kept is not None:
            return kept
        if not self.path:  # a page not yet in the tree has no lineage to read
            return super().get_view_restrictions()
        lineage = Page.objects.filter(path__in=lineage_paths(self))
        # Wagtail points an alias at the original page, never at another alias: one step follows it.
        return PageViewRestriction.objects.filter(
            Q(page__in=lineage.filter(alias_of__isnull=True).values("pk"))
            | Q(page__in=lineage.values("alias_of"))
        )


def public_for_search(*querysets):
    """Each of ``querysets`` (of pages) restricted to the public ones, in the form Wagtail's search
    backends can apply: ``public()``'s condition, made from one read of the view restrictions.
    One queryset gives one back; several, a list."""
    private = querysets[0].private_q()
    public = [pages.exclude(private) for pages in querysets]
    return public[0] if len(public) == 1 else public
