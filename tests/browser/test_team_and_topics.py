"""The team listing, a team member's page, the Topics page and a category archive's intro in a real browser,
on a phone and a desktop: accessible, reflowing, their pictures sized before they load.

Screenshots go to var/screenshots/ for a person to look at.
"""

import mimetypes
from io import StringIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from django.conf import settings
from django.core.management import call_command

from blog.management.demo_pictures import topic_picture
from blog.models import BlogIndexPage, Category
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PAGES = {
    "team": "/team/",
    "team-member": "/team/maya-okafor/",
    "topics": "/blog/topics/",
    "category-intro": "/blog/category/injections/",
}

# Every <img> has its box reserved (width and height) and has loaded (or is lazily waiting for it).
IMAGES = """() => [...document.images].map(image => ({
    src: image.currentSrc,
    width: image.getAttribute("width"),
    height: image.getAttribute("height"),
    loaded: image.complete && image.naturalWidth > 0,
}))"""


@pytest.fixture
def demo_site(live_server):
    """The demo content, plus a second article on injections (with a picture), so that its archive
    features one."""
    address = urlsplit(live_server.url)
    call_command("load_demo_content", hostname=address.hostname, port=address.port, stdout=StringIO())
    ArticlePageFactory(
        parent=BlogIndexPage.objects.get(),
        title="What to expect at a nerve block appointment",
        summary="How a nerve block is given, how long it takes and how you may feel afterwards.",
        categories=[Category.objects.get(name="Injections")],
        featured_image=topic_picture("Nerve block", "nerve-block.png", (40, 110, 90)),
        featured_image_alt_text="",
    )
    return live_server.url


def serve_media(route):
    """Uploaded images are the web server's to serve (Django serves them only with DEBUG on)."""
    path = Path(settings.MEDIA_ROOT) / unquote(urlsplit(route.request.url).path).removeprefix(
        settings.MEDIA_URL
    )
    if not path.is_file():
        route.fulfill(status=404)
        return
    route.fulfill(body=path.read_bytes(), content_type=mimetypes.guess_type(path.name)[0])


@pytest.fixture
def reader(chromium, demo_site):
    """A browser page at a viewport of the given width, with the site's media served."""
    contexts = []

    def open_at(width):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.route(f"{demo_site}{settings.MEDIA_URL}**", serve_media)
        return page

    yield open_at
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_team_and_topic_pages_pass_axe_and_reflow(reader, demo_site, name, width):
    page = reader(width)
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    response = page.goto(demo_site + PAGES[name], wait_until="networkidle")

    assert response.status == 200
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    )
    assert results.violations_count == 0, results.generate_snapshot()
    scroll_width, viewport_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= viewport_width
    images = page.evaluate(IMAGES)
    assert images, "each of these pages shows a picture"
    assert all(image["width"] and image["height"] and image["loaded"] for image in images), images
    assert [url for url in requested if not url.startswith(demo_site + "/")] == []
    assert page.context.cookies() == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}px.png", full_page=True)


def test_team_listing_leads_by_keyboard_to_a_member_and_their_article(reader, demo_site):
    page = reader(390)
    page.goto(demo_site + "/team/")

    page.get_by_role("link", name="Maya Okafor, MD").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + "/team/maya-okafor/")

    assert page.get_by_role("heading", level=1).inner_text() == "Maya Okafor, MD"
    reviewed = page.get_by_role("region", name="Articles reviewed by Maya Okafor")
    reviewed.get_by_role("link", name="How Botox Can Help In Pain Management").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + "/blog/how-botox-can-help-in-pain-management/")
    assert page.locator(".byline").get_by_role("link", name="Maya Okafor, MD").get_attribute("href") == (
        "/team/maya-okafor/"
    )
