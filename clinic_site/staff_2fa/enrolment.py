"""Setting up, replacing and removing a staff member's second factor.

A user holds at most one confirmed authenticator (TOTPDevice) and one set of recovery codes (StaticDevice);
confirming a new authenticator replaces both, so a lost phone's codes stop working.
"""

import segno
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.db import transaction

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10


def pending_authenticator(user) -> TOTPDevice:
    """The unconfirmed authenticator being set up; kept, so reloading the page shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def confirm_authenticator(device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm ``device`` with its first code; returns the new recovery codes, or None for a wrong code.

    A wrong code counts towards the device's throttle (django-otp's TOTP throttling), as at sign-in.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(code):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        return replace_recovery_codes(device.user)


def replace_recovery_codes(user) -> list[str]:
    """A fresh set of single-use codes; any earlier set stops working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remove_second_factor(user) -> int:
    """Forget every device of ``user`` (a lost phone); they enrol again at their next sign-in."""
    devices = [TOTPDevice.objects.filter(user=user), StaticDevice.objects.filter(user=user)]
    with transaction.atomic():
        removed = sum(queryset.count() for queryset in devices)
        for queryset in devices:
            queryset.delete()
    return removed


def enrol_with_new_authenticator(user) -> tuple[TOTPDevice, list[str]]:
    """Enrol ``user`` without the web page (create_dev_superuser): a confirmed authenticator and codes."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=True)
        return device, replace_recovery_codes(user)


def secret_text(device: TOTPDevice) -> str:
    """The base32 secret an authenticator app accepts when typed in, in groups of four."""
    secret = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as inline SVG: drawn here, so the secret never leaves the site, and free of
    style attributes, so the admin's content security policy has nothing to allow."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, light="#ffffff", title="QR code for your authenticator app", svgclass="staff-2fa-qr"
    )
