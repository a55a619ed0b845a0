"""The public site is read-only: anything but GET and HEAD there is a 405, not a rendered page.

Wagtail's page serving renders a page for any method, so a PUT or DELETE to an article would answer 200.
Only the admin area and Wagtail's own form endpoints for private pages and documents accept posts.
"""

from django.http import HttpResponseNotAllowed

from .headers import is_admin_area

READ_METHODS = ("GET", "HEAD")
# Wagtail's password and login forms for private pages and documents post to these URL names.
POST_URL_NAMES = {
    "wagtailcore_authenticate_with_password",
    "wagtailcore_login",
    "wagtaildocs_authenticate_with_password",
}


class ReadOnlyPublicSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in READ_METHODS:
            return None
        if is_admin_area(request):
            return None
        if request.method == "POST" and request.resolver_match.url_name in POST_URL_NAMES:
            return None
        return HttpResponseNotAllowed(READ_METHODS)
