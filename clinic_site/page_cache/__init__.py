"""A full-page cache for anonymous readers that purges exactly the pages a change affects.

While a cacheable response renders, ``dependencies`` records tags for what it shows (``page:12``,
``phone:3``…) and for the lists it depends on (``page-list``…). ``store`` keeps the response with the
version of each tag; purging a tag gives it a new version, so every response that recorded it becomes
a miss on every app node sharing the cache. ``middleware`` decides what may be cached and serves it.
"""

from .dependencies import depends_on
from .store import PAGE_LIST, URL_SPACE, purge, purge_everything

__all__ = ["PAGE_LIST", "URL_SPACE", "depends_on", "purge", "purge_everything"]
