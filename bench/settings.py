"""Production settings with the bench app installed, for seeding a benchmark site (``seed_articles``).

The served site runs on the production settings themselves; only the seeding command needs this.
"""

from clinic_site.settings.production import *  # noqa: F403
from clinic_site.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
