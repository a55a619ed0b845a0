"""A full-page cache for anonymous readers that purges exactly the pages a change affects.

The rule for contributors: whatever decides what a public page shows declares it, there and then,
through this package's API:

- ``shows(*objects)`` for pages, snippets, settings, tags, images and documents it displays
  (``shows_references`` for what a StreamField value embeds or links to);
- ``depends_on(tag)`` for a list it displays: ``PAGE_LIST`` (any list of live pages), a category's or
  tag's list (``tags.category_articles_tag``/``tags.tag_articles_tag``), ``TEAM_LIST`` (who the team
  page lists), ``URL_SPACE`` (which URLs exist).

Nothing is recorded behind the code's back: a value memoised across requests (``{% cache %}``,
``functools.cache``…) must be stored with the tags it shows (``lookups.cached_lookup``), or the pages
that reuse it are never purged. A response that carries a CSP nonce is never stored.

``store`` keeps each response with the version of every tag it declared; ``purging`` gives a tag a new
version when what it names changes (receivers connected per sender, on commit), so every response that
declared it becomes a miss on every app node sharing the cache. ``middleware`` decides what may be
cached and serves it. ``http_cache`` sends the same tags as surrogate keys to the HTTP caches in front
(Varnish, a CDN) and every purge to each Varnish; ``layers`` sends a purge to both.
"""

from .dependencies import depends_on, reference_tags, shows, shows_references
from .layers import purge, purge_everything
from .store import PAGE_LIST, URL_SPACE
from .tags import (
    TEAM_LIST,
    category_articles_tag,
    instance_tag,
    loaded_objects_tags,
    served_tag,
    tag_articles_tag,
)

__all__ = [
    "PAGE_LIST",
    "TEAM_LIST",
    "URL_SPACE",
    "category_articles_tag",
    "depends_on",
    "instance_tag",
    "loaded_objects_tags",
    "purge",
    "purge_everything",
    "reference_tags",
    "served_tag",
    "shows",
    "shows_references",
    "tag_articles_tag",
]
