"""Routing a request to a page's child as its specific page type in one query.

Wagtail's ``Page.route`` looks the child up as a plain ``Page`` and then again as its specific type (two
queries per level of the URL). A page that names the type its children usually have looks them up as
that type at once, with what their own page shows loaded alongside, and leaves any other child (or a
missing one, the 404) to Wagtail.
"""


class RoutesToChildrenOfOneType:
    def routed_children(self):
        """A queryset of the page type most children have; None routes every child as Wagtail does."""
        return None

    def route(self, request, path_components):
        if path_components and (children := self.routed_children()) is not None:
            child = children.child_of(self).filter(slug=path_components[0]).first()
            if child is not None:
                # Like Wagtail's route: the child's parent is known, so get_parent() costs no query.
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)
