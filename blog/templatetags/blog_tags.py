from django import template

from wagtail.models import Site

from blog.models import ClinicSettings
from blog.structured_data import json_ld_script

register = template.Library()


@register.simple_tag(takes_context=True)
def clinic_settings(context):
    """The clinic's settings for this request's site; also works on error pages and previews."""
    request = context.get("request")
    if request is not None:
        return ClinicSettings.for_request(request)
    site = Site.objects.filter(is_default_site=True).first()
    return ClinicSettings.for_site(site) if site else ClinicSettings()


@register.filter
def json_ld(data):
    """``data`` as a JSON-LD script element that no value inside it can break out of."""
    return json_ld_script(data) if data else ""
