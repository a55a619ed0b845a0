"""The site's chrome — header, footer, call bar and the blog's feed links — rendered once and kept.

Every page shows them, yet rendering them (the menu twice, the footer's locations and hours, the phone
numbers, the feeds' addresses) was 13-16 % of an uncached page's time, and they change only when the
clinic settings, a footer location, a phone contact, the logo, a linked page or the blog index does. They
are kept in the shared look-up cache with the tags of those, so their changes purge the chrome as they
purge the pages. Its templates see nothing of the page's context: only what the key names (the site, the
blog whose feeds are advertised, which menu entry is the page being shown, the copyright year) and what
the tags version (the settings, the footer's locations). A preview, or a page rendered without a
request, renders the chrome unkept.
"""

from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cache
from hashlib import sha256
from typing import NamedTuple

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site

from clinic_site.page_cache import depends_on, instance_tag
from clinic_site.page_cache.lookups import cached_lookup, templates_fingerprint

from .feeds import FeedLink

HEADER = "blog/includes/site_header.html"
FOOTER = "blog/includes/site_footer.html"
CALL_BAR = "blog/includes/call_bar.html"
# Every template the kept HTML comes from, the ones they include too.
TEMPLATES = (
    HEADER,
    "blog/includes/site_nav_links.html",
    FOOTER,
    "blog/includes/location_address.html",
    "blog/includes/location_hours.html",
    CALL_BAR,
)


@dataclass(frozen=True)
class SiteChrome:
    header: str
    footer: str
    call_bar: str
    # The blog's own feeds; a category archive adds its category's after them.
    feed_links: tuple[FeedLink, ...]
    # The tags of what it shows.
    shows: frozenset[str]


@cache
def chrome_fingerprint() -> str:
    """Changes when a deploy changes the templates or the kept value's fields, so what an older deploy
    kept is not served."""
    shape = [field.name for kept in (SiteChrome, FeedLink) for field in fields(kept)]
    return sha256(repr((templates_fingerprint(*TEMPLATES), shape)).encode()).hexdigest()[:12]


def menu_urls(request, clinic) -> list[str]:
    """The header menu's addresses in order, as its template writes them: the chosen live pages (at the
    route each entry opens), then search."""
    urls = []
    for page, _, subpath in clinic.navigation_links:
        url = page.get_url(request=request)  # what {% pageurl %} writes
        if url is not None:
            urls.append(url + subpath)
    return [*urls, reverse("search")]


def render_chrome(request, clinic, blog_index, current_menu_url, copyright_year, footer) -> SiteChrome:
    locations = footer.load_locations()
    context = {
        # For {% pageurl %} alone (addresses relative to the request's site): nothing else in the
        # templates may read the request, since the kept HTML is shared by every page of the site.
        "request": request,
        "clinic": clinic,
        "current_menu_url": current_menu_url,
        "footer_locations": locations,
        "copyright_year": copyright_year,
    }
    shown = set(footer.tags_shown(clinic, locations))
    if blog_index is not None:
        shown.add(instance_tag("page", blog_index.pk))  # its title and address, in the feed links
    return SiteChrome(
        header=render_to_string(HEADER, context),
        footer=render_to_string(FOOTER, context),
        call_bar=render_to_string(CALL_BAR, context),
        feed_links=tuple(blog_index.feed_links(request)) if blog_index is not None else (),
        shows=frozenset(shown),
    )


class FooterSources(NamedTuple):
    """What the models give the chrome: the footer's locations, and the tags of what settings and
    locations show."""

    load_locations: Callable[[], list]
    tags_shown: Callable[[object, list], set[str]]


def rendered_chrome(request, clinic, blog_index, footer: FooterSources) -> SiteChrome:
    """The chrome for a page of ``request``'s site whose feeds are ``blog_index``'s, ``clinic`` being the
    site's settings (looked up for the request already, which declared their tags)."""
    urls = menu_urls(request, clinic)
    # The menu entry for the page being shown, if it is one: keyed on the entry, not on every path.
    current = request.path if request is not None and request.path in urls else None
    year = timezone.localdate().year

    def render():
        return render_chrome(request, clinic, blog_index, current, year, footer)

    site = Site.find_for_request(request) if request is not None else None
    if site is None or getattr(request, "is_preview", False):
        chrome = render()
        depends_on(*chrome.shows)
        return chrome
    blog_index_key = blog_index.pk if blog_index is not None else "-"
    entry_key = urls.index(current) if current is not None else "-"
    return cached_lookup(
        f"site-chrome:{chrome_fingerprint()}:{site.pk}:{blog_index_key}:{entry_key}:{year}",
        models=(),
        load=render,
        tags_of=lambda chrome: chrome.shows,
    )
