"""Purges that could not reach a cache, kept in the database until a process delivers them.

A purge made while Redis (or a Varnish) is unreachable would otherwise be lost with the process that
made it (a management command such as ``publish_scheduled`` exits at once), and the withdrawn page would
be served from that cache again once it is back. So the tags are recorded in the database, which every
process shares and which just committed the change that needed them, with the cache they are owed to
(``destination``: ``PAGE_CACHE`` for Redis, a Varnish's purge URL). Any process sends the recorded
tags with its next purge, and looks for records before serving: at most once every
``PAGE_CACHE_UNDELIVERED_CHECK_SECONDS`` for each kind of cache, and before every lookup while records
it knows of are unsent.
"""

import logging
import time
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError
from django.db.models import Max

logger = logging.getLogger(__name__)
# Past this many records (a long outage), the backlog is sent as one purge of everything.
MAX_RECORDS = 100
# The destination of purges owed to the page cache (Redis); the kind of cache checked for them too.
PAGE_CACHE = ""

# When this process last looked for records, by kind of cache.
_last_check_at: dict[str, float] = {}


@dataclass(frozen=True)
class Backlog:
    through_pk: int
    tags: frozenset[str]
    destination: str = PAGE_CACHE
    # Too many records to read: purge everything instead of their tags.
    everything: bool = False


def _model():
    # From the app registry: the package imports this module while the apps load, before models can be.
    return apps.get_model("page_cache", "UndeliveredPurge")


def check_due(kind: str = PAGE_CACHE) -> bool:
    """Whether this process should look for records of ``kind`` now; restarts the interval if so."""
    now = time.monotonic()
    if now - _last_check_at.get(kind, float("-inf")) < settings.PAGE_CACHE_UNDELIVERED_CHECK_SECONDS:
        return False
    _last_check_at[kind] = now
    return True


def check_at_next_lookup(kind: str | None = None) -> None:
    """Look for records of ``kind`` (of every kind if None) at the next chance, not after the interval."""
    if kind is None:
        _last_check_at.clear()
    else:
        _last_check_at.pop(kind, None)


def record(tags, destination: str = PAGE_CACHE, kind: str = PAGE_CACHE) -> bool:
    """Keep ``tags`` for a later delivery; False if the database could not take them either."""
    try:
        _model().objects.create(tags=sorted(tags), destination=destination)
    except DatabaseError:
        logger.error("Could not record %d undelivered purges for %r", len(tags), destination, exc_info=True)
        return False
    check_at_next_lookup(kind)
    return True


def backlog(destination: str = PAGE_CACHE) -> Backlog | None:
    """What is recorded now for ``destination``, or None (also when the database cannot be read:
    nothing is known)."""
    records = _model().objects.filter(destination=destination)
    try:
        rows = list(records.values_list("pk", "tags")[: MAX_RECORDS + 1])
        if len(rows) > MAX_RECORDS:
            through_pk = records.aggregate(last=Max("pk"))["last"]
            return Backlog(through_pk=through_pk, tags=frozenset(), destination=destination, everything=True)
    except DatabaseError:
        logger.warning("Could not read undelivered purges for %r", destination, exc_info=True)
        return None
    if not rows:
        return None
    tags = frozenset(tag for _, recorded in rows for tag in recorded)
    return Backlog(through_pk=rows[-1][0], tags=tags, destination=destination)


def forget(delivered: Backlog) -> None:
    """Drop the records ``delivered`` covered; records made since stay for the next delivery."""
    try:
        _model().objects.filter(destination=delivered.destination, pk__lte=delivered.through_pk).delete()
    except DatabaseError:  # they stay, and are sent once more: harmless
        logger.warning("Could not drop delivered purges for %r", delivered.destination, exc_info=True)
