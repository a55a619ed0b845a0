"""Every purge reaches every cache layer: the page cache in Redis (``store``), then the HTTP caches in
front of the app (``http_cache``), each keeping what it could not deliver for a later delivery."""

from . import http_cache, store


def purge(tags) -> None:
    """Make stale, in every cache, each response that depends on any of ``tags`` (or on their groups)."""
    store.purge(tags)
    http_cache.purge(tags)


def purge_everything() -> None:
    purge({store.EVERYTHING})
