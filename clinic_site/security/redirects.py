"""Redirects never give away the address of a page readers may not see.

An imported WordPress post keeps redirects from its old addresses (``/2019/05/28/slug``, ``/?p=105``)
even while it is a draft, and an editor's redirect may point at a page later unpublished or made
private. Following such a redirect would answer ``301 Location: /blog/<slug>/``, naming the page; the
request gets the site's 404 page instead, as if the redirect did not exist.
"""

from urllib.parse import urlparse

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect

from wagtail.contrib.redirects.middleware import RedirectMiddleware, get_redirect
from wagtail.contrib.redirects.models import Redirect


def leads_to_a_public_page(redirect: Redirect) -> bool:
    """A redirect to a page only while it is live and not private; one to a URL always."""
    target = redirect.redirect_page
    if target is None:
        return True
    return target.live and not target.get_view_restrictions().exists()


def redirect_response(redirect: Redirect):
    response_class = HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect
    return response_class(redirect.link)


class PublicRedirectMiddleware(RedirectMiddleware):
    """Wagtail's RedirectMiddleware, leaving a 404 alone when the redirect leads to a hidden page."""

    def process_response(self, request, response):
        if response.status_code != 404:
            return response
        # As Wagtail's own: the full path first, then the path without its query string.
        path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
        redirect = get_redirect(request, path)
        path_without_query = urlparse(path).path
        if redirect is None and path_without_query != path:
            redirect = get_redirect(request, path_without_query)
        if redirect is None or redirect.link is None or not leads_to_a_public_page(redirect):
            return response
        return redirect_response(redirect)
