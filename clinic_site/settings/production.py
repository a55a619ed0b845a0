"""Production: HTTPS only, secure cookies, HSTS, JSON log lines on stderr. Everything secret or
site-specific comes from the environment (see README.md); `manage.py check --deploy` reports 0 issues."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, MIDDLEWARE, PAGE_CACHE_SECONDS, REDIS_URL, SECRET_KEY, STORAGES, env_list

if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY: production refuses to start without a secret key.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS: production refuses to start without allowed hosts.")


def env_flag(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in ("1", "true", "yes", "on"):
        return True
    if value.strip().lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"Set {name} to true or false, not {value!r}.")


def proxy_ssl_header(value):
    """'X-Forwarded-Proto: https' → ('HTTP_X_FORWARDED_PROTO', 'https'), as SECURE_PROXY_SSL_HEADER wants."""
    if not value:
        return None
    name, separator, expected = value.partition(":")
    if not separator or not name.strip() or not expected.strip():
        raise ImproperlyConfigured(
            f"Set DJANGO_SECURE_PROXY_SSL_HEADER like 'X-Forwarded-Proto: https', not {value!r}."
        )
    return "HTTP_" + name.strip().upper().replace("-", "_"), expected.strip()


DEBUG = False
# WhiteNoise serves the hashed, compressed static files straight from the app server.
# After HealthCheckMiddleware and SecurityMiddleware, as WhiteNoise asks.
_SECURITY = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")
MIDDLEWARE = [
    *MIDDLEWARE[: _SECURITY + 1],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[_SECURITY + 1 :],
]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}

# HTTPS. Behind a TLS-terminating proxy, set DJANGO_SECURE_PROXY_SSL_HEADER to the header it sets (and make
# sure it overwrites any copy the client sent); leave the redirect on unless the proxy already redirects.
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", ""))
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_flag("DJANGO_SECURE_HSTS_PRELOAD", True)
# Off only for a server on loopback with no TLS in front of it (make serve, the two-node test):
# browsers never send secure cookies back over plain HTTP, so no one could log in there.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_flag("DJANGO_SECURE_COOKIES", True)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Workflow notifications go out by SMTP unless DJANGO_EMAIL_BACKEND names another backend.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
            "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
            "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_flag("DJANGO_EMAIL_USE_TLS", False),
        },
    }
}

# Staff sign-in always takes a second factor here, whatever the environment says.
STAFF_TWO_FACTOR_REQUIRED = True

# Links in workflow e-mails must point at the real site, not base's local default.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
if "*" in WAGTAILADMIN_BASE_URL:
    raise ImproperlyConfigured("Set WAGTAILADMIN_BASE_URL: it cannot come from a wildcard allowed host.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "clinic_site.logging.JsonLineFormatter"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "json"},
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    # Django's own loggers would also write through their default handlers; send them to the root only.
    "loggers": {"django": {"handlers": [], "propagate": True}},
}
# Each worker process has its own local-memory cache, so a purge would reach only one of them:
# without a shared Redis the page cache stays off in production.
PAGE_CACHE_SECONDS = PAGE_CACHE_SECONDS if REDIS_URL else 0
