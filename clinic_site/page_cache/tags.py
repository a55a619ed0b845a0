"""The page cache's vocabulary: the tags that name what a cached response shows and the lists it follows.

``<kind>:<pk>`` names one object a response shows (``page:12``, ``phone:3``…); ``served:<pk>`` the page
Wagtail served; ``category-articles:<pk>`` and ``tag-articles:<pk>`` a list of one category's or tag's
articles; ``team-list`` which people the team page lists (``page-list`` and ``url-space``, in ``store``,
every list of live pages and which URLs exist).
Only strings here: the models are named by label, so this module imports no app.
"""

from functools import cache

from django.apps import apps

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

# What pages show, by the kind that names it in a tag. Subclasses count as their model (every page
# type is a "page").
SHOWN_MODELS = {
    "wagtailcore.Page": "page",
    "blog.PhoneContact": "phone",
    "blog.Category": "category",
    "blog.Person": "person",
    "blog.Location": "location",
    "blog.ClinicSettings": "settings",
    "taggit.Tag": "tag",
}


@cache
def tag_kinds():
    """(model, kind) for every model whose instances pages show; once the app registry is ready."""
    kinds = tuple((apps.get_model(label), kind) for label, kind in SHOWN_MODELS.items())
    return (*kinds, (get_image_model(), "image"), (get_document_model(), "document"))


TEAM_LIST = "team-list"


def instance_tag(kind: str, pk) -> str:
    return f"{kind}:{pk}"


def served_tag(pk) -> str:
    return f"served:{pk}"


def category_articles_tag(pk) -> str:
    return f"category-articles:{pk}"


def tag_articles_tag(pk) -> str:
    return f"tag-articles:{pk}"


def kind_of_model(model) -> str | None:
    for shown, kind in tag_kinds():
        if issubclass(model, shown):
            return kind
    return None


def kind_of(instance) -> str | None:
    return kind_of_model(type(instance))


def loaded_objects_tags(instance) -> set[str]:
    """Tags for ``instance`` and for every object loaded along with it (``select_related`` and
    ``prefetch_related``): a copy kept across requests holds them all as they were when it was loaded."""
    tags, pending, seen = set(), [instance], set()
    while pending:
        obj = pending.pop()
        if obj is None or id(obj) in seen:
            continue
        seen.add(id(obj))
        if obj.pk is not None and (kind := kind_of(obj)):
            tags.add(instance_tag(kind, obj.pk))
        pending.extend(obj._state.fields_cache.values())
        for prefetched in getattr(obj, "_prefetched_objects_cache", {}).values():
            pending.extend(prefetched)  # evaluated already: iterating runs no query
    return tags
