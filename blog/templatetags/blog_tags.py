from django import template

from wagtail.models import Site

from blog.models import ClinicSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def clinic_settings(context):
    """The clinic's settings for this request's site; also works on error pages and previews."""
    request = context.get("request")
    if request is not None:
        return ClinicSettings.for_request(request)
    site = Site.objects.filter(is_default_site=True).first()
    return ClinicSettings.for_site(site) if site else ClinicSettings()
