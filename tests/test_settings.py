import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]


def import_production_settings(**env):
    clean_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}
    return subprocess.run(
        [sys.executable, "-c", "import clinic_site.settings.production"],
        cwd=PROJECT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "blog.example.org"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "x" * 50}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_secret_or_hosts(env, message):
    result = import_production_settings(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_secret_and_hosts():
    result = import_production_settings(DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="blog.example.org")
    assert result.returncode == 0, result.stderr


def test_database_and_cache_come_from_the_environment():
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'], "
        "settings.CACHES['default']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django, os; django.setup(); {code}"],
        cwd=PROJECT,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "clinic_site.settings.dev",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/clinic",
            "REDIS_URL": "redis://127.0.0.1:6379/3",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "clinic",
        "clinic_site.cache_backends.FailSoftRedisCache",  # Django's RedisCache, a miss while Redis is down
    ]


def test_default_database_is_sqlite_under_var():
    from django.conf import settings

    if os.environ.get("DATABASE_URL"):
        pytest.skip("DATABASE_URL is set for this run")
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def test_http_caches_come_from_the_environment():
    code = (
        "from django.conf import settings; from django.apps import apps; "
        "print(settings.VARNISH_URLS, settings.SURROGATE_KEY_HEADER, sorted(settings.WAGTAILFRONTENDCACHE), "
        "apps.is_installed('wagtail.contrib.frontend_cache'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=PROJECT,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "clinic_site.settings.dev",
            "VARNISH_URL": "http://10.0.0.9:6081, http://10.0.0.10:6081",
            "SURROGATE_KEY_HEADER": "Cache-Tag",
            "FRONTEND_CACHE_CLOUDFLARE_ZONEID": "zone",
            "FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN": "token",
            "FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID": "E123",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == (
        "['http://10.0.0.9:6081', 'http://10.0.0.10:6081'] Cache-Tag ['cloudflare', 'cloudfront'] True"
    ), result.stderr


def test_without_a_cdn_wagtails_frontend_cache_is_not_installed():
    from django.apps import apps
    from django.conf import settings

    assert settings.WAGTAILFRONTENDCACHE == {}
    assert not apps.is_installed("wagtail.contrib.frontend_cache")
