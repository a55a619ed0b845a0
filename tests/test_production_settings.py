"""Production settings pass Django's deployment checks, force HTTPS and log one JSON line per record."""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from clinic_site.logging import JsonLineFormatter

PROJECT = Path(__file__).resolve().parents[1]

# What production reports back about itself, run in a fresh interpreter with only the given environment.
PROBE = """
import json, logging, sys
import django
django.setup()
from django.conf import settings
from django.test import Client

# A PUT is answered (405) before anything needs the database or collected static files.
http = Client(HTTP_HOST="blog.example.org").put("/blog/")
https = Client(HTTP_HOST="blog.example.org").put("/blog/", HTTP_X_FORWARDED_PROTO="https")
try:
    raise RuntimeError("database on fire")
except RuntimeError:
    logging.getLogger("django.request").error("Internal Server Error: %s", "/blog/", exc_info=True)
print(json.dumps({
    "debug": settings.DEBUG,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "proxy_ssl_header": settings.SECURE_PROXY_SSL_HEADER,
    "hsts_seconds": settings.SECURE_HSTS_SECONDS,
    "session_cookie": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,
                       settings.SESSION_COOKIE_SAMESITE],
    "csrf_cookie": [settings.CSRF_COOKIE_SECURE, settings.CSRF_COOKIE_HTTPONLY],
    "admin_base_url": settings.WAGTAILADMIN_BASE_URL,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "http": [http.status_code, http.get("Location")],
    "https": [https.status_code, https.get("Strict-Transport-Security")],
}))
"""


def production_env(tmp_path, **extra):
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "blog.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    }


def run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_no_issues(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(tmp_path, WAGTAILADMIN_BASE_URL="https://blog.example.org"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_forces_https_behind_the_proxy_and_logs_json_lines(tmp_path):
    result = run(
        ["-c", PROBE], production_env(tmp_path, DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https")
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["debug"] is False
    assert report["ssl_redirect"] is True
    assert report["proxy_ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert report["hsts_seconds"] >= 31_536_000
    assert report["session_cookie"] == [True, True, "Lax"]
    assert report["csrf_cookie"] == [True, True]
    assert report["admin_base_url"] == "https://blog.example.org"
    assert report["allowed_hosts"] == ["blog.example.org"]
    assert report["http"] == [301, "https://blog.example.org/blog/"]
    assert report["https"] == [405, "max-age=31536000; includeSubDomains; preload"]

    log_lines = [line for line in result.stderr.splitlines() if line.startswith("{")]
    errors = [json.loads(line) for line in log_lines]
    error = next(entry for entry in errors if entry["message"] == "Internal Server Error: /blog/")
    assert error["level"] == "ERROR"
    assert error["logger"] == "django.request"
    assert "RuntimeError: database on fire" in error["traceback"]
    assert "Traceback (most recent call last)" in error["traceback"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"}, "DJANGO_SECURE_PROXY_SSL_HEADER"),
        ({"DJANGO_SECURE_SSL_REDIRECT": "perhaps"}, "DJANGO_SECURE_SSL_REDIRECT"),
        ({"DJANGO_ALLOWED_HOSTS": "*"}, "WAGTAILADMIN_BASE_URL"),
        ({"MEDIA_STORAGE": "ftp"}, "Set MEDIA_STORAGE to local or s3, not 'ftp'."),
        ({"MEDIA_STORAGE": "s3"}, "Set AWS_STORAGE_BUCKET_NAME"),
    ],
)
def test_bad_production_settings_stop_with_a_clear_message(tmp_path, env, message):
    result = run(["-c", "import django; django.setup()"], production_env(tmp_path, **env))
    assert result.returncode != 0
    assert message in result.stderr.splitlines()[-1]


def test_formatter_writes_one_json_line_with_the_traceback_as_a_field():
    logger = logging.getLogger("tests.json")
    try:
        raise ValueError("bad page number\non two lines")
    except ValueError:
        record = logger.makeRecord(
            "tests.json",
            logging.ERROR,
            __file__,
            1,
            "Failed %s",
            ("/blog/",),
            sys.exc_info(),
            extra={"code": 7},
        )
    line = JsonLineFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "Failed /blog/"
    assert entry["level"] == "ERROR"
    assert entry["code"] == 7
    assert entry["traceback"].startswith("Traceback (most recent call last)")
    assert entry["traceback"].endswith("ValueError: bad page number\non two lines")
    assert entry["time"].endswith("+00:00")


def test_formatter_records_the_method_and_path_of_a_failed_request(rf):
    record = logging.makeLogRecord(
        {"name": "django.request", "levelno": logging.ERROR, "levelname": "ERROR", "msg": "Server Error"}
    )
    record.request = rf.post("/blog/nerve-blocks/?page=2")
    record.status_code = 500
    entry = json.loads(JsonLineFormatter().format(record))
    assert (entry["method"], entry["path"], entry["status_code"]) == ("POST", "/blog/nerve-blocks/", 500)


def test_production_keeps_the_media_bucket_beside_whitenoise(tmp_path):
    probe = "import django; django.setup(); from django.conf import settings; print(settings.STORAGES)"
    env = {"AWS_STORAGE_BUCKET_NAME": "clinic-media", "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:8153"}
    result = run(["-c", probe], production_env(tmp_path, **env))
    assert result.returncode == 0, result.stderr
    assert "clinic_site.media_storage.bucket.SiteOriginBucketStorage" in result.stdout
    assert "'bucket_name': 'clinic-media'" in result.stdout
    assert "whitenoise.storage.CompressedManifestStaticFilesStorage" in result.stdout
