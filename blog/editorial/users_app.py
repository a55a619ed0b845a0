"""Wagtail's users app, with the clinic's users admin (blog.editorial.user_admin) in place of its own."""

from wagtail.users.apps import WagtailUsersAppConfig


class ClinicUsersAppConfig(WagtailUsersAppConfig):
    # A dotted path: the viewset's module imports models, which are not ready while apps load.
    user_viewset = "blog.editorial.user_admin.ClinicUserViewSet"
