"""The team page: the people shown on it, and a public page for each of them at ``<team page>/<slug>/``."""

from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, Site

from blog.reading.breadcrumbs import Crumb, breadcrumb_trail
from blog.reading.card_images import load_card_renditions, with_card_images
from blog.reading.structured_data import person_graph
from blog.reading.visibility import ViewRestrictionsInOneQuery, outside_private_sections
from clinic_site.page_cache import PAGE_LIST, TEAM_LIST, depends_on, shows

from .clinic_settings import ClinicSettings
from .pages import BlogIndexPage, live_articles, show_listed
from .snippets import Person

# A person's page lists this many of the newest articles they wrote, and as many they reviewed.
ARTICLES_PER_LIST = 20


def newest_listed(articles):
    """The newest ``ARTICLES_PER_LIST`` of ``articles`` and whether there are more, in one query."""
    listed = list(with_card_images(articles.defer_streamfields())[: ARTICLES_PER_LIST + 1])
    return listed[:ARTICLES_PER_LIST], len(listed) > ARTICLES_PER_LIST


class TeamIndexPage(ViewRestrictionsInOneQuery, RoutablePageMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["blog.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "team page"

    @classmethod
    def for_request(cls, request):
        """The live, public team page of the request's site (of any site if none matches), or None."""
        site = Site.find_for_request(request) if request is not None else None
        team_pages = cls.objects.live().filter(outside_private_sections())
        return (team_pages.in_site(site) if site else team_pages).first()

    @classmethod
    def linked_from(cls, request):
        """The team page that bylines and team cards link to, or None: the one the header menu links to,
        loaded with the clinic settings (so a page pays no query for it), else the site's live public team
        page. A plain ``Page``: its address is all a link needs."""
        chosen = ClinicSettings.for_request(request).team_page
        if chosen is None:
            team_page = cls.for_request(request)
            shows(team_page)
            return team_page
        return chosen if chosen.live and chosen.specific_class is cls else None

    @classmethod
    def person_path(cls, person):
        """``person``'s page, relative to the team page's address."""
        return cls.get_resolver().reverse("person", slug=person.slug)

    def person_url(self, person, request=None):
        """Address of ``person``'s page, relative to the site like Wagtail's ``pageurl``."""
        return self.get_url(request) + self.person_path(person)

    def person_full_url(self, person, request=None):
        """Full address of ``person``'s page: what their JSON-LD ``@id`` is made from."""
        return self.get_full_url(request) + self.person_path(person)

    def shown_people(self):
        return Person.objects.on_team_page().select_related("photo")

    def get_sitemap_urls(self, request=None):
        """The listing, then the page of each person shown on it."""
        people = list(Person.objects.on_team_page())
        depends_on(TEAM_LIST)
        shows(*people)
        listing = {"location": self.get_full_url(request), "lastmod": self.last_published_at}
        return [listing, *({"location": self.person_full_url(person, request)} for person in people)]

    @path("")
    def team_listing(self, request):
        people = list(self.shown_people())
        # Someone newly shown is not among the people listed, so the listing also follows the team list.
        depends_on(TEAM_LIST)
        shows(*people, *(person.photo for person in people))
        return self.render(request, context_overrides={"people": people})

    @path("<slug:slug>/", name="person")
    def person_page(self, request, slug):
        person = get_object_or_404(self.shown_people(), slug=slug)
        written, more_written = newest_listed(live_articles().filter(author=person))
        # Reviewed means the approval of what readers see now: the live revision's.
        reviewed, more_reviewed = newest_listed(
            live_articles().filter(live_revision__clinical_approval__reviewer=person)
        )
        prefetch_related_objects(written + reviewed, "categories")
        load_card_renditions(written + reviewed)
        # Any article published may be one of theirs.
        depends_on(PAGE_LIST)
        shows(person, person.photo)
        show_listed(written + reviewed)
        url = self.person_full_url(person, request)
        breadcrumbs = [
            *breadcrumb_trail(self, request),
            Crumb(person.name, self.person_url(person, request), url),
        ]
        return self.render(
            request,
            template="blog/person_page.html",
            context_overrides={
                "person": person,
                "breadcrumbs": breadcrumbs,
                "articles_written": written,
                "more_written": more_written,
                "articles_reviewed": reviewed,
                "more_reviewed": more_reviewed,
                # The lists link to category archives; looked up once here rather than by each link.
                "blog_index": BlogIndexPage.for_request(request) if written or reviewed else None,
                "canonical_url": url,
                "structured_data": person_graph(person, url=url, clinic=ClinicSettings.for_request(request)),
            },
        )
