"""Which links of an imported post point at the old WordPress site, and what they named there.

A post links to another post or page by its permalink (``/2019/05/14/slug/``, ``/about-us/``), its short
link (``/?p=ID``, ``/?page_id=ID``, ``/?attachment_id=ID``) or, for a file, its uploads address
(``/wp-content/uploads/2020/03/intake.pdf``); with or without the site's host, spelt with http or https,
with or without "www.", in any case. ``old_address`` reduces each spelling to one key, which the importer
looks up among the export's items. No Django here.
"""

import html
import re
from collections.abc import Callable
from urllib.parse import parse_qs, unquote, urlsplit

from .wordpress_html import image_source

# The markup ``wordpress_html`` writes for a link: the only form rich text from the parser holds.
_LINK = re.compile(r'<a href="([^"]*)">')
# Query parameters WordPress answers with one item, whatever the path before them.
_ID_PARAMETERS = ("p", "page_id", "attachment_id")


def site_hosts(*urls: str) -> frozenset[str]:
    """The old site's host names, as ``old_address`` compares them, from its URLs in the export."""
    return frozenset(host for url in urls if (host := _host(url)))


def old_address(href: str, hosts: frozenset[str]) -> str | None:
    """The key of what ``href`` named on the old site, or None when it points elsewhere.

    ``id:<n>`` for a short link, ``upload:<path>`` for a file under wp-content/uploads (also on
    ``*.files.wordpress.com``), ``path:<path>`` for anything else on the site (lower case, no trailing
    slash, query and fragment left out). The home page itself is no address of an item: None.
    """
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("", "http", "https"):
        return None
    host = _host(href)
    on_site = host in hosts if host else href.strip().startswith(("/", "?")) and not href.startswith("//")
    upload = image_source(href.strip())
    if upload != href.strip() and (on_site or host.endswith(".files.wordpress.com")):
        return f"upload:{upload}"
    if not on_site:
        return None
    query = parse_qs(parts.query)
    for name in _ID_PARAMETERS:
        value = (query.get(name) or [""])[0].strip()
        if value.isdigit():
            return f"id:{int(value)}"
    path = unquote(parts.path).strip().lower().rstrip("/")
    if not path:
        return None
    return f"path:{path if path.startswith('/') else '/' + path}"


def fragment_of(href: str) -> str:
    try:
        return urlsplit(href).fragment
    except ValueError:
        return ""


def rewrite_links(markup: str, opening_tag: Callable[[str], str | None]) -> str:
    """``markup`` with each link's opening tag replaced by ``opening_tag(href)``, or kept when that is None.

    ``href`` is given unescaped, as written in the post.
    """

    def replace(match: re.Match[str]) -> str:
        return opening_tag(html.unescape(match.group(1))) or match.group(0)

    return _LINK.sub(replace, markup)


def _host(url: str) -> str:
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".").removeprefix("www.")
