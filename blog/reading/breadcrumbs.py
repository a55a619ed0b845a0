"""Where a page sits in the site: its breadcrumb trail.

The trail reuses the parents Wagtail's router already loaded, so a served page pays no query for it.
"""

from dataclasses import dataclass

from wagtail.models import Site

from clinic_site.page_cache import shows


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str
    full_url: str


def breadcrumb_trail(page, request) -> list[Crumb]:
    """Home › … › the page itself, from the site's root page down.

    Wagtail's router remembers each routed page's parent on it (``get_parent`` reads that cache),
    so a served page costs no query here; a preview walks up with one query a level.
    """
    site = Site.find_for_request(request)
    root_depth = site.root_page.depth if site else 2
    lineage = [page]
    while lineage[-1].depth > root_depth and (parent := lineage[-1].get_parent()) is not None:
        lineage.append(parent)
    shows(*lineage)  # their titles and slugs, which the trail and the page's own address show
    trail = []
    for ancestor in reversed(lineage):
        url = ancestor.get_url(request)
        if url is None:  # not reachable on any site, e.g. Wagtail's tree root
            continue
        is_home = site is not None and ancestor.pk == site.root_page_id
        trail.append(
            Crumb(
                name="Home" if is_home else ancestor.title, url=url, full_url=ancestor.get_full_url(request)
            )
        )
    return trail
