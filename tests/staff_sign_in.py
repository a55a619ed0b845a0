"""Signing staff in for tests as a real session would be after both steps: password, then a second factor."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic_site.staff_2fa.enrolment import enrol_with_new_authenticator


def authenticator_of(user) -> TOTPDevice:
    """The user's confirmed authenticator, enrolling one (with recovery codes) if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or enrol_with_new_authenticator(user)[0]


def current_code(device: TOTPDevice) -> str:
    """What the user's authenticator app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def verified_login(client, user):
    """force_login plus what django_otp.login() stores once a code was accepted."""
    device = authenticator_of(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
