"""Withdrawn stays withdrawn: a purge made while Redis is unreachable is delivered once it is back.

The outage is real: the page cache talks to the real Redis (database 11, under a key prefix of its
own) through a TCP forwarder (tests/tcp_forwarder.py) on a random loopback port that the test stops
and starts, with the production cache backend and the page cache and shared look-ups on. Without
Redis it skips locally and fails under CI.
"""

import os
import secrets
from datetime import timedelta
from io import StringIO

import pytest

from django.core.management import call_command
from django.utils import timezone

from clinic_site import cache_backends
from clinic_site.page_cache import store
from clinic_site.page_cache.models import UndeliveredPurge
from tests.factories import ArticlePageFactory
from tests.tcp_forwarder import TcpForwarder

REDIS_ADDRESS = ("127.0.0.1", 6379)
# Another database may be given (CACHE_OUTAGE_REDIS_DB) where several checkouts share one Redis.
REDIS_DB = int(os.environ.get("CACHE_OUTAGE_REDIS_DB", "11"))
TITLE = "Ice or heat for a stiff neck"


@pytest.fixture
def redis_forwarder():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis(*REDIS_ADDRESS, db=REDIS_DB, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis unreachable at {REDIS_ADDRESS}: {error} (the outage test may not skip in CI)")
        pytest.skip(f"Redis unreachable at {REDIS_ADDRESS}: {error}")
    forwarder = TcpForwarder(REDIS_ADDRESS)
    forwarder.start()
    yield forwarder
    forwarder.stop()


@pytest.fixture
def cache_behind_forwarder(settings, redis_forwarder, monkeypatch):
    """Production's cache settings, with Redis reached through the forwarder."""
    import redis

    prefix = f"outage-test-{secrets.token_hex(6)}"
    settings.CACHES = {
        "default": {
            "BACKEND": "clinic_site.cache_backends.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{redis_forwarder.port}/{REDIS_DB}",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
            "KEY_PREFIX": prefix,
        }
    }
    settings.PAGE_CACHE_SECONDS = 600
    settings.SHARED_LOOKUP_CACHE = True
    # Redis is tried again at the next call after a failure, not after a 2 s rest: no test waits.
    monkeypatch.setattr(cache_backends, "RETRY_AFTER", 0)
    store.forget_process_state()
    yield
    store.forget_process_state()
    direct = redis.Redis(*REDIS_ADDRESS, db=REDIS_DB)
    keys = list(direct.scan_iter(f"{prefix}:*", count=1000))
    if keys:
        direct.delete(*keys)


@pytest.fixture
def article(blog_index, clinic_phone):
    return ArticlePageFactory(parent=blog_index, title=TITLE, slug="ice-or-heat")


def cache_article_and_index(client, article):
    for url in (article.url, "/blog/"):
        client.get(url)
        response = client.get(url)
        assert (response["X-Page-Cache"], TITLE in response.text) == ("hit", True), url


def test_page_withdrawn_while_redis_was_down_is_not_served_once_it_is_back(
    client, article, cache_behind_forwarder, redis_forwarder, publish
):
    cache_article_and_index(client, article)

    redis_forwarder.stop()
    publish(article.unpublish)
    assert UndeliveredPurge.objects.exists()  # the purge could not reach Redis: kept, not lost
    during = client.get(article.url)
    redis_forwarder.start()

    assert during.status_code == 404
    assert client.get(article.url).status_code == 404
    assert client.get(article.url).status_code == 404
    index = client.get("/blog/")
    assert index.status_code == 200 and TITLE not in index.text
    assert not UndeliveredPurge.objects.exists()


def test_page_expired_by_publish_scheduled_while_redis_was_down_is_not_served_once_it_is_back(
    client, article, cache_behind_forwarder, redis_forwarder, publish
):
    article.expire_at = timezone.now() - timedelta(minutes=1)
    article.save(update_fields=["expire_at"])
    cache_article_and_index(client, article)

    redis_forwarder.stop()
    publish(lambda: call_command("publish_scheduled", stdout=StringIO()))
    redis_forwarder.start()

    article.refresh_from_db()
    assert not article.live
    assert client.get(article.url).status_code == 404
    assert TITLE not in client.get("/blog/").text


def test_purge_recorded_by_another_process_is_delivered_before_the_next_hit(
    client, article, cache_behind_forwarder, settings
):
    cache_article_and_index(client, article)
    settings.PAGE_CACHE_UNDELIVERED_CHECK_SECONDS = 0
    # What a management command on a host cut off from Redis leaves: the page unpublished in the
    # database, its purge recorded, and this web process none the wiser.
    article.live = False
    article.save(update_fields=["live"])
    UndeliveredPurge.objects.create(tags=[f"page:{article.pk}", "page-list", "url-space"])

    assert client.get(article.url).status_code == 404
    assert TITLE not in client.get("/blog/").text
    assert not UndeliveredPurge.objects.exists()


def test_next_purge_of_any_process_delivers_recorded_purges(article, client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    client.get(article.url)
    UndeliveredPurge.objects.create(tags=[f"page:{article.pk}"])

    store.purge({"phone:999"})  # e.g. publish_scheduled publishing something else

    assert not UndeliveredPurge.objects.exists()
    assert client.get(article.url)["X-Page-Cache"] == "miss"


def test_hits_look_for_recorded_purges_at_most_once_per_interval(
    client, article, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 600
    client.get(article.url)  # the process's first look, then the interval (an hour in tests) runs

    with django_assert_num_queries(0):
        for _ in range(3):
            assert client.get(article.url)["X-Page-Cache"] == "hit"
