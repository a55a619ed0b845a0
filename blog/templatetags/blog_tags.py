from django import template

from wagtail.models import Site

from blog.models import BlogIndexPage, ClinicSettings, footer_locations
from blog.models.clinic_settings import shown_by_settings
from blog.models.locations import shown_in_footer
from blog.reading.site_chrome import FooterSources, rendered_chrome
from blog.reading.structured_data import json_ld_script
from clinic_site.page_cache import shows

register = template.Library()


@register.simple_tag(takes_context=True)
def clinic_settings(context):
    """The clinic's settings for this request's site; also works on error pages and previews."""
    request = context.get("request")
    if request is not None:
        return ClinicSettings.for_request(request)
    site = Site.objects.filter(is_default_site=True).first()
    return ClinicSettings.for_site(site) if site else ClinicSettings()


@register.simple_tag(takes_context=True)
def site_chrome(context, clinic):
    """The header, footer, call bar and blog feeds every page shows, for the page in view: rendered once
    and kept across requests (blog/reading/site_chrome.py)."""
    return rendered_chrome(context.get("request"), clinic, blog_index_for(context), FOOTER_SOURCES)


def tags_shown_by_chrome(clinic, locations):
    return {*shown_by_settings(clinic), *shown_in_footer(locations)}


FOOTER_SOURCES = FooterSources(footer_locations, tags_shown_by_chrome)


@register.filter
def json_ld(data):
    """``data`` as a JSON-LD script element that no value inside it can break out of."""
    return json_ld_script(data) if data else ""


def blog_index_for(context):
    """The blog index behind the page being shown, looked up only when the page does not say."""
    page = context.get("page")
    if isinstance(page, BlogIndexPage):
        return page
    blog_index = (
        context.get("blog_index")
        or getattr(page, "blog_index", None)
        or BlogIndexPage.for_request(context.get("request"))
    )
    shows(blog_index)  # its title and address, in the feed links and archive addresses
    return blog_index


@register.simple_tag(takes_context=True)
def archive_url(context, route_name, slug):
    """Address of the "category" or "tag" archive for ``slug`` on the blog index in view."""
    blog_index = blog_index_for(context)
    index_url = blog_index.get_url(context.get("request")) if blog_index is not None else None
    if index_url is None:
        return ""
    return index_url + blog_index.reverse_subpage(route_name, kwargs={"slug": slug})


@register.simple_tag(takes_context=True)
def blog_feed_links(context, chrome):
    """Feeds to advertise: the whole blog's (kept with the site ``chrome``) on every page, and a
    category's on its own archive too."""
    return [*chrome.feed_links, *context.get("category_feeds", [])]
