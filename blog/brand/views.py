"""``/brand.css``: the brand colour from the clinic settings as a same-origin stylesheet.

A stylesheet rather than a ``<style>`` element or ``style=""`` attribute keeps the content security
policy free of 'unsafe-inline'. The page cache keeps it like a page: reading the settings declares them,
so saving the settings purges it.
"""

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from blog.models import ClinicSettings
from blog.models.clinic_settings import DEFAULT_BRAND_COLOUR

from .contrast import HEX_COLOUR, darker_shade


def brand_stylesheet_text(colour: str) -> str:
    # Blank means the default; so does a value saved around the validator (raw SQL, an old import).
    if not HEX_COLOUR.match(colour or ""):
        colour = DEFAULT_BRAND_COLOUR
    return f":root {{\n    --brand: {colour.lower()};\n    --brand-dark: {darker_shade(colour)};\n}}\n"


@require_safe
def brand_stylesheet(request):
    clinic_settings = ClinicSettings.for_request(request)
    return HttpResponse(
        brand_stylesheet_text(clinic_settings.brand_colour), content_type="text/css; charset=utf-8"
    )
