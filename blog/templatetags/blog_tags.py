from django import template
from django.utils.safestring import mark_safe

from wagtail.models import Site

from blog.models import BlogIndexPage, ClinicSettings
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
def blog_feed_links(context):
    """Feeds to advertise: the whole blog's on every page, and a category's on its own archive too."""
    blog_index = blog_index_for(context)
    if blog_index is None:
        return []
    return blog_index.feed_links(context.get("request")) + list(context.get("category_feeds", []))


@register.simple_tag(takes_context=True)
def body_block(context, block, contents=None):
    """``{% include_block block %}`` for an article body, its h2 headings given the ids the contents list
    (``blog.reading.contents``) links to."""
    html = block.render_as_block(context=context.flatten())
    if contents is None or block.block_type != "paragraph":
        return html
    return mark_safe(contents.with_heading_ids(block.id, str(html)))  # noqa: S308 - rendered rich text
