"""Talking to app nodes started as real processes (gunicorn), as a browser would: forms, cookies, 2FA."""

import base64
import hashlib
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django_otp.oath import TOTP

BASE_DIR = Path(__file__).resolve().parent.parent


def schema_digest():
    """Changes whenever the migrations can: the pinned packages or the project's own migrations."""
    digest = hashlib.sha256((BASE_DIR / "requirements.txt").read_bytes())
    for app in ("blog", "clinic_site/page_cache"):
        for migration in sorted((BASE_DIR / app / "migrations").glob("*.py")):
            digest.update(migration.read_bytes())
    return digest.hexdigest()[:12]


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects come back as they are (an HTTPError with the 3xx status), not followed."""

    def redirect_request(self, *args, **kwargs):
        return None


def wait_until_up(base, opener=None, timeout=60):
    opener = opener or urllib.request.build_opener(NoRedirects())
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            opener.open(f"{base}/", timeout=2).read()
            return
        except urllib.error.HTTPError:
            return  # it answers (a redirect to HTTPS, say): up
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"app node at {base} did not answer within {timeout} s")


def fetch(opener, url, data=None, headers=None):
    """(status, headers, body text) of a GET, or of a form POST when data is given."""
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with opener.open(request, timeout=15) as response:
            return response.status, response.headers, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")


def fetch_bytes(opener, url):
    try:
        with opener.open(url, timeout=15) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def csrf_token(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


def post_files(opener, url, fields, files, headers=None):
    """A multipart/form-data POST: files maps a field name to (file name, bytes)."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        url,
        data=body,
        headers={**(headers or {}), "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")


def admin_session(opener, base, username, password):
    """Signs a superuser in on its first visit: password, then enrolment of an authenticator (2FA).

    The Referer is sent as a browser sends it: over HTTPS Django's CSRF check requires it.
    """
    referer = {"Referer": f"{base}/admin/login/"}
    _, _, login_page = fetch(opener, f"{base}/admin/login/")
    _, _, enrol_page = fetch(
        opener,
        f"{base}/admin/login/",
        {
            "csrfmiddlewaretoken": csrf_token(login_page),
            "username": username,
            "password": password,
            "next": "/admin/",
        },
        referer,
    )
    secret = re.search(r"data-staff-2fa-secret>([A-Z2-7 ]+)<", enrol_page)[1].replace(" ", "")
    code = f"{TOTP(base64.b32decode(secret + '=' * (-len(secret) % 8))).token():06d}"
    confirmation = {"csrfmiddlewaretoken": csrf_token(enrol_page), "code": code, "next": "/admin/"}
    _, _, codes_page = fetch(
        opener,
        f"{base}/admin/two-factor/enrol/",
        confirmation,
        {"Referer": f"{base}/admin/two-factor/enrol/"},
    )
    assert "data-staff-2fa-recovery-codes" in codes_page, f"{username} could not finish signing in at {base}"
    return opener
