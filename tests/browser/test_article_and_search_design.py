"""The article with its hero and contents list, listing cards, search results and the empty search, in
a real browser at a phone's width (390 px) and a desktop's (1280 px): axe-clean, the contents links
work, and the first view of an article stays light. Screenshots go to var/screenshots/."""

from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
ARTICLE_URL = "/blog/sciatica-why-your-leg-hurts-and-what-helps/"
PAGES = {
    "article": ARTICLE_URL,
    "blog-index": "/blog/",
    "search-results": "/search/?q=back+pain",
    "search-empty": "/search/?q=sciatca",
}
MAX_TEXT_BYTES = 50 * 1024  # HTML + CSS + JS of an article's first view, uncompressed
MAX_HERO_BYTES = 150 * 1024  # the hero picture a 390 px wide phone downloads


@pytest.fixture
def demo_site(live_server):
    address = urlsplit(live_server.url)
    call_command("load_demo_content", hostname=address.hostname, port=address.port, stdout=StringIO())
    return live_server.url


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_page_is_axe_clean_and_saved_as_a_screenshot(browser_page, demo_site, name, width):
    browser_page.set_viewport_size({"width": width, "height": 900})
    response = browser_page.goto(demo_site + PAGES[name], wait_until="networkidle")
    assert response.status == 200

    results = Axe().run(
        browser_page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Lazy pictures load once scrolled to; the screenshot should show them.
    browser_page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    browser_page.wait_for_function("Array.from(document.images).every((image) => image.complete)")
    browser_page.evaluate("window.scrollTo(0, 0)")
    browser_page.screenshot(path=SCREENSHOTS / f"{name}-{width}px.png", full_page=True)
    assert results.violations_count == 0, results.generate_snapshot()
    scroll_width = browser_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width


def test_empty_search_offers_the_meant_article_topics_and_the_phone(browser_page, demo_site):
    browser_page.goto(demo_site + PAGES["search-empty"])

    suggestions = browser_page.locator(".search-suggestions")
    suggestions.get_by_role("link", name="Sciatica: why your leg hurts and what helps").wait_for()
    assert suggestions.get_by_role("link", name="Knee pain").is_visible()
    assert suggestions.locator("a[href='tel:+19528412345']").is_visible()
    assert browser_page.locator("form[role=search]").count() == 1


def test_contents_link_taken_by_keyboard_brings_its_heading_into_view(browser_page, demo_site):
    browser_page.set_viewport_size({"width": 390, "height": 800})
    browser_page.goto(demo_site + ARTICLE_URL)

    link = browser_page.locator("nav.contents").get_by_role("link", name="When to see a doctor")
    link.focus()
    browser_page.keyboard.press("Enter")

    browser_page.wait_for_function("location.hash === '#when-to-see-a-doctor'")
    heading = browser_page.locator("#when-to-see-a-doctor")
    assert heading.inner_text() == "When to see a doctor"
    browser_page.wait_for_function(
        "(() => { const box = document.getElementById('when-to-see-a-doctor').getBoundingClientRect();"
        " return box.top >= 0 && box.top < innerHeight; })()"
    )


def test_first_view_of_an_article_at_390px_is_light(browser_page, demo_site):
    browser_page.set_viewport_size({"width": 390, "height": 844})
    sizes = []

    def record(response):
        if response.ok and response.request.method == "GET":
            sizes.append((response.request.resource_type, response.url, len(response.body())))

    browser_page.on("response", record)
    browser_page.goto(demo_site + ARTICLE_URL, wait_until="networkidle")

    text_bytes = sum(size for kind, _, size in sizes if kind in ("document", "stylesheet", "script"))
    hero_src = browser_page.evaluate("document.querySelector('.article__hero img').currentSrc")
    hero = [size for kind, url, size in sizes if url == hero_src]
    print(f"article first view at 390px: HTML+CSS+JS {text_bytes} bytes; hero {hero} bytes ({hero_src})")
    assert text_bytes <= MAX_TEXT_BYTES
    assert hero and hero[0] <= MAX_HERO_BYTES
    assert hero_src.endswith(".avif")  # Chromium takes the first format it supports
    assert browser_page.locator(".article__hero img").get_attribute("fetchpriority") == "high"
    assert browser_page.locator(".article__hero img").get_attribute("loading") is None
