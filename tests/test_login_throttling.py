"""django-axes locks a username out from one address after 5 failed logins to Wagtail's admin."""

import pytest
from axes.models import AccessAttempt

from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from clinic_site.security.client_ip import client_ip

PASSWORD = "correct horse battery staple"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True


@pytest.fixture
def editor(django_user_model, db):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)


def log_in(client, username, password, address="203.0.113.7"):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def fail_five_times(client, username="editor", address="203.0.113.7"):
    for _ in range(5):
        response = log_in(client, username, "wrong password", address)
        assert response.status_code in (200, 429)
    return response


def test_five_failures_lock_the_username_out_even_with_the_right_password(client, axes_on, editor):
    for attempt in range(4):
        response = log_in(client, "editor", "wrong password")
        assert response.status_code == 200, attempt
        assert "_auth_user_id" not in client.session
    assert log_in(client, "editor", "wrong password").status_code == 429

    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert response["Retry-After"] == "3600"
    html = response.content.decode()
    assert "<h1>Sign-in paused for 60 minutes</h1>" in html
    assert "5 unsuccessful attempts" in html
    assert 'lang="en"' in html and "<title>" in html


def test_lockout_page_is_never_cached_and_keeps_the_admin_headers(client, axes_on, editor):
    fail_five_times(client)
    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert "no-store" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_lockout_is_for_that_username_from_that_address_only(client, axes_on, editor, django_user_model):
    django_user_model.objects.create_superuser("reviewer", "reviewer@example.com", PASSWORD)
    fail_five_times(client)

    assert log_in(client, "editor", PASSWORD, address="198.51.100.20").status_code == 302
    client.logout()
    assert log_in(client, "reviewer", PASSWORD).status_code == 302


def test_a_good_login_before_the_limit_resets_the_count(client, axes_on, editor):
    for _ in range(4):
        log_in(client, "editor", "wrong password")
    assert log_in(client, "editor", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert log_in(client, "editor", "wrong password").status_code == 200
    assert log_in(client, "editor", PASSWORD).status_code == 302


def test_staff_unlock_with_axes_reset_username(client, axes_on, editor):
    fail_five_times(client)
    assert log_in(client, "editor", PASSWORD).status_code == 429

    call_command("axes_reset_username", "editor")

    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_lockout_expires_after_the_cool_off(client, axes_on, editor, settings):
    fail_five_times(client)
    assert log_in(client, "editor", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME)
    assert log_in(client, "editor", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.2"),
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.5", "198.51.100.1"),
        (2, "198.51.100.1", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
    ],
)
def test_client_address_trusts_only_the_configured_proxies(settings, proxies, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip(request) == expected
