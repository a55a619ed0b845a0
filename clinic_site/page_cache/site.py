"""Find the request's Wagtail site through the shared look-up cache, before anything asks for it.

Wagtail looks the site up again on every request (a query ranking the sites that could match the
host) and keeps it on ``request._wagtail_site``, where ``Site.find_for_request`` finds it. Changing a
site purges everything, so a cached site is never older than the sites table.

Wagtail routes every request from the site's root page as its specific type: a query on every page for
the home page's own fields, which only the home page itself shows. Below the root, the root page is
given its specific form with those fields deferred (``specific_deferred``), made from what the site
look-up loaded; routing reads only its id.
"""

from contextlib import suppress

from django.conf import settings
from django.db import DatabaseError

from wagtail.models import Page, Site

from clinic_site import compat
from clinic_site.page_cache.lookups import cached_lookup


def no_tags(site):
    # Site changes purge everything. Of its root page, loaded with it, routing reads only the id and
    # breadcrumbs the depth, which changes only when the root is moved, which purges everything too.
    return ()


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            # On a database outage the look-up is left to the view, where the outage becomes the 503.
            with suppress(DatabaseError):
                site = find_site(request)
                if site is not None and request.path_info.strip("/"):
                    root = site.root_page
                    compat.set_specific_form(root, root.specific_deferred)
        return self.get_response(request)


def find_site(request):
    if not settings.SHARED_LOOKUP_CACHE:
        return Site.find_for_request(request)  # kept on the request by Wagtail
    request._wagtail_site = cached_lookup(
        f"site:{request.get_host()}:{request.get_port()}",
        (Site, Page),
        lambda: Site.find_for_request(request),
        no_tags,
    )
    return request._wagtail_site
