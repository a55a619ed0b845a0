"""The home page: the clinic's intro and the sections staff choose for it."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from blog.home_blocks import HomeSectionsBlock
from blog.reading.card_images import load_card_renditions
from blog.reading.routing import RoutesToChildrenOfOneType
from blog.reading.visibility import ViewRestrictionsInOneQuery
from clinic_site.page_cache import PAGE_LIST, depends_on, shows

from .pages import BlogIndexPage, for_listing, live_articles, show_listed

LATEST_ARTICLES = 5


class HomePage(ViewRestrictionsInOneQuery, RoutesToChildrenOfOneType, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    sections = StreamField(
        HomeSectionsBlock(),
        blank=True,
        help_text="Shown below the intro, in this order. Without featured articles the newest are listed.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("sections")]
    subpage_types = ["blog.BlogIndexPage", "blog.ContentPage", "blog.LocationsPage", "blog.TeamIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def routed_children(self):
        return BlogIndexPage.objects.all()

    def has_featured_articles(self):
        return any(section["type"] == "featured_articles" for section in self.sections.raw_data)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["blog_index"] = BlogIndexPage.for_request(request)
        shows(context["blog_index"])
        context["latest_articles"] = None
        if not self.has_featured_articles():
            latest = list(for_listing(live_articles().descendant_of(self))[:LATEST_ARTICLES])
            load_card_renditions(latest)
            depends_on(PAGE_LIST)
            show_listed(latest)
            context["latest_articles"] = latest
        return context
