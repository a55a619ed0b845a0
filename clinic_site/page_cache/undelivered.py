"""Purges that could not reach the shared cache, kept in the database until a process delivers them.

A purge made while Redis is unreachable would otherwise be lost with the process that made it (a
management command such as ``publish_scheduled`` exits at once), and the withdrawn page would be served
from the cache again once Redis is back. So the tags are recorded in the database, which every process
shares and which just committed the change that needed them. Any process sends the recorded tags with
its next purge, and looks for records before serving from the cache: at most once every
``PAGE_CACHE_UNDELIVERED_CHECK_SECONDS``, and before every lookup while records it knows of are unsent.
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

_last_check_at = float("-inf")


@dataclass(frozen=True)
class Backlog:
    through_pk: int
    tags: frozenset[str]
    # Too many records to read: purge everything instead of their tags.
    everything: bool = False


def _model():
    # From the app registry: the package imports this module while the apps load, before models can be.
    return apps.get_model("page_cache", "UndeliveredPurge")


def check_due() -> bool:
    """Whether this process should look for records now; restarts the interval if so."""
    global _last_check_at
    now = time.monotonic()
    if now - _last_check_at < settings.PAGE_CACHE_UNDELIVERED_CHECK_SECONDS:
        return False
    _last_check_at = now
    return True


def check_at_next_lookup() -> None:
    global _last_check_at
    _last_check_at = float("-inf")


def record(tags) -> bool:
    """Keep ``tags`` for a later delivery; False if the database could not take them either."""
    try:
        _model().objects.create(tags=sorted(tags))
    except DatabaseError:
        logger.error("Could not record %d undelivered page cache purges", len(tags), exc_info=True)
        return False
    check_at_next_lookup()
    return True


def backlog() -> Backlog | None:
    """What is recorded now, or None (also when the database cannot be read: nothing is known)."""
    try:
        rows = list(_model().objects.values_list("pk", "tags")[: MAX_RECORDS + 1])
        if len(rows) > MAX_RECORDS:
            through_pk = _model().objects.aggregate(last=Max("pk"))["last"]
            return Backlog(through_pk=through_pk, tags=frozenset(), everything=True)
    except DatabaseError:
        logger.warning("Could not read undelivered page cache purges", exc_info=True)
        return None
    if not rows:
        return None
    return Backlog(through_pk=rows[-1][0], tags=frozenset(tag for _, tags in rows for tag in tags))


def forget(delivered: Backlog) -> None:
    """Drop the records ``delivered`` covered; records made since stay for the next delivery."""
    try:
        _model().objects.filter(pk__lte=delivered.through_pk).delete()
    except DatabaseError:  # they stay, and are sent once more: harmless
        logger.warning("Could not drop delivered page cache purges", exc_info=True)
