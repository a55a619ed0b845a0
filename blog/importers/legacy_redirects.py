"""Permanent redirects from a retired site's addresses to the pages that replace them.

They are Wagtail redirects (``wagtail.contrib.redirects``), so editors see and manage them in the admin.
Redirects to a page follow the page when it moves; archive and feed addresses point at the blog index
with a route (``/category/<slug>/``), which Wagtail resolves when the redirect is followed and which
falls back to the blog index itself if the blog has no such route.
"""

from dataclasses import dataclass, field

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

_OLD_PATH_LENGTH = Redirect._meta.get_field("old_path").max_length


@dataclass
class RedirectReport:
    created: int = 0
    # Already there and pointing where the import would point it: a re-run.
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> tuple[int, int, int]:
        return self.created, self.unchanged, len(self.warnings)

    def restore(self, counts: tuple[int, int, int]) -> None:
        """Forget what was counted since ``counts()``: its transaction was rolled back."""
        self.created, self.unchanged, warning_count = counts
        del self.warnings[warning_count:]


class LegacyRedirects:
    def __init__(self, site: Site | None):
        self.site = site
        self.report = RedirectReport()

    def point(self, old_path: str, page: Page, route_path: str = "") -> None:
        """Redirect ``old_path`` (path and query string) to ``page``, once.

        An existing redirect from the same path that goes somewhere else was made by someone, or for
        another post: it is left alone and reported.
        """
        normalised = Redirect.normalise_path(old_path)
        if normalised == "/":
            return
        if len(normalised) > _OLD_PATH_LENGTH:
            self.report.warnings.append(
                f"no redirect from {old_path}: longer than {_OLD_PATH_LENGTH} characters"
            )
            return
        route_path = Redirect.normalise_page_route_path(route_path)
        existing = self._existing(normalised)
        if existing is None:
            Redirect.add_redirect(normalised, redirect_to=page, page_route_path=route_path, site=self.site)
            self.report.created += 1
        elif existing.redirect_page_id == page.pk and existing.redirect_page_route_path == route_path:
            self.report.unchanged += 1
        else:
            self.report.warnings.append(
                f"redirect from {normalised} already goes to {existing.link or 'nowhere'}; left as it is"
            )

    def point_to_url(self, old_path: str, url: str) -> None:
        """Redirect ``old_path`` to a URL of this site (an uploaded file), once; see ``point``."""
        normalised = Redirect.normalise_path(old_path)
        if len(normalised) > _OLD_PATH_LENGTH:
            self.report.warnings.append(
                f"no redirect from {old_path}: longer than {_OLD_PATH_LENGTH} characters"
            )
            return
        existing = self._existing(normalised)
        if existing is None:
            Redirect.add_redirect(normalised, redirect_to=url, site=self.site)
            self.report.created += 1
        elif existing.redirect_link == url:
            self.report.unchanged += 1
        else:
            self.report.warnings.append(
                f"redirect from {normalised} already goes to {existing.link or 'nowhere'}; left as it is"
            )

    def _existing(self, old_path: str) -> Redirect | None:
        """The redirect that answers ``old_path`` on this site: its own first, else an all-sites one."""
        matches = Redirect.objects.filter(old_path=old_path)
        own = matches.filter(site=self.site).first() if self.site else None
        return own or matches.filter(site__isnull=True).first()
