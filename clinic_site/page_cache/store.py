"""Cached responses keyed by URL, each carrying the version of every tag it depends on.

A purge moves each purged tag to the next value of one shared sequence. An entry is fresh only while
every tag it recorded still has the version it recorded, so a purge on one app node is seen by all the
others at their next lookup. A response whose tags were purged while it was rendering is not stored:
it may show data from before the change.

A purge that cannot reach the cache is recorded in the database (``undelivered``) and sent by the next
process that can: with its own next purge, or before it next serves from the cache.
"""

import logging
import time
from collections import Counter
from hashlib import sha256

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

from . import undelivered

PREFIX = "page-cache"
SEQUENCE_KEY = f"{PREFIX}:sequence"
# Every entry depends on this tag, so purging it empties the page cache without touching other keys.
EVERYTHING = "everything"
# Tags for what many pages share: the lists of live pages (indexes, feeds, sitemap), and which URLs
# exist (what redirects and "not found" answers depend on).
PAGE_LIST = "page-list"
URL_SPACE = "url-space"
# Past this many tags one response keeps just the group of the largest kind ("page" for "page:12"…).
MAX_TAGS = 200

logger = logging.getLogger(__name__)
# Tags neither the cache nor the database could take; sent again with this process's next purge.
_unrecorded: set[str] = set()
# Entry key -> the tags it was stored with, to fetch their versions along with the entry.
_known_tags: dict[str, tuple[str, ...]] = {}
MAX_KNOWN_ENTRIES = 20_000


class PurgesUndelivered(Exception):
    """Purges recorded as undelivered still cannot be sent: the cache may show withdrawn content."""


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _tag_key(tag: str) -> str:
    return f"{PREFIX}:tag:{tag}"


def entry_key(url: str) -> str:
    return f"{PREFIX}:entry:{sha256(url.encode()).hexdigest()}"


def group_of(tag: str) -> str:
    return tag.split(":", 1)[0]


