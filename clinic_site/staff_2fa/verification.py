"""Checking the second factor at sign-in: a code from the authenticator app or one recovery code.

Each device keeps django-otp's throttle: after a wrong code it refuses every code (even the right one) for
1, 2, 4, 8… seconds, so guessing is hopeless; a right code resets it.
"""

import math
from dataclasses import dataclass

import django_otp
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.utils import timezone


@dataclass(frozen=True)
class Verification:
    device: Device | None = None
    wait_seconds: int = 0  # > 0 when the code was not even tried because the device is throttled

    @property
    def used_recovery_code(self) -> bool:
        return isinstance(self.device, StaticDevice)


def normalise_code(code: str) -> str:
    """People type codes with spaces ("123 456") and recovery codes in either case."""
    return "".join(code.split()).lower()


def verify_code(user, code: str) -> Verification:
    code = normalise_code(code)
    # Six digits are an authenticator code; recovery codes are eight letters and digits. Trying each code
    # on one kind only keeps a mistyped code from counting against the other's throttle.
    device_class = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    wait_seconds = 0
    for device in device_class.objects.devices_for_user(user, confirmed=True):
        if throttled_for := throttle_wait_seconds(device):
            wait_seconds = max(wait_seconds, throttled_for)
            continue
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            return Verification(device=verified)
    return Verification(wait_seconds=wait_seconds)


def recovery_codes_left(user) -> int:
    return sum(device.token_set.count() for device in StaticDevice.objects.devices_for_user(user))


def throttle_wait_seconds(device) -> int:
    """0 if ``device`` will try a code now, else how long it refuses every code."""
    allowed, details = device.verify_is_allowed()
    if allowed:
        return 0
    locked_until = (details or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
