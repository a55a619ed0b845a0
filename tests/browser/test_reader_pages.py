"""A patient's view of the public pages in a real browser: accessible, keyboard-friendly, reflowing,
private, and printable.

The category archive, tag archive and search results come from the "finding articles" work; their
cases fail until that is merged, which is the point: they must pass axe as soon as they exist.
"""

from io import StringIO
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from django.core.management import call_command

from wagtail.rich_text import RichText

from blog.models import ArticlePage, Category
from tests.factories import ArticlePageFactory

# Transactional, so the live server's thread sees the rows; serialized rollback restores the rows
# Wagtail's migrations create (the tree root, the default site), which a flush would otherwise remove.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
SEED_URL = "/blog/how-botox-can-help-in-pain-management/"
LINKED_URL = "/blog/trigger-point-injections/"
PAGES = {
    "home": "/",
    "article": SEED_URL,
    "blog index": "/blog/",
    "404": "/no-such-page/",
    "category archive": "/blog/category/uncategorized/",
    "tag archive": "/blog/tag/botox/",
    "search results": "/search/?q=botox",
    # Taglines in a dozen languages, Arabic right to left: axe's valid-lang checks each one's lang.
    "language assistance": "/language-assistance/",
}

FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        href: element.getAttribute("href"),
        text: element.textContent.trim().replace(/\\s+/g, " "),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth),
        inViewport: box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0
            && box.bottom <= innerHeight && box.right <= innerWidth,
    };
}"""


@pytest.fixture
def demo_site(live_server):
    """The demo content served under the live server's own host and port, plus a second article
    that shares the seed's tag (so related and previous/next links show) and links to another site."""
    address = urlsplit(live_server.url)
    call_command("load_demo_content", hostname=address.hostname, port=address.port, stdout=StringIO())
    seed = ArticlePage.objects.get(slug="how-botox-can-help-in-pain-management")
    seed.tags.add("botox")
    seed.save()
    body = [
        (
            "paragraph",
            RichText('<p>Read about trigger points at <a href="https://www.nih.gov/">the NIH</a>.</p>'),
        )
    ]
    ArticlePageFactory(
        parent=seed.get_parent(),
        title="Trigger point injections",
        slug="trigger-point-injections",
        summary="What trigger point injections are and who they help.",
        body=body,
        categories=[Category.objects.uncategorized()],
        tags=["botox"],
    )
    return live_server.url


def focused(page):
    return page.evaluate(FOCUSED)


@pytest.mark.parametrize("name", PAGES)
def test_public_page_has_no_axe_violations(browser_page, demo_site, name):
    response = browser_page.goto(demo_site + PAGES[name])
    assert response.status == (404 if name == "404" else 200)

    results = Axe().run(
        browser_page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    )
    assert results.violations_count == 0, results.generate_snapshot()


def test_keyboard_reaches_the_skip_link_then_the_clinic_phone(browser_page, demo_site):
    browser_page.goto(demo_site + SEED_URL)

    browser_page.keyboard.press("Tab")
    skip_link = focused(browser_page)
    assert (skip_link["href"], skip_link["text"]) == ("#main", "Skip to main content")
    assert skip_link["outlineStyle"] != "none" and skip_link["outlineWidth"] >= 2
    assert skip_link["inViewport"]

    browser_page.keyboard.press("Tab")
    phone = focused(browser_page)
    assert phone["href"] == "tel:+19528412345"
    assert phone["text"] == "Call Twin Cities Pain Clinic at (952) 841-2345"
    assert phone["outlineStyle"] != "none" and phone["outlineWidth"] >= 2
    assert phone["inViewport"]


def test_skip_link_moves_focus_to_the_main_content(browser_page, demo_site):
    browser_page.goto(demo_site + SEED_URL)
    browser_page.keyboard.press("Tab")
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("width", [320, 1280])
def test_article_reflows_without_horizontal_scroll(browser_page, demo_site, artifacts_dir, width):
    browser_page.set_viewport_size({"width": width, "height": 900})
    for url in [SEED_URL, "/", "/blog/", "/no-such-page/"]:
        browser_page.goto(demo_site + url)
        scroll_width, inner_width = browser_page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll_width <= inner_width, (url, scroll_width, inner_width)

    browser_page.goto(demo_site + SEED_URL)
    screenshot = artifacts_dir / f"article-{width}px.png"
    browser_page.screenshot(path=screenshot, full_page=True)
    assert screenshot.stat().st_size > 0


def test_article_loads_nothing_from_another_origin_and_sets_no_cookie(browser_page, demo_site):
    requested = []
    browser_page.on("request", lambda request: requested.append(request.url))

    browser_page.goto(demo_site + SEED_URL, wait_until="networkidle")

    assert requested, "the page made no request at all"
    assert [url for url in requested if not url.startswith(demo_site + "/")] == []
    assert any(url.endswith("/static/css/site.css") for url in requested)
    assert browser_page.evaluate("document.cookie") == ""
    assert browser_page.context.cookies() == []


def test_article_prints_with_the_clinic_name_and_phone(browser_page, demo_site, artifacts_dir):
    browser_page.goto(demo_site + LINKED_URL)
    browser_page.emulate_media(media="print")

    phone = browser_page.locator(".site-header .header-phone")
    assert phone.is_visible() and "(952) 841-2345" in phone.inner_text()
    assert browser_page.locator(".site-header .site-name").inner_text() == "Twin Cities Pain Clinic"
    assert browser_page.locator("h1").is_visible()
    for hidden in [".skip-link", ".breadcrumbs", ".related", ".article-pager", ".site-footer"]:
        assert browser_page.locator(hidden).is_hidden(), hidden
    link_suffix = browser_page.evaluate(
        """getComputedStyle(document.querySelector('.article__body a[href^="https:"]'), '::after').content"""
    )
    assert "https://www.nih.gov/" in link_suffix

    browser_page.screenshot(path=artifacts_dir / "article-print.png", full_page=True)
    pdf = artifacts_dir / "article-print.pdf"
    browser_page.pdf(path=pdf)
    assert pdf.stat().st_size > 0
