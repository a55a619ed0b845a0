"""Keeps a signed-in staff member who still owes a second factor out of every admin URL but the few
needed to provide it (or to sign out). Needs django-otp's OTPMiddleware before it."""

from urllib.parse import urlencode

from django.db import InterfaceError, OperationalError
from django.shortcuts import redirect
from django.urls import reverse

from clinic_site.security.database_unavailable import DatabaseUnavailableMiddleware

from .policy import has_second_factor, two_factor_required

# Wagtail's own views that a half-signed-in user may reach: signing in or out, and what the admin's
# base template loads (icons, translations).
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "staff_2fa_verify",
    "staff_2fa_enrol",
}


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        if request.resolver_match.url_name in OPEN_URL_NAMES:
            return None
        try:
            return self.second_step_redirect(request)
        except (OperationalError, InterfaceError) as error:
            # The first database query of an admin request now happens here, outside any view, where
            # the outage middleware's process_exception cannot see it: give the same calm 503.
            return DatabaseUnavailableMiddleware(self.get_response).process_exception(request, error)

    def second_step_redirect(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if has_second_factor(user):
            return redirect_to("staff_2fa_verify", request)
        if two_factor_required(user):
            return redirect_to("staff_2fa_enrol", request)
        return None


def redirect_to(url_name, request):
    # Only a page the user asked for is worth coming back to; an autosave or a JSON call is not.
    next_url = request.get_full_path() if request.method == "GET" else reverse("wagtailadmin_home")
    return redirect(f"{reverse(url_name)}?{urlencode({'next': next_url})}")
