from django.urls import reverse

from wagtail import hooks


@hooks.register("register_account_menu_item")
def two_factor_sign_in_item(request):
    return {
        "url": reverse("staff_2fa_enrol"),
        "label": "Two-factor sign-in",
        "help_text": "Set up an authenticator app, or replace it and get new recovery codes.",
    }
