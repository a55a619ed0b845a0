"""An administrator's first sign-in in a real browser: password, enrol an authenticator, save the
recovery codes, reach the dashboard; then sign in again with a recovery code."""

import base64
import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.factories import UserFactory

# Wagtail's admin loads a lot of JavaScript; on a shared two-core machine it can take a while.
ADMIN_TIMEOUT_MS = 60_000
PASSWORD = "correct horse battery staple"

live_database = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def code_for(secret_shown):
    """What an authenticator app that was given the key from the page shows now."""
    key = base64.b32decode(secret_shown.replace(" ", "") + "=" * (-len(secret_shown.replace(" ", "")) % 8))
    return f"{TOTP(key).token():06d}"


def sign_in_with_password(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


@live_database
def test_administrator_enrols_and_signs_in_with_a_second_factor(live_server, browser_page, artifacts_dir):
    UserFactory(username="boss", is_superuser=True, is_staff=True)
    page = browser_page
    page.set_default_timeout(ADMIN_TIMEOUT_MS)

    sign_in_with_password(page, live_server)
    page.wait_for_url(re.compile(r"/admin/two-factor/enrol/"))
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    qr_code = page.locator("svg.staff-2fa-qr")
    expect(qr_code).to_be_visible()
    assert qr_code.bounding_box()["width"] >= 150  # big enough for a phone camera
    page.screenshot(path=artifacts_dir / "staff-2fa-enrol.png", full_page=True)

    # An admin page typed into the address bar leads back here until the code is confirmed.
    page.goto(f"{live_server.url}/admin/pages/")
    page.wait_for_url(re.compile(r"/admin/two-factor/enrol/\?next=%2Fadmin%2Fpages%2F"))

    secret = page.locator("[data-staff-2fa-secret]").inner_text()
    page.fill("input[name=code]", code_for(secret))
    page.click("button[type=submit]:text('Confirm')")
    codes = page.locator("[data-staff-2fa-recovery-codes] li")
    expect(codes).to_have_count(10)
    recovery_code = codes.first.inner_text()
    page.screenshot(path=artifacts_dir / "staff-2fa-recovery-codes.png", full_page=True)

    page.get_by_role("link", name=re.compile("continue")).click()
    page.wait_for_url(f"{live_server.url}/admin/pages/")

    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("button", name=re.compile("boss|Boss|Staff")).first.click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/admin/login/"))

    sign_in_with_password(page, live_server)
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    page.fill("input[name=code]", "000000")
    page.click("button[type=submit]:text('Verify')")
    expect(page.get_by_text("That code is not right")).to_be_visible()
    page.screenshot(path=artifacts_dir / "staff-2fa-verify-wrong-code.png", full_page=True)

    page.fill("input[name=code]", recovery_code)
    page.click("button[type=submit]:text('Verify')")
    page.wait_for_url(f"{live_server.url}/admin/")
    expect(page.get_by_text("You signed in with a recovery code")).to_be_visible()
    page.screenshot(path=artifacts_dir / "staff-2fa-dashboard.png", full_page=True)
