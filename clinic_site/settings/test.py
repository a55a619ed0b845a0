from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS

SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# The browser tests' live server answers requests in several threads (the admin autosaves while the
# editor works). With SQLite's in-memory test database they would all share one connection and fail
# with "database table is locked"; a file database gives each thread its own connection, and
# IMMEDIATE transactions make a writer wait for the lock instead of failing when two upgrade at once.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    VAR_DIR.mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=30)  # noqa: F405
# Django's test client login() calls authenticate() without a request, which django-axes refuses; the
# lockout tests switch it back on (AXES_ENABLED is read on every call).
AXES_ENABLED = False
# Tests that change content through factories (no publish signal) and read pages again must not
# get an earlier rendering: the page cache is on only in the tests about it.
PAGE_CACHE_SECONDS = 0
# Tests that exercise the shared look-ups turn them on themselves.
SHARED_LOOKUP_CACHE = False
# Synthetic benchmark data (seed_articles), whose command has its own tests; never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
# Each test starts with a look for undelivered purges at its first cache lookup (forget_process_state);
# later looks would come and go with the clock and make query counts vary. The outage tests set it.
PAGE_CACHE_UNDELIVERED_CHECK_SECONDS = 3600
# Purges are sent to a Varnish once; the test about the repeat turns it on.
HTTP_CACHE_REPURGE_SECONDS = 0
