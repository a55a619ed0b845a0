from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS

SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# Tests that change content through factories (no publish signal) and read pages again must not
# get an earlier rendering: the page cache is on only in the tests about it.
PAGE_CACHE_SECONDS = 0
