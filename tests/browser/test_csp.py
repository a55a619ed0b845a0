"""In a real browser: the strict public policy and the admin's policy block nothing the site itself uses."""

import pytest

from django.conf import settings
from django.utils.csp import build_policy

from tests.factories import ArticlePageFactory
from tests.staff_sign_in import authenticator_of, current_code

PUBLIC_PATHS = [
    "/",
    "/blog/",
    "/blog/botox-for-pain/",
    "/no-such-page/",
    "/search/?q=botox",
    "/blog/category/uncategorized/",
]
# Records every violation the page reports, from before its first byte runs.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


# A transactional test empties the database afterwards; serialized_rollback puts back what migrations
# created (the root page, the locale, "Uncategorized"…) for the tests after it.
live_database = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def watched_page(browser_page):
    browser_page.add_init_script(RECORD_VIOLATIONS)
    console_errors = []
    browser_page.on(
        "console", lambda message: console_errors.append(message.text) if message.type == "error" else None
    )
    browser_page.on("pageerror", lambda error: console_errors.append(str(error)))
    return browser_page, console_errors


def problems(page, console_errors):
    policy_errors = [text for text in console_errors if "Content Security Policy" in text or "Policy" in text]
    return page.evaluate("window.__cspViolations") + policy_errors


@pytest.fixture
def article(blog_index):
    return ArticlePageFactory(parent=blog_index, slug="botox-for-pain", title="How Botox can help in pain")


@live_database
def test_public_pages_raise_no_csp_violation(live_server, watched_page, article):
    page, console_errors = watched_page
    for path in PUBLIC_PATHS:
        response = page.goto(live_server.url + path)
        assert response.status < 500, path
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("load")
        assert problems(page, console_errors) == [], path
    page.goto(live_server.url + "/blog/botox-for-pain/")
    assert page.locator("h1").inner_text() == "How Botox can help in pain"
    stylesheet_applied = page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position")
    assert stylesheet_applied == "absolute"


@live_database
def test_json_ld_is_data_the_strict_policy_allows_while_an_inline_script_is_blocked(
    live_server, watched_page
):
    page, console_errors = watched_page
    html = (
        "<!DOCTYPE html><html lang='en'><head><title>t</title>"
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "BlogPosting"}'
        "</script>"
        "</head><body><p>x</p></body></html>"
    )
    headers = {"Content-Security-Policy": build_policy(settings.SECURE_CSP), "Content-Type": "text/html"}
    page.route(f"{live_server.url}/json-ld-probe", lambda route: route.fulfill(body=html, headers=headers))
    page.goto(f"{live_server.url}/json-ld-probe")
    assert problems(page, console_errors) == []
    graph = page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').text)")
    assert graph["@type"] == "BlogPosting"

    # The same policy does stop an inline script, so the listener above would have seen one.
    blocked = html.replace("<p>x</p>", "<script>document.title = 'ran'</script>")
    page.route(f"{live_server.url}/inline-probe", lambda route: route.fulfill(body=blocked, headers=headers))
    page.goto(f"{live_server.url}/inline-probe")
    assert page.title() == "t"
    assert any(violation.startswith("script-src") for violation in page.evaluate("window.__cspViolations"))


@live_database
def test_the_admin_editor_and_preview_work_under_the_admin_policy(
    live_server, watched_page, article, django_user_model
):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.com", "correct horse")
    authenticator = authenticator_of(editor)
    page, console_errors = watched_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "correct horse")
    page.click("button[type=submit]")
    # The second step's page is part of the admin too, under the same policy.
    page.wait_for_url(f"{live_server.url}/admin/two-factor/verify/**")
    assert problems(page, console_errors) == []
    page.fill("input[name=code]", current_code(authenticator))
    page.click("button[type=submit]:text('Verify')")
    page.wait_for_url(f"{live_server.url}/admin/")

    for path in (
        "/admin/",
        f"/admin/pages/{article.pk}/edit/",
        f"/admin/pages/{article.pk}/view_draft/",
        "/admin/snippets/blog/category/",
        "/admin/images/",
        "/blog/botox-for-pain/",  # a public page with the editor's userbar
    ):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert problems(page, console_errors) == [], path
