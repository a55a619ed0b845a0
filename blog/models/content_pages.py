"""Pages of the clinic's own outside the blog: About, Services, New patients, Contact."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from blog.blocks import ArticleBodyBlock
from blog.reading.visibility import ViewRestrictionsInOneQuery
from clinic_site.page_cache import shows, shows_references


class ContentPage(ViewRestrictionsInOneQuery, Page):
    # The article's blocks, so a page imported from WordPress converts as its posts do.
    body = StreamField(ArticleBodyBlock(), blank=True)
    # The page ID on the clinic's old WordPress site, so a second import updates instead of duplicating.
    wordpress_id = models.PositiveIntegerField(null=True, blank=True, unique=True, editable=False)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["blog.HomePage", "blog.ContentPage"]
    subpage_types = ["blog.ContentPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        shows(self)
        shows_references(self.body)
        return context
