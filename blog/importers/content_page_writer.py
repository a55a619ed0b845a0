"""Write imported WordPress pages (About, Services, Contact…) as content pages under the home page.

A page is matched by its WordPress ID, so a re-import updates it; a new one goes under its WordPress
parent when that was imported (exports list parents first), else under the home page, with its slug or
the first free ``slug-2``… among its siblings. Its body is converted by the articles' writer, block for
block. "live" publishes, "draft" only saves a revision (a live page stays live); content equal to the
latest revision saves nothing.
"""

from collections.abc import Callable

from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Page

from blog.models import ContentPage, HomePage

from .article_data import ArticleData
from .writer import WriteResult, same_as_latest_revision

_SLUG_LENGTH = ContentPage._meta.get_field("slug").max_length


class ContentPageWriter:
    def __init__(self, home: HomePage, body_items: Callable[[list], list]):
        self.home = home
        self.body_items = body_items

    def write(self, data: ArticleData) -> WriteResult:
        warnings: list[str] = []
        page = ContentPage.objects.filter(wordpress_id=data.wordpress_id).first()
        created = page is None
        parent = None
        if created:
            parent = self._parent(data)
            page = ContentPage(slug=self._free_slug(parent, data, warnings), live=False)
            page.wordpress_id = data.wordpress_id
        page.title = data.title
        page.body = self.body_items(data.body)
        future = data.published_at is not None and data.published_at > timezone.now()
        # Wagtail turns a publish with a future go_live_at into a scheduled revision.
        page.go_live_at = data.published_at if data.status == "scheduled" and future else None
        if created:
            parent.add_child(instance=page)
        elif same_as_latest_revision(page):
            return WriteResult(page=page, created=False, warnings=tuple(warnings), unchanged=True)
        revision = page.save_revision(clean=True)
        if data.status in ("live", "scheduled"):
            revision.publish()
        return WriteResult(page=page, created=created, warnings=tuple(warnings))

    def _parent(self, data: ArticleData) -> Page:
        if data.parent_wordpress_id is not None:
            parent = ContentPage.objects.filter(wordpress_id=data.parent_wordpress_id).first()
            if parent is not None:
                return parent
        return self.home

    @staticmethod
    def _free_slug(parent: Page, data: ArticleData, warnings: list[str]) -> str:
        slug = (data.slug or slugify(data.title))[: _SLUG_LENGTH - 8]
        taken = set(parent.get_children().filter(slug__startswith=slug).values_list("slug", flat=True))
        if slug not in taken:
            return slug
        number = 2
        while f"{slug}-{number}" in taken:
            number += 1
        warnings.append(f"the slug “{slug}” is taken by another page, so this one is at “{slug}-{number}”")
        return f"{slug}-{number}"
