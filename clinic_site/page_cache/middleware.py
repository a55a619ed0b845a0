"""Serve anonymous readers' GET and HEAD requests for public pages from the page cache.

Never cached: the admin and its previews (always ``private, no-store``), anyone with a session (a
logged-in editor, a visitor who unlocked a private page), requests with credentials, requests with a
query parameter the site does not answer to (a search's ``q`` among them; marketing parameters are
dropped first, see ``query``), responses that set a cookie or say ``private``/``no-store``, responses
that use the request's CSP nonce (every reader must get a nonce of their own), and statuses other than
200, 301 and 404.
Placed after SecurityMiddleware/WhiteNoise and before SessionMiddleware, so a hit skips the rest.
Any cache failure makes the request an uncached one, never an error.

What it keeps goes out with ``s-maxage`` and its tags as surrogate keys (``http_cache``), so Varnish or
a CDN may keep it too and be purged with it; a response whose tags were purged while it rendered goes
out with ``s-maxage=0`` instead, as it may show what was just changed. Every request that reaches the
app also delivers purges owed to a Varnish, at most once a second.
"""

import logging

from django.conf import settings
from django.middleware.csp import get_nonce
from django.utils.cache import patch_cache_control

from clinic_site.security.headers import is_admin_area

from . import http_cache, query, store
from .dependencies import collecting, depends_on

logger = logging.getLogger(__name__)

CACHEABLE_STATUSES = {200, 301, 404}
DECLINING_CACHE_CONTROL = ("private", "no-store", "no-cache")


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = settings.PAGE_CACHE_SECONDS
        self.browser_seconds = settings.PAGE_CACHE_BROWSER_SECONDS
        self.private_prefixes = tuple(settings.PAGE_CACHE_PRIVATE_PREFIXES)

    def __call__(self, request):
        try:
            http_cache.deliver_undelivered_purges()
        except Exception:
            logger.warning("Delivering purges owed to Varnish failed", exc_info=True)
        if is_admin_area(request) or request.path_info.startswith(self.private_prefixes):
            response = self.get_response(request)
            patch_cache_control(response, private=True, no_store=True)
            return response
        if not self.may_serve_from_cache(request):
            return self.uncached(self.get_response(request))
        query.drop_marketing_parameters(request)
        if not query.has_only_known_parameters(request.GET):
            return self.uncached(self.get_response(request))

        key = store.entry_key(request.build_absolute_uri())
        try:
            cached, sequence_at_start = store.lookup(key)
        except store.PurgesUndelivered:
            # The cache may still hold a page withdrawn while it was unreachable: a miss, kept nowhere.
            cached, sequence_at_start = None, None
        except Exception:
            logger.warning("Page cache lookup failed; serving uncached", exc_info=True)
            return self.get_response(request)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            if settings.SURROGATE_KEY_HEADER and settings.SURROGATE_KEY_HEADER not in cached:
                # Stored before its keys were sent (or under another header name): Varnish could keep it
                # with no key to purge it by.
                patch_cache_control(cached, s_maxage=0)
            return cached

        with collecting() as tags:
            response = self.get_response(request)
            if response.status_code in (301, 404):
                depends_on(store.URL_SPACE)
        if not self.may_store(request, response):
            return self.uncached(response)
        patch_cache_control(response, public=True, max_age=self.browser_seconds, s_maxage=self.seconds)
        if settings.SURROGATE_KEY_HEADER:
            response[settings.SURROGATE_KEY_HEADER] = http_cache.surrogate_keys_header(tags)
        try:
            if sequence_at_start is not None and not store.store(
                key, response, tags, sequence_at_start, self.seconds
            ):
                # Purged while rendering: the purge may have reached Varnish before this response does.
                patch_cache_control(response, s_maxage=0)
        except Exception:
            logger.warning("Page cache store failed; response served uncached", exc_info=True)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def uncached(response):
        """What this cache would not keep, no shared cache downstream may keep either."""
        if "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response

    def may_serve_from_cache(self, request) -> bool:
        return (
            self.seconds > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
        )

    def may_store(self, request, response) -> bool:
        cache_control = response.get("Cache-Control", "")
        user = getattr(request, "user", None)
        return (
            response.status_code in CACHEABLE_STATUSES
            and not response.streaming
            and not response.cookies
            # A LazyNonce is true once a template has used it: the page's inline code names it.
            and not get_nonce(request)
            and not any(directive in cache_control for directive in DECLINING_CACHE_CONTROL)
            and not getattr(request, "is_preview", False)
            and not (user is not None and user.is_authenticated)
            # A page number or post ID that names nothing: one entry per random value otherwise.
            and not (response.status_code == 404 and request.GET)
        )
