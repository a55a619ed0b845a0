"""Where patients find the clinic: its locations (a snippet) and the page listing them all."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from blog.location_blocks import OpeningHoursStreamBlock
from blog.reading.breadcrumbs import breadcrumb_trail
from blog.reading.structured_data import locations_graph
from blog.reading.visibility import ViewRestrictionsInOneQuery
from clinic_site.page_cache import depends_on, shows
from clinic_site.page_cache.lookups import cached_lookup
from clinic_site.page_cache.tags import instance_tag

from .snippets import PhoneContact

# Any location's change reaches every list of locations: their tags' group, which each purge includes.
LOCATIONS_LIST_TAG = "location"


class Location(index.Indexed, models.Model):
    name = models.CharField(max_length=120, help_text="e.g. “Edina clinic”.")
    slug = models.SlugField(
        max_length=120, unique=True, blank=True, help_text="The location's anchor on the Locations page."
    )
    address_line_1 = models.CharField(max_length=150)
    address_line_2 = models.CharField(max_length=150, blank=True)
    city = models.CharField(max_length=80)
    region = models.CharField(max_length=40, help_text="State, e.g. “MN”.")
    postcode = models.CharField(max_length=20)
    phone_contact = models.ForeignKey(
        "blog.PhoneContact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown only while the contact is published.",
    )
    opening_hours = StreamField(OpeningHoursStreamBlock(), blank=True)
    parking = models.TextField(blank=True, max_length=600, help_text="Where to park, and what it costs.")
    accessibility = models.TextField(
        blank=True, max_length=600, help_text="Step-free entrance, lifts, accessible parking, restrooms…"
    )
    map_url = models.URLField(
        blank=True, help_text="A plain link to directions (no map is embedded), e.g. an OpenStreetMap link."
    )
    show_in_footer = models.BooleanField(
        default=True, help_text="Show this location's address, hours and phone in every page's footer."
    )
    sort_order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        MultiFieldPanel(
            [
                FieldPanel("address_line_1"),
                FieldPanel("address_line_2"),
                FieldPanel("city"),
                FieldPanel("region"),
                FieldPanel("postcode"),
            ],
            heading="Address",
        ),
        FieldPanel("phone_contact"),
        FieldPanel("opening_hours"),
        FieldPanel("parking"),
        FieldPanel("accessibility"),
        FieldPanel("map_url"),
        FieldPanel("show_in_footer"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("city"),
        index.SearchField("address_line_1"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:120]
        super().save(*args, **kwargs)

    def clean(self):
        if not self.slug:
            self.slug = slugify(self.name)[:120]
        if not self.slug:
            raise ValidationError(
                {"name": "The name needs at least one letter or digit to make an anchor from."}
            )

    @property
    def live_phone_contact(self):
        contact = self.phone_contact
        return contact if contact is not None and contact.live else None

    @property
    def street_address(self):
        return ", ".join(line for line in (self.address_line_1, self.address_line_2) if line)


def listed_locations(**filters):
    """Locations in their listed order with their phone contacts, declared as shown on the page."""
    depends_on(LOCATIONS_LIST_TAG)
    locations = list(Location.objects.filter(**filters).select_related("phone_contact"))
    shows(*(location.phone_contact for location in locations))
    return locations


def footer_locations():
    """The locations every page's footer shows: kept across requests in the shared look-up cache, stale
    when any location or their phone contacts change."""
    return cached_lookup(
        "footer-locations",
        (Location, PhoneContact),
        lambda: list(Location.objects.filter(show_in_footer=True).select_related("phone_contact")),
        shown_in_footer,
    )


def shown_in_footer(locations):
    phone_tags = {instance_tag("phone", location.phone_contact_id) for location in locations}
    return [LOCATIONS_LIST_TAG, *sorted(tag for tag in phone_tags if not tag.endswith(":None"))]


class LocationsPage(ViewRestrictionsInOneQuery, Page):
    """“Locations & hours”: every location, with its address, hours, phone, parking and access notes."""

    intro = models.TextField(blank=True, max_length=600)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["blog.HomePage"]
    subpage_types = []
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["locations"] = listed_locations()
        context["breadcrumbs"] = breadcrumb_trail(self, request)
        context["structured_data"] = locations_graph(context["locations"], self.get_full_url(request))
        return context