def current_sequence() -> int:
    """The sequence now; started from the clock so it never goes back if the cache lost it."""
    cache = _cache()
    sequence = cache.get(SEQUENCE_KEY)
    if sequence is None:
        cache.add(SEQUENCE_KEY, time.time_ns() // 1000, timeout=None)
        sequence = cache.get(SEQUENCE_KEY, 0)
    return sequence


def _next_sequence() -> int:
    cache = _cache()
    try:
        return cache.incr(SEQUENCE_KEY)
    except ValueError:  # the key is missing: start it, then count on from there
        current_sequence()
        return cache.incr(SEQUENCE_KEY)


def _versions(tags) -> dict[str, int]:
    found = _cache().get_many([_tag_key(tag) for tag in tags])
    return {tag: found.get(_tag_key(tag), 0) for tag in tags}


def lookup(key: str) -> tuple[HttpResponse | None, int]:
    """The fresh cached response for ``key`` (or None) and the sequence to pass to ``store`` on a miss."""
    entry, sequence = lookup_entry(key)
    if entry is None:
        return None, sequence
    response = HttpResponse(entry["content"], status=entry["status"])
    for header, value in entry["headers"]:
        response[header] = value
    return response, sequence


def lookup_entry(key: str) -> tuple[dict | None, int]:
    """The fresh entry stored under ``key`` (or None) and the sequence to pass to ``store_entry``.

    The tags an entry was stored with are remembered in this process, so one round trip to the cache
    usually fetches the entry, the sequence and the tags' versions together. Raises PurgesUndelivered
    when purges recorded as undelivered cannot be sent yet.
    """
    deliver_undelivered_purges()
    known_tags = _known_tags.get(key, ())
    found = _cache().get_many([key, SEQUENCE_KEY, *map(_tag_key, known_tags)])
    sequence = found.get(SEQUENCE_KEY) or current_sequence()
    entry = found.get(key)
    if entry is None:
        return None, sequence
    recorded = entry["versions"]
    if set(recorded) != set(known_tags):
        if len(_known_tags) >= MAX_KNOWN_ENTRIES:
            _known_tags.clear()
        _known_tags[key] = tuple(recorded)
        found.update(_cache().get_many([_tag_key(tag) for tag in recorded if tag not in known_tags]))
    if any(found.get(_tag_key(tag), 0) != version for tag, version in recorded.items()):
        return None, sequence
    return entry, sequence


def with_groups(tags) -> set[str]:
    """What purging ``tags`` purges: the tags and their groups (a response that kept only its
    largest group's tag depends on each of that group's members)."""
    return set(tags) | {group_of(tag) for tag in tags}


def recorded_tags(tags) -> set[str]:
    """The tags a response is stored with, and sent to HTTP caches as its surrogate keys."""
    return coarsen(tags) | {EVERYTHING}


def coarsen(tags: set[str]) -> set[str]:
    """Few enough tags to check on every hit: the largest groups give way to their group tag."""
    tags = set(tags)
    while len(tags) > MAX_TAGS:
        largest, _ = Counter(group_of(tag) for tag in tags if ":" in tag).most_common(1)[0]
        tags = {tag for tag in tags if group_of(tag) != largest or ":" not in tag} | {largest}
    return tags


def store(key: str, response: HttpResponse, tags: set[str], sequence_at_start: int, timeout: int) -> bool:
    entry = {"status": response.status_code, "headers": list(response.items()), "content": response.content}
    return store_entry(key, entry, tags, sequence_at_start, timeout)


def store_entry(key: str, entry: dict, tags: set[str], sequence_at_start: int, timeout: int | None) -> bool:
    """Keep ``entry`` under ``key`` with the versions of ``tags``, unless one of them was purged since
    ``sequence_at_start``: the entry may then show data from before the change."""
    versions = _versions(recorded_tags(tags))
    if any(version > sequence_at_start for version in versions.values()):
        return False
    _cache().set(key, {**entry, "versions": versions}, timeout)
    return True


def _send(tags) -> set[str]:
    """Purge ``tags`` (and their groups) in the cache; returns the tags that could not be purged."""
    tags = with_groups(tags)
    try:
        sequence = _next_sequence()
        failed_keys = set(_cache().set_many({_tag_key(tag): sequence for tag in tags}, timeout=None) or ())
    except Exception as error:
        logger.warning("Page cache purge failed: %r", error)
        return tags
    return {tag for tag in tags if _tag_key(tag) in failed_keys}


def _backlog_tags(backlog: undelivered.Backlog) -> set[str]:
    return {EVERYTHING} if backlog.everything else set(backlog.tags)


def purge(tags) -> None:
    """Make stale every cached response that depends on any of ``tags`` (or on their groups).

    Purges recorded as undelivered by any process go along. If the cache cannot be reached, the tags
    are recorded for whichever process reaches it next.
    """
    tags = set(tags) | _unrecorded
    backlog = undelivered.backlog()
    if backlog is not None:
        tags |= _backlog_tags(backlog)
    if not tags:
        return
    failed = _send(tags)
    _unrecorded.clear()
    if failed and not undelivered.record(failed):
        _unrecorded.update(failed)  # the backlog stays recorded too
    elif backlog is not None:
        undelivered.forget(backlog)


def deliver_undelivered_purges() -> None:
    """Send the purges any process recorded as undelivered, when this process is due to look for them.

    Raises PurgesUndelivered if there are some and they still cannot be sent.
    """
    if not undelivered.check_due():
        return
    backlog = undelivered.backlog()
    if backlog is None:
        return
    if _send(_backlog_tags(backlog)):
        undelivered.check_at_next_lookup(undelivered.PAGE_CACHE)
        raise PurgesUndelivered("purges recorded while the cache was unreachable cannot be sent yet")
    undelivered.forget(backlog)


def forget_process_state() -> None:
    """Drop what this process remembers about the cache; for tests that clear the cache itself."""
    _unrecorded.clear()
    _known_tags.clear()
    undelivered.check_at_next_lookup()


def purge_everything() -> None:
    purge({EVERYTHING})
