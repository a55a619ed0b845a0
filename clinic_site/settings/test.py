from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS

SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# Django's test client login() calls authenticate() without a request, which django-axes refuses; the
# lockout tests switch it back on (AXES_ENABLED is read on every call).
AXES_ENABLED = False
