"""Per-area security headers that Django's own middleware cannot vary by path.

Public pages keep the strict SECURE_CSP and X-Frame-Options: DENY. The admin area (including page and
snippet previews, which Wagtail shows in an iframe of the admin) gets ADMIN_CSP, may be framed by this
site only, and is never stored by a shared cache. Every response gets the Permissions-Policy.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.utils.csp import CSP

from clinic_site import compat


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(allowlist)})" for feature, allowlist in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if is_admin_area(request):
            # A preview renders the page through the whole middleware stack as a public request, which
            # already set the public headers; the admin's own ones replace them.
            response.headers.pop(CSP.HEADER_ENFORCE, None)
            compat.override_response_csp(response, settings.ADMIN_CSP)
            response["X-Frame-Options"] = "SAMEORIGIN"
            patch_cache_control(response, private=True, no_store=True)
        return response


def is_admin_area(request) -> bool:
    return request.path_info.startswith(tuple(settings.ADMIN_PATH_PREFIXES))
