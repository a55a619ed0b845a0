"""What the response being rendered shows, declared where a page decides to show it.

Tags are recorded only while a cacheable response renders (``collecting``); elsewhere declaring is a
no-op, so the page code calls ``shows``/``depends_on`` unconditionally.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from wagtail import hooks

from . import tags as vocabulary

_collected: ContextVar[set[str] | None] = ContextVar("page_cache_dependencies", default=None)


@contextmanager
def collecting():
    """Record the tags declared while the block runs; yields the set they are added to."""
    tags: set[str] = set()
    token = _collected.set(tags)
    try:
        yield tags
    finally:
        _collected.reset(token)


def is_collecting() -> bool:
    return _collected.get() is not None


def depends_on(*tags: str) -> None:
    """Declare that the response being rendered shows what ``tags`` name; a no-op outside caching."""
    collected = _collected.get()
    if collected is not None:
        collected.update(tags)


def shows(*objects) -> None:
    """Declare that the response shows ``objects`` (pages, snippets, settings, tags, images,
    documents): saving, publishing or deleting any of them purges it. ``None`` and unsaved objects are
    skipped."""
    if not is_collecting():
        return
    depends_on(
        *(
            vocabulary.instance_tag(kind, obj.pk)
            for obj in objects
            if obj is not None and obj.pk is not None and (kind := vocabulary.kind_of(obj))
        )
    )


def shows_references(stream_value) -> None:
    """Declare what a StreamField value shows of other objects: its images, snippets and the pages and
    documents its rich text links to, as Wagtail's reference index finds them."""
    if not is_collecting():
        return
    depends_on(*reference_tags(stream_value))


def reference_tags(stream_value) -> set[str]:
    """The tags of what a StreamField value shows of other objects (see ``shows_references``)."""
    return {
        vocabulary.instance_tag(kind, object_id)
        for model, object_id, _, _ in stream_value.stream_block.extract_references(stream_value)
        if (kind := vocabulary.kind_of_model(model))
    }


def record_served_page(page, request, serve_args, serve_kwargs):
    """Every page Wagtail serves shows itself; ``served:<pk>`` also names the page in its own right
    (its previous/next links change when a neighbour is published)."""
    depends_on(vocabulary.served_tag(page.pk), vocabulary.instance_tag("page", page.pk))


def connect():
    hooks.register("before_serve_page", record_served_page)
