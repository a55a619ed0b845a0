"""Settings of the app nodes started by tests/test_two_nodes.py: production, but with plain static files.

The nodes test caching across processes, not static files, so they skip collectstatic's manifest.
"""

from clinic_site.settings.production import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
