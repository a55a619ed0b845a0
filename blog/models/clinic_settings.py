from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from clinic_site.page_cache.lookups import cached_lookup
from clinic_site.page_cache.tags import instance_tag

from .snippets import PhoneContact

DEFAULT_DISCLAIMER = (
    "This article is for general education and is not medical advice. "
    "Talk to your doctor or call our clinic about your own symptoms and treatment. "
    "If you have a medical emergency, call 911."
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
        help_text="Shown in the header and footer of every page.",
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

    select_related = ["phone_contact"]

    panels = [
        FieldPanel("clinic_name"),
        FieldPanel("phone_contact"),
        FieldPanel("disclaimer"),
        FieldPanel("default_share_image"),
    ]

    class Meta:
        verbose_name = "clinic settings"

    @property
    def live_phone_contact(self):
        """The main line as patients see it: none while its contact is unpublished (taken down)."""
        contact = self.phone_contact
        return contact if contact is not None and contact.live else None

    @classmethod
    def for_site(cls, site):
        """Every page shows the settings and their phone contact: kept across requests in the shared
        look-up cache, stale as soon as either is saved."""
        if site is None:
            return super().for_site(site)
        return cached_lookup(
            f"clinic-settings:{site.pk}",
            (cls, PhoneContact),
            lambda: super(ClinicSettings, cls).for_site(site),
            shown_by_settings,
        )


def shown_by_settings(clinic_settings):
    tags = [instance_tag("settings", clinic_settings.pk)]
    if clinic_settings.phone_contact_id is not None:
        tags.append(instance_tag("phone", clinic_settings.phone_contact_id))
    return tags
