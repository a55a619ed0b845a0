"""Pages of a listing: one strict reading of ``?page=`` shared by the blog index, archives and search."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404

ARTICLES_PER_PAGE = 10
MAX_PAGE_DIGITS = 9


def requested_page_number(request):
    """The ``?page=`` number, or None when it is missing.

    Paginator alone would accept " 2", "１" (full-width) or "1_0" as numbers and serve the same list
    under many addresses; only plain ASCII digits name a page here, anything else is a 404. The length
    cap keeps int() clear of Python's limit on converting very long digit strings (a ValueError).
    """
    raw = request.GET.get("page")
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > MAX_PAGE_DIGITS:
        raise Http404("No such page of articles.")
    return int(raw)


def paginate(request, items, per_page=ARTICLES_PER_PAGE, count=None):
    """Page ``?page=`` of ``items`` (a queryset or a list); any other page number is a 404.

    ``count``, when the caller already knows how many items there are, saves the COUNT query.
    """
    number = requested_page_number(request)
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached_property: this is its cached value.
    try:
        return paginator.page(1 if number is None else number)
    except InvalidPage as error:
        raise Http404("No such page of articles.") from error


def canonical_page_url(listing_url, page_obj):
    """The one address of this page of a listing: the listing itself for page 1, ``?page=N`` after."""
    return listing_url if page_obj.number == 1 else f"{listing_url}?page={page_obj.number}"
