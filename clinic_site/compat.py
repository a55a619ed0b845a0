"""Every use of a library's private API, in one place, each with a test in tests/test_compat.py that
fails loudly when an upgrade changes what it relies on. Add to it only what public APIs cannot do.
"""

# Django's Redis cache (django.core.cache.backends.redis): one redis-py client per connection pool
# needs the pool the cache client would pick and the redis-py class it would build; the cache builds
# its client from ``_class``.


def redis_connection_pool(cache_client, write):
    return cache_client._get_connection_pool(write)


def new_redis_client(cache_client, pool):
    return cache_client._client(connection_pool=pool)


def use_redis_cache_client_class(cache, client_class):
    cache._class = client_class


# Django's CSP middleware reads the policy for one response from ``_csp_config``, which its
# csp_override decorator sets; the admin area's policy is chosen by URL, not by view.


def override_response_csp(response, config):
    response._csp_config = config


# treebeard's materialised path: each level of the page tree is ``steplen`` characters of ``path``.


def tree_step_length(page_model) -> int:
    return page_model.steplen


def parent_path(page) -> str:
    return page.path[: -page.steplen]


# Wagtail's database search backends: the queryset behind a search's results, to select pks only.


def search_results_queryset(results):
    return results.get_queryset()


# Wagtail's SpecificMixin.specific is a cached_property: a value put in the instance's __dict__ is what
# `page.specific` returns, which is how Wagtail's own routing reaches the root page's route().


def set_specific_form(page, specific_page):
    page.__dict__["specific"] = specific_page
