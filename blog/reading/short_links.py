"""Old WordPress query-string addresses (``/?p=123``, ``/?cat=4``, ``/?tag=knee``…) land where they
should, if readers may see it.

Wagtail's RedirectMiddleware looks for a redirect only when a request would otherwise be a 404, but
``/?p=123`` asks for the home page, which exists. So before a page is served for a request carrying one
of WordPress's parameters, the import's redirect for that path and parameter is looked up and followed.

A link to a draft or a private page, or for an ID nothing was imported for, gets the site's 404 page:
the redirect would give the page's address (and so its title) away, and an unpublished post cannot be
told from one that never existed.
"""

import re

from django.http import Http404

from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

from clinic_site.security.redirects import leads_to_a_public_page, redirect_response

POST_ID_PARAMETER = "p"
# Parameter -> what its value looks like: post, page, category and author IDs, and tag slugs.
WORDPRESS_PARAMETERS = {
    POST_ID_PARAMETER: re.compile(r"[0-9]+"),
    "page_id": re.compile(r"[0-9]+"),
    "cat": re.compile(r"[0-9]+"),
    "author": re.compile(r"[0-9]+"),
    "tag": re.compile(r"[-\w]+"),
}


def redirect_wordpress_short_link(page, request, serve_args, serve_kwargs):
    """A ``before_serve_page`` hook: the redirect response for an old address of a page readers may see."""
    for parameter, pattern in WORDPRESS_PARAMETERS.items():
        value = request.GET.get(parameter, "")
        if not (value.isascii() and pattern.fullmatch(value)):
            continue
        # Other parameters (utm_source…) didn't change what WordPress showed; they don't here either.
        path = Redirect.normalise_path(f"{request.path}?{parameter}={value}", decode_unicode=False)
        redirect = get_redirect(request, path)
        if redirect is None or redirect.link is None or not leads_to_a_public_page(redirect):
            # PublicRedirectMiddleware leaves this 404 alone too.
            raise Http404("Nothing published at this old address")
        return redirect_response(redirect)
    return None
