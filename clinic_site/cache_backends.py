"""Django's RedisCache, made to treat an unreachable Redis as an empty cache instead of an error.

Wagtail reads the default cache on every request (site root paths), so without this a Redis outage
would turn every page into a 500. After a failure Redis is left alone for ``RETRY_AFTER`` seconds,
so requests during an outage do not each wait for a connection timeout.
"""

import logging
import time

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from clinic_site import compat

logger = logging.getLogger(__name__)
RETRY_AFTER = 2.0


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Builds one redis-py client per connection pool instead of one per cache call (~0.3 ms each)."""

    def get_client(self, key=None, *, write=False):
        pool = compat.redis_connection_pool(self, write)
        clients = self.__dict__.setdefault("_clients", {})
        if pool not in clients:
            clients[pool] = compat.new_redis_client(self, pool)
        return clients[pool]


class FailSoftRedisCache(RedisCache):
    _down_until = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        compat.use_redis_cache_client_class(self, ReusedClientRedisCacheClient)

    def _call(self, method, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return method(*args, **kwargs)
        except RedisError as error:
            self._down_until = time.monotonic() + RETRY_AFTER
            logger.warning("Redis cache unavailable, serving without it for %ss: %s", RETRY_AFTER, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, list(data), data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, None, keys, version)

    def clear(self):
        return self._call(super().clear, False)

    def incr(self, key, delta=1, version=None):
        # Raises instead of answering a fallback: a caller counting on it (the page cache's purge) must
        # know it failed. While Redis is left alone it fails at once rather than after a timeout.
        if time.monotonic() < self._down_until:
            raise RedisConnectionError("Redis is left alone after a failure")
        try:
            return super().incr(key, delta, version)
        except RedisError:
            self._down_until = time.monotonic() + RETRY_AFTER
            raise
