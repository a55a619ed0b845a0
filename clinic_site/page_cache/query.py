"""Which query parameters a cached page may vary by.

Marketing parameters (``utm_source``, ``fbclid``…) say where a reader came from, not what they asked
for. They are dropped from a cacheable request before the page renders, so every campaign link shares
one cache entry, and the page's own links (pagination keeps the query) do not pass one reader's
campaign on to the next. Any other parameter the site does not answer to is rendered but never stored:
each random value would otherwise fill the cache with an entry of its own.
"""

from django.conf import settings
from django.http import QueryDict


def is_marketing(name: str) -> bool:
    name = name.lower()
    return any(
        name.startswith(pattern[:-1]) if pattern.endswith("*") else name == pattern
        for pattern in settings.PAGE_CACHE_MARKETING_QUERY_PARAMS
    )


def drop_marketing_parameters(request) -> None:
    """Make ``request`` the one it would be without marketing parameters, for the view and the cache key."""
    if not any(is_marketing(name) for name in request.GET):
        return
    kept = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        if not is_marketing(name):
            kept.setlist(name, values)
    request.META["QUERY_STRING"] = kept.urlencode()
    request.GET = QueryDict(request.META["QUERY_STRING"])


def has_only_known_parameters(query: QueryDict) -> bool:
    return set(query).issubset(settings.PAGE_CACHE_QUERY_PARAMS)
