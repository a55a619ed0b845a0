import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, MIDDLEWARE, PAGE_CACHE_SECONDS, REDIS_URL, SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY: production refuses to start without a secret key.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS: production refuses to start without allowed hosts.")

DEBUG = False
# Off only for a server on loopback with no TLS in front of it (make serve, make bench).
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true").lower() != "false"
# WhiteNoise serves the hashed, compressed static files straight from the app server.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Each worker process has its own local-memory cache, so a purge would reach only one of them:
# without a shared Redis the page cache stays off in production.
PAGE_CACHE_SECONDS = PAGE_CACHE_SECONDS if REDIS_URL else 0
