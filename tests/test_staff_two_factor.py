"""Two-factor sign-in through the real admin login: administrators and site managers must pass a code
from an authenticator app (or a recovery code) before any admin URL answers them."""

import re
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.core.management import CommandError, call_command
from django.urls import reverse

from blog.editorial.roles import AUTHORS, SITE_MANAGERS
from blog.models import Category
from tests.factories import UserFactory
from tests.staff_sign_in import authenticator_of, current_code
from tests.test_production_settings import production_env, run

PASSWORD = "correct horse battery staple"
VERIFY = "/admin/two-factor/verify/"
ENROL = "/admin/two-factor/enrol/"


@pytest.fixture
def administrator(db):
    return UserFactory(username="boss", is_superuser=True, is_staff=True)


@pytest.fixture
def enrolled_administrator(administrator):
    authenticator_of(administrator)
    return administrator


def sign_in_with_password(client, username):
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def submit_code(client, url, code, next_url="/admin/"):
    return client.post(url, {"code": code, "next": next_url})


def recovery_codes_shown(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [item.get_text(strip=True) for item in soup.select("[data-staff-2fa-recovery-codes] li")]


def error_text(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(element.get_text(" ", strip=True) for element in soup.select(".error-message, .error"))


def stored_recovery_codes(user):
    return set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


def pending_device(user):
    return TOTPDevice.objects.get(user=user, confirmed=False)


def test_administrator_without_a_device_must_enrol_before_reaching_the_pages(client, administrator):
    sign_in_with_password(client, "boss")

    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=%2Fadmin%2Fpages%2F"
    assert client.get(ENROL).status_code == 200
    assert client.get("/admin/pages/").status_code == 302  # merely seeing the QR code is not enough

    first_code = current_code(pending_device(administrator))
    response = submit_code(client, ENROL, first_code, next_url="/admin/pages/")
    assert response.status_code == 200
    codes = recovery_codes_shown(response)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert set(codes) == stored_recovery_codes(administrator)
    assert TOTPDevice.objects.get(user=administrator).confirmed
    continue_link = BeautifulSoup(response.content, "html.parser").find("a", string=re.compile("continue"))
    assert continue_link["href"] == "/admin/pages/"
    assert client.get("/admin/account/").status_code == 200


def test_enrolment_page_draws_the_qr_code_itself_and_shows_the_key_as_text(client, administrator):
    sign_in_with_password(client, "boss")
    response = client.get(ENROL)
    soup = BeautifulSoup(response.content, "html.parser")

    qr_code = soup.select_one("main svg.staff-2fa-qr")
    assert qr_code is not None and qr_code.find("path")
    # Nothing from another origin, and nothing the admin's policy would have to allow.
    assert not soup.select("main img")
    assert not soup.select("main [style]") and not soup.select("main style")
    shown_key = soup.select_one("[data-staff-2fa-secret]").get_text().replace(" ", "")
    assert shown_key in pending_device(administrator).config_url
    # Reloading shows the same key, so a code from an app that scanned the first page still confirms.
    again = BeautifulSoup(client.get(ENROL).content, "html.parser")
    assert again.select_one("[data-staff-2fa-secret]").get_text().replace(" ", "") == shown_key
    assert soup.find("link", rel="stylesheet", href=re.compile("wagtailadmin/css/core"))


def test_a_wrong_first_code_confirms_nothing(client, administrator):
    sign_in_with_password(client, "boss")
    client.get(ENROL)

    response = submit_code(client, ENROL, "000000")
    assert response.status_code == 200
    assert "does not match" in error_text(response)
    assert not TOTPDevice.objects.filter(user=administrator, confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=administrator).exists()
    assert client.get("/admin/").status_code == 302


def test_enrolled_administrator_is_asked_for_a_code_after_the_password(client, enrolled_administrator):
    sign_in_with_password(client, "boss")

    response = client.get("/admin/pages/")
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Fpages%2F"
    page = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    assert page.select_one("input[name=code][autocomplete=one-time-code]")
    assert page.select_one("input[name=next]")["value"] == "/admin/pages/"


def test_wrong_code_is_refused(client, enrolled_administrator):
    sign_in_with_password(client, "boss")

    response = submit_code(client, VERIFY, "123456")
    assert response.status_code == 200
    assert "That code is not right" in error_text(response)
    assert client.get("/admin/").status_code == 302


def test_right_code_reaches_the_dashboard(client, enrolled_administrator):
    sign_in_with_password(client, "boss")
    session_key_before = client.session.session_key

    response = submit_code(client, VERIFY, current_code(authenticator_of(enrolled_administrator)))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.session.session_key != session_key_before
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "wagtailadmin/home.html" in [template.name for template in dashboard.templates]


def test_a_code_with_spaces_is_accepted(client, enrolled_administrator):
    sign_in_with_password(client, "boss")
    code = current_code(authenticator_of(enrolled_administrator))
    assert submit_code(client, VERIFY, f"{code[:3]} {code[3:]}").status_code == 302


def test_verify_returns_only_to_this_site(client, enrolled_administrator):
    sign_in_with_password(client, "boss")
    code = current_code(authenticator_of(enrolled_administrator))
    response = submit_code(client, VERIFY, code, next_url="https://evil.example/admin/")
    assert response["Location"] == "/admin/"


def test_a_recovery_code_works_once_and_only_once(client, enrolled_administrator):
    recovery_code = StaticToken.objects.filter(device__user=enrolled_administrator).first().token

    sign_in_with_password(client, "boss")
    response = submit_code(client, VERIFY, recovery_code.upper())
    assert response.status_code == 302
    assert "9 left" in str(list(client.get("/admin/").context["messages"])[0])
    client.post("/admin/logout/")

    sign_in_with_password(client, "boss")
    response = submit_code(client, VERIFY, recovery_code)
    assert response.status_code == 200
    assert "That code is not right" in error_text(response)
    assert client.get("/admin/").status_code == 302


def test_repeated_wrong_codes_are_throttled_even_for_the_right_code(client, enrolled_administrator):
    sign_in_with_password(client, "boss")
    for _ in range(3):
        submit_code(client, VERIFY, "000000")

    response = submit_code(client, VERIFY, current_code(authenticator_of(enrolled_administrator)))
    assert response.status_code == 200
    assert "Too many wrong codes. Wait" in error_text(response)
    assert client.get("/admin/").status_code == 302


def test_repeated_wrong_recovery_codes_are_throttled(client, enrolled_administrator):
    recovery_code = StaticToken.objects.filter(device__user=enrolled_administrator).first().token
    sign_in_with_password(client, "boss")
    for _ in range(3):
        submit_code(client, VERIFY, "aaaaaaaa")

    response = submit_code(client, VERIFY, recovery_code)
    assert "Too many wrong codes" in error_text(response)
    assert StaticToken.objects.filter(token=recovery_code).exists()


def test_site_manager_must_enrol_too(client, db):
    UserFactory(username="manager", groups=[SITE_MANAGERS])
    sign_in_with_password(client, "manager")
    response = client.get("/admin/users/")
    assert response.status_code == 302 and response["Location"].startswith(ENROL)


def test_author_may_work_without_a_second_factor(client, db):
    UserFactory(username="writer", groups=[AUTHORS])
    sign_in_with_password(client, "writer")
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/account/").status_code == 200


def test_author_who_enrolled_is_asked_for_the_code(client, db):
    author = UserFactory(username="writer", groups=[AUTHORS])
    authenticator_of(author)
    sign_in_with_password(client, "writer")
    assert client.get("/admin/").url.startswith(VERIFY)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/api/main/pages/",
        "/admin/tag-autocomplete/?term=pain",
        "/admin/account/",
        "/admin/users/",
    ],
)
def test_an_unverified_session_gets_no_admin_json_or_account_page(client, enrolled_administrator, path):
    sign_in_with_password(client, "boss")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_an_unverified_session_cannot_post_to_the_admin(client, enrolled_administrator):
    sign_in_with_password(client, "boss")
    response = client.post("/admin/snippets/blog/category/add/", {"name": "Sneaked in"})
    assert response.status_code == 302 and response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert not Category.objects.filter(name="Sneaked in").exists()


