from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY

DEBUG = True
# A fixed key is fine only here: dev data never leaves the developer's machine.
SECRET_KEY = SECRET_KEY or "dev-only-not-secret"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost"]
# Synthetic benchmark data (seed_articles); never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
