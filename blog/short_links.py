"""Old WordPress short links (``/?p=123``) land on the imported article, if readers may see it.

Wagtail's RedirectMiddleware looks for a redirect only when a request would otherwise be a 404, but
``/?p=123`` asks for the home page, which exists. So before a page is served for a request carrying
WordPress's ``p`` parameter, the import's redirect for that path and post ID is looked up and followed.

A short link to a draft or a private page, or for a post ID nothing was imported for, gets the site's
404 page: the redirect would give the page's address (and so its title) away, and an unpublished post
cannot be told from one that never existed.
"""

from django.http import Http404

from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

from clinic_site.security.redirects import leads_to_a_public_page, redirect_response

POST_ID_PARAMETER = "p"


def redirect_wordpress_short_link(page, request, serve_args, serve_kwargs):
    """A ``before_serve_page`` hook: the redirect response for a short link to a page readers may see."""
    post_id = request.GET.get(POST_ID_PARAMETER, "")
    if not (post_id.isascii() and post_id.isdigit()):
        return None
    # Other parameters (utm_source…) didn't change which post WordPress showed; they don't here either.
    path = Redirect.normalise_path(f"{request.path}?{POST_ID_PARAMETER}={post_id}", decode_unicode=False)
    redirect = get_redirect(request, path)
    if redirect is None or redirect.link is None or not leads_to_a_public_page(redirect):
        # PublicRedirectMiddleware leaves this 404 alone too.
        raise Http404("No published post with this ID")
    return redirect_response(redirect)
