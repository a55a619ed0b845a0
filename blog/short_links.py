"""Old WordPress short links (``/?p=123``) land on the imported article.

Wagtail's RedirectMiddleware looks for a redirect only when a request would otherwise be a 404, but
``/?p=123`` asks for the home page, which exists. So before a page is served for a request carrying
WordPress's ``p`` parameter, the import's redirect for that path and post ID is looked up and followed.
"""

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect

from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

POST_ID_PARAMETER = "p"


def redirect_wordpress_short_link(page, request, serve_args, serve_kwargs):
    """A ``before_serve_page`` hook: the redirect response for a known short link, else None."""
    post_id = request.GET.get(POST_ID_PARAMETER, "")
    if not (post_id.isascii() and post_id.isdigit()):
        return None
    # Other parameters (utm_source…) didn't change which post WordPress showed; they don't here either.
    path = Redirect.normalise_path(f"{request.path}?{POST_ID_PARAMETER}={post_id}", decode_unicode=False)
    redirect = get_redirect(request, path)
    if redirect is None or redirect.link is None:
        return None
    response_class = HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect
    return response_class(redirect.link)
