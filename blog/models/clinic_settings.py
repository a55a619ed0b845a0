from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images import get_image_model
from wagtail.models import Page

from blog.brand.contrast import validate_brand_colour
from clinic_site.page_cache.lookups import cached_lookup
from clinic_site.page_cache.tags import instance_tag

from .snippets import PhoneContact

DEFAULT_DISCLAIMER = (
    "This article is for general education and is not medical advice. "
    "Talk to your doctor or call our clinic about your own symptoms and treatment. "
    "If you have a medical emergency, call 911."
)
DEFAULT_BRAND_COLOUR = "#0b5563"

# The header's menu and the footer's notices, in the order they are shown, with their link text.
NAVIGATION_PAGES = [
    ("topics_page", "Topics"),
    ("team_page", "Our team"),
    ("locations_page", "Locations & hours"),
]
# A menu entry that is a route of the chosen page: the topics list is the blog index's `topics/` route.
NAVIGATION_SUBPATHS = {"topics_page": ("blogindexpage", "topics/")}
NOTICE_PAGES = [
    ("privacy_notice_page", "Privacy notice"),
    ("accessibility_statement_page", "Accessibility statement"),
    ("nondiscrimination_notice_page", "Non-discrimination notice"),
    ("language_assistance_page", "Language assistance"),
]


def page_link_field(help_text):
    return models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


@register_setting(icon="site")
class ClinicSettings(BaseSiteSetting):
    clinic_name = models.CharField(max_length=120, default="Twin Cities Pain Clinic")
    phone_contact = models.ForeignKey(
        "blog.PhoneContact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in the header and footer of every page, and in the call bar on phones.",
    )
    disclaimer = models.TextField(default=DEFAULT_DISCLAIMER, help_text="Shown under every article.")
    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when an article with no picture of its own is shared (e.g. the clinic's logo "
        "or building). Not shown on the article itself.",
    )

    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in the header (96 px high) and as the browser tab's icon. "
        "Without one the header shows the clinic's name.",
    )
    brand_colour = models.CharField(
        max_length=7,
        blank=True,
        validators=[validate_brand_colour],
        help_text=f"Header, buttons and links, e.g. {DEFAULT_BRAND_COLOUR} (the colour used when blank). "
        "White text on it, and it as link text, must reach WCAG AA contrast (4.5:1).",
    )

    topics_page = page_link_field("“Topics” in the header menu.")
    team_page = page_link_field("“Our team” in the header menu.")
    locations_page = page_link_field("“Locations & hours” in the header menu.")
    privacy_notice_page = page_link_field("Linked from every page's footer.")
    accessibility_statement_page = page_link_field("Linked from every page's footer.")
    nondiscrimination_notice_page = page_link_field("Linked from every page's footer.")
    language_assistance_page = page_link_field(
        "Linked from every page's footer (taglines in other languages)."
    )

    # Every page shows all of these: one query (or none, from the shared look-up cache) for the lot.
    select_related = ["phone_contact", "logo", *(name for name, _ in NAVIGATION_PAGES + NOTICE_PAGES)]

    panels = [
        FieldPanel("clinic_name"),
        FieldPanel("phone_contact"),
        FieldPanel("disclaimer"),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("brand_colour"), FieldPanel("default_share_image")],
            heading="Brand",
        ),
        MultiFieldPanel([PageChooserPanel(name) for name, _ in NAVIGATION_PAGES], heading="Header menu"),
        MultiFieldPanel([PageChooserPanel(name) for name, _ in NOTICE_PAGES], heading="Footer notices"),
    ]

    class Meta:
        verbose_name = "clinic settings"

    @property
    def live_phone_contact(self):
        """The main line as patients see it: none while its contact is unpublished (taken down)."""
        contact = self.phone_contact
        return contact if contact is not None and contact.live else None

    def _live_links(self, fields):
        pages = ((getattr(self, name), label) for name, label in fields)
        return [(page, label) for page, label in pages if page is not None and page.live]

    @property
    def navigation_links(self):
        """(page, link text, sub-path) for the header menu: the chosen pages that are live, in menu order;
        the sub-path is the route of the page the entry opens ("" for the page itself)."""
        links = []
        for name, label in NAVIGATION_PAGES:
            page = getattr(self, name)
            if page is None or not page.live:
                continue
            model, subpath = NAVIGATION_SUBPATHS.get(name, (None, ""))
            links.append((page, label, subpath if page.specific_class._meta.model_name == model else ""))
        return links

    @property
    def notice_links(self):
        """(page, link text) for the footer's notices: the chosen pages that are live."""
        return self._live_links(NOTICE_PAGES)

    @classmethod
    def for_site(cls, site):
        """Every page shows the settings, their phone contact, logo and linked pages: kept across requests
        in the shared look-up cache, stale as soon as any of them is saved (or a linked page published)."""
        if site is None:
            return super().for_site(site)
        return cached_lookup(
            f"clinic-settings:{site.pk}",
            (cls, PhoneContact, Page, get_image_model()),
            lambda: super(ClinicSettings, cls).for_site(site),
            shown_by_settings,
        )


def shown_by_settings(clinic_settings):
    tags = [instance_tag("settings", clinic_settings.pk)]
    if clinic_settings.phone_contact_id is not None:
        tags.append(instance_tag("phone", clinic_settings.phone_contact_id))
    if clinic_settings.logo_id is not None:
        tags.append(instance_tag("image", clinic_settings.logo_id))
    for name, _ in NAVIGATION_PAGES + NOTICE_PAGES:
        page_id = getattr(clinic_settings, f"{name}_id")
        if page_id is not None:
            tags.append(instance_tag("page", page_id))
    return tags
