"""Who must sign in with a second factor, and who has one."""

from django_otp import user_has_device

from django.conf import settings

from blog.editorial.roles import SITE_MANAGERS


def two_factor_required(user) -> bool:
    """Administrators and Site managers can change who may do what, so a password alone is not enough."""
    if not settings.STAFF_TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=SITE_MANAGERS).exists()


def has_second_factor(user) -> bool:
    return user.is_authenticated and user_has_device(user, confirmed=True)
