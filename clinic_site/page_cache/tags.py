"""What a cached page shows, in the page cache's tags: recorded as it renders, purged as content changes.

Every model instance a cacheable response loads is recorded as ``<kind>:<pk>`` (so a page showing a
phone contact, a category name or another article's title depends on it), and the page Wagtail serves
as ``served:<pk>``. Lists declare what their membership depends on: ``page-list`` for anything listing
live pages (index, home, feeds, sitemap), ``category-articles:<pk>`` and ``tag-articles:<pk>`` for lists
of one category's or tag's articles.
"""

from functools import cache

from django.db.models.signals import post_init

from taggit.models import Tag
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import Page

from clinic_site.page_cache import depends_on
from clinic_site.page_cache.dependencies import is_collecting


@cache
def tag_kinds():
    # Imported late: the page models import this module to declare what their lists depend on.
    from blog.models import Category, ClinicSettings, Person, PhoneContact

    return (
        (Page, "page"),
        (PhoneContact, "phone"),
        (Category, "category"),
        (Person, "person"),
        (ClinicSettings, "settings"),
        (Tag, "tag"),
        (get_image_model(), "image"),
    )


def instance_tag(kind: str, pk) -> str:
    return f"{kind}:{pk}"


def served_tag(pk) -> str:
    return f"served:{pk}"


def category_articles_tag(pk) -> str:
    return f"category-articles:{pk}"


def tag_articles_tag(pk) -> str:
    return f"tag-articles:{pk}"


def kind_of(instance) -> str | None:
    for model, kind in tag_kinds():
        if isinstance(instance, model):
            return kind
    return None


def record_loaded_instance(sender, instance, **kwargs):
    if instance.pk is None or not is_collecting():
        return
    if kind := kind_of(instance):
        depends_on(instance_tag(kind, instance.pk))


def record_served_page(page, request, serve_args, serve_kwargs):
    depends_on(served_tag(page.pk))


def connect():
    post_init.connect(record_loaded_instance, dispatch_uid="page_cache_record_loaded_instance")
    hooks.register("before_serve_page", record_served_page)
