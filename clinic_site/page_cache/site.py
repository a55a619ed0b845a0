"""Find the request's Wagtail site through the shared look-up cache, before anything asks for it.

Wagtail looks the site up again on every request (a query ranking the sites that could match the
host) and keeps it on ``request._wagtail_site``, where ``Site.find_for_request`` finds it. Changing a
site purges everything, so a cached site is never older than the sites table.
"""

from contextlib import suppress

from django.conf import settings
from django.db import DatabaseError

from wagtail.models import Page, Site

from clinic_site.page_cache.lookups import cached_lookup


def no_tags(site):
    # Site changes purge everything. Of its root page, loaded with it, routing reads only the id and
    # breadcrumbs the depth, which changes only when the root is moved, which purges everything too.
    return ()


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SHARED_LOOKUP_CACHE and not hasattr(request, "_wagtail_site"):
            # On a database outage the look-up is left to the view, where the outage becomes the 503.
            with suppress(DatabaseError):
                request._wagtail_site = cached_lookup(
                    f"site:{request.get_host()}:{request.get_port()}",
                    (Site, Page),
                    lambda: Site.find_for_request(request),
                    no_tags,
                )
        return self.get_response(request)