def test_an_unverified_session_cannot_replace_the_second_factor(client, enrolled_administrator):
    original = authenticator_of(enrolled_administrator)
    sign_in_with_password(client, "boss")

    assert client.get(ENROL)["Location"].startswith(VERIFY)
    response = submit_code(client, ENROL, "123456")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=enrolled_administrator)) == [original]


def test_a_verified_administrator_can_replace_the_authenticator(client, enrolled_administrator):
    old_device = authenticator_of(enrolled_administrator)
    old_codes = stored_recovery_codes(enrolled_administrator)
    sign_in_with_password(client, "boss")
    submit_code(client, VERIFY, current_code(old_device))

    assert "Two-factor sign-in" in client.get("/admin/account/").content.decode()
    assert "replaces your current one" in client.get(ENROL).content.decode()
    response = submit_code(client, ENROL, current_code(pending_device(enrolled_administrator)))
    new_codes = set(recovery_codes_shown(response))

    assert list(TOTPDevice.objects.filter(user=enrolled_administrator)) != [old_device]
    assert TOTPDevice.objects.filter(user=enrolled_administrator).count() == 1
    assert not new_codes & old_codes
    assert stored_recovery_codes(enrolled_administrator) == (new_codes)


def test_sign_out_works_before_the_second_step(client, enrolled_administrator):
    sign_in_with_password(client, "boss")
    page = BeautifulSoup(client.get(VERIFY).content, "html.parser")
    assert page.select_one(f"form[action='{reverse('wagtailadmin_logout')}']")

    client.post("/admin/logout/")
    assert "_auth_user_id" not in client.session
    assert client.get(VERIFY)["Location"].startswith("/admin/login/")


def test_reset_two_factor_removes_the_devices_so_the_user_enrols_again(client, enrolled_administrator):
    out = StringIO()
    call_command("reset_two_factor", "boss", stdout=out)
    assert "Removed 2 two-factor device(s) of boss" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=enrolled_administrator).exists()
    assert not StaticDevice.objects.filter(user=enrolled_administrator).exists()

    sign_in_with_password(client, "boss")
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_reset_two_factor_of_an_unknown_user_is_one_line(db):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("reset_two_factor", "nobody")


def test_dev_superuser_gets_an_authenticator_and_recovery_codes_printed_once(django_user_model, db):
    out = StringIO()
    call_command("create_dev_superuser", stdout=out)
    admin = django_user_model.objects.get(username="admin")
    device = TOTPDevice.objects.get(user=admin, confirmed=True)
    printed = out.getvalue()
    assert f"URI: {device.config_url}" in printed
    codes = printed.split("recovery codes (each works once): ")[1].split()
    assert set(codes) == stored_recovery_codes(admin)


def test_production_requires_two_factor_whatever_the_environment_says(tmp_path):
    probe = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.STAFF_TWO_FACTOR_REQUIRED, "
        "'clinic_site.staff_2fa.middleware.StaffTwoFactorMiddleware' in settings.MIDDLEWARE)"
    )
    result = run(["-c", probe], production_env(tmp_path, STAFF_TWO_FACTOR_REQUIRED="false"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]
