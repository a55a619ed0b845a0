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
