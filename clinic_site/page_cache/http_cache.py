"""The HTTP caches in front of the app (Varnish, a CDN): the page cache's tags go out as surrogate keys,
and every purge of the page cache is sent to each Varnish by key.

A response the page cache may keep carries its tags (``store.recorded_tags``) in the
``SURROGATE_KEY_HEADER`` header (``xkey``, which Varnish's xkey vmod reads), each as a short hash so
that a page showing 200 objects still fits in a few kilobytes. A purge is ``PURGE /`` with the hashed
keys of the purged tags and their groups in an ``xkey`` header, to every URL in ``VARNISH_URLS``; the
VCL (deploy/varnish/default.vcl) hard-purges the objects carrying any of them, so grace never serves
one again.

A purge a Varnish does not acknowledge is recorded in the database for that Varnish (``undelivered``)
and sent again with the next purge, or by the first request that reaches the app once a second has
passed (``deliver_undelivered_purges``), or by ``manage.py deliver_undelivered_purges``.

A response rendered just before a change can pass the page cache's check and still reach Varnish just
after the change's purge did; so each delivered purge is sent once more ``HTTP_CACHE_REPURGE_SECONDS``
later, from a background thread of the process (a command that exits first skips it).
"""

import http.client
import logging
import threading
import urllib.parse
from hashlib import sha256

from django.conf import settings

from . import store, undelivered

logger = logging.getLogger(__name__)

# The kind of cache undelivered purges are checked for, apart from the page cache's.
HTTP_CACHES = "http"
# Hex digits of a tag's hash kept as its key: 48 bits, so a collision (an extra purge) stays unlikely
# among millions of tags.
KEY_LENGTH = 12
# Keys per PURGE request: 300 keys of 13 bytes stay well under Varnish's 8 KB request-header limit.
KEYS_PER_REQUEST = 300
# Headers whose keys CDNs read comma-separated; the others (xkey, Surrogate-Key) take spaces.
COMMA_SEPARATED_HEADERS = {"cache-tag", "edge-cache-tag"}

# Tags neither a Varnish nor the database could take, by destination; sent with the next purge.
_unrecorded: dict[str, set[str]] = {}


def surrogate_key(tag: str) -> str:
    return sha256(tag.encode()).hexdigest()[:KEY_LENGTH]


def surrogate_keys_header(tags) -> str:
    """The header value naming what a response recorded with ``tags`` shows."""
    header = settings.SURROGATE_KEY_HEADER.lower()
    separator = "," if header in COMMA_SEPARATED_HEADERS else " "
    return separator.join(sorted({surrogate_key(tag) for tag in store.recorded_tags(tags)}))


def _purge_requests(tags) -> list[str]:
    keys = sorted({surrogate_key(tag) for tag in store.with_groups(tags)})
    batches = range(0, len(keys), KEYS_PER_REQUEST)
    return [" ".join(keys[start : start + KEYS_PER_REQUEST]) for start in batches]


def _send(url: str, tags) -> bool:
    """Purge ``tags`` at the Varnish answering ``url``; whether it acknowledged every request."""
    parts = urllib.parse.urlsplit(url)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    try:
        connection = connection_class(parts.hostname, parts.port, timeout=settings.HTTP_CACHE_PURGE_TIMEOUT)
        try:
            for keys in _purge_requests(tags):
                connection.request("PURGE", parts.path or "/", headers={"xkey": keys})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    logger.error("Varnish at %s refused a purge: %s", url, response.status)
                    return False
        finally:
            connection.close()
    except (OSError, http.client.HTTPException) as error:
        logger.warning("Varnish at %s unreachable for a purge: %r", url, error)
        return False
    return True


def _backlog_tags(backlog: undelivered.Backlog | None) -> set[str]:
    if backlog is None:
        return set()
    return {store.EVERYTHING} if backlog.everything else set(backlog.tags)


def _repeat_later(url: str, tags) -> None:
    if settings.HTTP_CACHE_REPURGE_SECONDS > 0:
        timer = threading.Timer(settings.HTTP_CACHE_REPURGE_SECONDS, _send, args=(url, set(tags)))
        timer.daemon = True
        timer.start()


def purge(tags) -> None:
    """Send a purge of ``tags`` (and of what is owed to it) to every Varnish; record what fails."""
    for url in settings.VARNISH_URLS:
        owed = _unrecorded.pop(url, set())
        backlog = undelivered.backlog(url)
        if _send(url, set(tags) | owed | _backlog_tags(backlog)):
            _repeat_later(url, tags)
            if backlog is not None:
                undelivered.forget(backlog)
        elif not undelivered.record(set(tags) | owed, destination=url, kind=HTTP_CACHES):
            _unrecorded[url] = set(tags) | owed  # the backlog stays recorded too


def deliver_undelivered_purges() -> bool:
    """Send the purges recorded for each Varnish, when this process is due to look for them (at most
    once per ``PAGE_CACHE_UNDELIVERED_CHECK_SECONDS``). Whether none is left that it knows of."""
    if not settings.VARNISH_URLS or not undelivered.check_due(HTTP_CACHES):
        return True
    delivered_all = True
    for url in settings.VARNISH_URLS:
        owed = _unrecorded.pop(url, set())
        backlog = undelivered.backlog(url)
        if backlog is None and not owed:
            continue
        if _send(url, owed | _backlog_tags(backlog)):
            if backlog is not None:
                undelivered.forget(backlog)
        else:
            if owed:
                _unrecorded[url] = owed
            delivered_all = False
    return delivered_all


def forget_process_state() -> None:
    _unrecorded.clear()
