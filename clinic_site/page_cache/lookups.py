"""Objects every request looks up the same way, kept across requests in the page cache's store.

The request's site and its settings cost a query each on every page that is not served from the page
cache (the site look-up alone, with Wagtail's ranking of candidate sites, is about 2 ms), and a
listing's article count grows with the blog. Stored with
the versions of the tags they show, they go stale with the same purge that makes a cached page stale,
on every app node sharing the cache. Used only where that cache is shared (SHARED_LOOKUP_CACHE, on
with REDIS_URL): a cache of each process's own would miss the purges other processes make.
"""

import logging
from functools import cache
from hashlib import sha256

from django.conf import settings

from . import store
from .dependencies import depends_on

PREFIX = f"{store.PREFIX}:lookup"
# Entries for hosts nobody asks for again expire; the ones in use are refreshed by any purge anyway.
TIMEOUT_SECONDS = 24 * 60 * 60

logger = logging.getLogger(__name__)


@cache
def fields_fingerprint(*models) -> str:
    """Changes when the fields of ``models`` do, so instances pickled by an older deploy are not read."""
    fields = [(model._meta.label, [f.attname for f in model._meta.concrete_fields]) for model in models]
    return sha256(repr(fields).encode()).hexdigest()[:12]


@cache
def templates_fingerprint(*names) -> str:
    """Changes when a deploy changes any of the templates ``names``, so HTML an older deploy rendered from
    them and kept is not served."""
    from django.template.loader import get_template

    sources = [get_template(name).template.source for name in names]
    return sha256(repr(sources).encode()).hexdigest()[:12]


def cached_lookup(name: str, models, load, tags_of, keep=None):
    """``load()``'s result, from the shared cache while none of the tags it was stored with has been
    purged. ``models`` are the models whose instances the value holds. ``tags_of(value)`` names what
    the value shows (``settings:1``, ``phone:3``…), declared for the page being rendered whether the
    value comes from the cache or the database. ``keep(value)``, if given, says whether a value is
    worth storing (e.g. not a miss that any passer-by can make up a name for)."""
    if not settings.SHARED_LOOKUP_CACHE:
        value = load()
        depends_on(*tags_of(value))
        return value
    key = f"{PREFIX}:{fields_fingerprint(*models)}:{name}"
    try:
        entry, sequence = store.lookup_entry(key)
    except store.PurgesUndelivered:  # the cache may hold what was withdrawn while it was unreachable
        return load()
    except Exception:  # e.g. an entry that no longer unpickles
        logger.warning("Could not read %s from the shared cache; looking it up", name, exc_info=True)
        value = load()
        depends_on(*tags_of(value))
        return value
    if entry is not None:
        depends_on(*entry["tags"])
        return entry["value"]
    value = load()
    tags = set(tags_of(value))
    depends_on(*tags)
    if keep is not None and not keep(value):
        return value
    try:
        store.store_entry(key, {"value": value, "tags": sorted(tags)}, tags, sequence, TIMEOUT_SECONDS)
    except Exception:
        logger.warning("Could not keep %s in the shared cache", name, exc_info=True)
    return value
