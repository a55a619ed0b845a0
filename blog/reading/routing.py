"""Routing a request to a page's child as its specific page type in one query.

Wagtail's ``Page.route`` looks the child up as a plain ``Page`` and then again as its specific type (two
queries per level of the URL). A page that names the type its children usually have looks them up as
that type at once, with what their own page shows loaded alongside, and leaves any other child (or a
missing one, the 404) to Wagtail.

The child found is kept in the shared look-up cache with the tags of everything loaded with it (its
own page, its author, photos…) and its view restrictions, so publishing, moving or deleting it, editing
what it holds or changing any view restriction (which purges everything) makes the next request look it
up again; a miss is never kept, so a made-up address costs no cache entry.
Every uncached page below the home page is routed this way, and building and compiling these
queries was about a third of an uncached article's time.
"""

from django.conf import settings

from clinic_site.page_cache import loaded_objects_tags
from clinic_site.page_cache.lookups import cached_lookup


def loaded_models(queryset):
    """The models whose instances ``queryset`` loads: its own and each one it selects related."""
    models, pending = [queryset.model], [(queryset.model, queryset.query.select_related)]
    while pending:
        model, related = pending.pop()
        if not isinstance(related, dict):  # False: nothing more (True, every relation, is not used here)
            continue
        for name, deeper in related.items():
            target = model._meta.get_field(name).related_model
            models.append(target)
            pending.append((target, deeper))
    return tuple(models)


def child_with_its_view_restrictions(child):
    """``child``, with the view restrictions Wagtail checks before serving it read and kept along (a query
    on every uncached request otherwise); looked up per request, it reads them only if it is served."""
    if settings.SHARED_LOOKUP_CACHE and child is not None and hasattr(child, "keep_view_restrictions"):
        child.keep_view_restrictions()
    return child


class RoutesToChildrenOfOneType:
    def routed_children(self):
        """A queryset of the page type most children have; None routes every child as Wagtail does."""
        return None

    def route(self, request, path_components):
        if path_components and (children := self.routed_children()) is not None:
            slug = path_components[0]
            child = cached_lookup(
                f"route:{self.pk}:{slug}",
                models=loaded_models(children),
                load=lambda: child_with_its_view_restrictions(
                    children.child_of(self).filter(slug=slug).first()
                ),
                tags_of=lambda child: loaded_objects_tags(child) if child is not None else (),
                keep=lambda child: child is not None,
            )
            if child is not None:
                # Like Wagtail's route: the child's parent is known, so get_parent() costs no query.
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)
