from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

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

    select_related = ["phone_contact"]

    panels = [FieldPanel("clinic_name"), FieldPanel("phone_contact"), FieldPanel("disclaimer")]

    class Meta:
        verbose_name = "clinic settings"
