"""The site's chrome in a real browser at phone and desktop widths: the menu by keyboard, the call bar's
size and place, the home page's call button, and axe on the home page, the Locations page and an
article. Screenshots go to var/screenshots/."""

from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
ARTICLE_URL = "/blog/how-botox-can-help-in-pain-management/"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"390": PHONE, "1280": DESKTOP}


@pytest.fixture
def demo_site(live_server):
    address = urlsplit(live_server.url)
    call_command("load_demo_content", hostname=address.hostname, port=address.port, stdout=StringIO())
    return live_server.url


@pytest.fixture
def page_at(chromium):
    contexts = []

    def open_page(viewport):
        context = chromium.new_context(viewport=viewport)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name, url", [("home", "/"), ("locations", "/locations/"), ("article", ARTICLE_URL)])
def test_page_has_no_axe_violations(page_at, demo_site, width, name, url):
    page = page_at(WIDTHS[width])
    page.goto(demo_site + url)
    screenshot(page, f"{name}-{width}px")

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})

    assert results.violations_count == 0, results.generate_report()


def test_phone_menu_opens_from_the_keyboard_and_its_links_are_reachable(page_at, demo_site):
    page = page_at(PHONE)
    page.goto(demo_site + ARTICLE_URL)
    assert page.locator(".site-nav__list--inline").is_hidden()
    menu_links = page.locator(".site-nav__menu .site-nav__list a")
    assert not menu_links.first.is_visible()

    for _ in range(5):  # skip link, (userbar-free) brand, then the menu's summary
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"
    page.keyboard.press("Enter")

    assert page.locator(".site-nav__menu").get_attribute("open") is not None
    texts = []
    for _ in range(menu_links.count()):
        page.keyboard.press("Tab")
        texts.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert texts == ["Topics", "Our team", "Locations & hours", "Search"]
    screenshot(page, "menu-open-390px")


def test_desktop_shows_the_navigation_inline_without_a_menu_button(page_at, demo_site):
    page = page_at(DESKTOP)
    page.goto(demo_site + ARTICLE_URL)

    assert page.locator(".site-nav__toggle").is_hidden()
    assert page.locator(".site-nav__list--inline a", has_text="Locations & hours").is_visible()
    assert page.locator(".call-bar").is_hidden()


def test_call_bar_sits_at_the_bottom_and_never_covers_the_last_lines(page_at, demo_site):
    page = page_at(PHONE)
    page.goto(demo_site + ARTICLE_URL)
    bar = page.locator(".call-bar__link")
    assert bar.inner_text().strip() == "Call (952) 841-2345"
    assert bar.get_attribute("href") == "tel:+19528412345"

    box = bar.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    bar_box = page.locator(".call-bar").bounding_box()
    assert bar_box["y"] + bar_box["height"] == pytest.approx(PHONE["height"], abs=1)

    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("window.scrollY + innerHeight >= document.documentElement.scrollHeight - 1")
    # The page's last lines (the footer's copyright) end above the bar, not under it.
    last_line = page.locator(".site-footer__copyright").bounding_box()
    assert last_line["y"] + last_line["height"] <= page.locator(".call-bar").bounding_box()["y"]
    screenshot(page, "call-bar-scrolled-to-end-390px")


def test_call_bar_is_hidden_in_print(page_at, demo_site):
    page = page_at(PHONE)
    page.goto(demo_site + ARTICLE_URL)
    page.emulate_media(media="print")

    assert page.locator(".call-bar").is_hidden()
    assert page.locator(".site-nav").is_hidden()


@pytest.mark.parametrize("width", WIDTHS)
def test_article_phone_block_is_a_call_button_with_the_number_as_text(page_at, demo_site, width):
    page = page_at(WIDTHS[width])
    page.goto(demo_site + ARTICLE_URL)
    button = page.locator(".article__body .phone-cta__number")

    assert button.inner_text().strip().endswith("(952) 841-2345")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    colours = button.evaluate("el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]")
    assert colours == ["rgb(255, 255, 255)", "rgb(11, 85, 99)"]  # white on the brand colour


@pytest.mark.parametrize("width", WIDTHS)
def test_home_page_call_button_is_a_large_tap_target_above_the_sections(page_at, demo_site, width):
    page = page_at(WIDTHS[width])
    page.goto(demo_site + "/")

    call = page.locator(".home-hero__call")
    box = call.bounding_box()

    assert call.get_attribute("href") == "tel:+19528412345"
    assert box["height"] >= 44 and box["width"] >= 44
    assert box["y"] + box["height"] <= page.locator(".home-section").first.bounding_box()["y"]
