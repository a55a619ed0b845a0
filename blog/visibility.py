"""Which pages anonymous readers may see, as SQL the listings can fold into their own query."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr

from wagtail.models import PageViewRestriction


def outside_private_sections():
    """What PageQuerySet.public() keeps, as one SQL condition.

    public() first reads every view restriction (a query each time a listing is built) to make its
    filter; here the database checks whether a restricted page's path prefixes the page's own path, which
    is what Wagtail's ``descendant_of(restricted, inclusive=True)`` means. Wagtail search cannot translate
    this condition, so searches use public() itself.
    """
    restricted_ancestors = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return ~Exists(restricted_ancestors)
