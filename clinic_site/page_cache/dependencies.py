"""Tags recorded for the response being rendered, when (and only when) it may be cached."""

from contextlib import contextmanager
from contextvars import ContextVar

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
