"""The app's side of the HTTP caches in front of it: surrogate keys on what may be kept, purges by key to
every Varnish, kept in the database while one is unreachable; the /healthz probe; backends.vcl.

A small HTTP server here stands in for Varnish and records the PURGE requests it gets; tests/test_varnish.py
runs the real one.
"""

import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest

from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from clinic_site.page_cache import http_cache, purge, store
from clinic_site.page_cache.dependencies import depends_on
from clinic_site.page_cache.http_cache import surrogate_key
from clinic_site.page_cache.middleware import PageCacheMiddleware
from clinic_site.page_cache.models import UndeliveredPurge
from tests.factories import ArticlePageFactory

BACKENDS_VCL = Path(__file__).resolve().parents[1] / "deploy" / "varnish" / "backends_vcl.py"


class RecordingVarnish(ThreadingHTTPServer):
    """Answers PURGE with 200 (or ``status``) and keeps each request's keys."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), self.Handler)
        self.purged: list[set[str]] = []
        self.status = 200

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def keys(self):
        return set().union(*self.purged)

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 (http.server's name)
            self.server.purged.append(set(self.headers["xkey"].split()))
            self.send_response(self.server.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass


@pytest.fixture
def recording_varnish(settings):
    server = RecordingVarnish()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.VARNISH_URLS = [server.url]
    yield server
    server.shutdown()
    server.server_close()


def closed_port_url():
    """The address of a server that has just stopped: connections to it are refused."""
    server = RecordingVarnish()
    url = server.url
    server.server_close()
    return url


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def article(blog_index, clinic_phone):
    return ArticlePageFactory(parent=blog_index, title="Walking after a back injury", slug="walking")


def keys_of(response, header="xkey"):
    return set(response[header].split())


def test_a_cacheable_page_names_what_it_shows_as_surrogate_keys_also_on_a_hit(client, article):
    miss = client.get(article.url)
    hit = client.get(article.url)

    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert {surrogate_key(f"page:{article.pk}"), surrogate_key(store.EVERYTHING)} <= keys_of(miss)
    assert keys_of(hit) == keys_of(miss)
    assert all(len(key) == http_cache.KEY_LENGTH for key in keys_of(miss))


def test_what_no_cache_may_keep_carries_no_keys(client, article, admin_client):
    assert "xkey" not in client.get("/search/?q=walking")
    assert "xkey" not in admin_client.get(article.url)
    assert "xkey" not in admin_client.get("/admin/")


@pytest.mark.parametrize(
    ("header", "separator"), [("Surrogate-Key", " "), ("Cache-Tag", ","), ("Edge-Cache-Tag", ",")]
)
def test_the_key_header_is_named_for_the_cdn_with_its_separator(client, article, settings, header, separator):
    settings.SURROGATE_KEY_HEADER = header

    response = client.get(article.url)

    assert "xkey" not in response
    assert surrogate_key(f"page:{article.pk}") in response[header].split(separator)


def test_a_page_stored_without_keys_is_left_to_no_shared_cache(client, article, settings):
    settings.SURROGATE_KEY_HEADER = ""
    client.get(article.url)  # stored by a version of the app that sent no keys
    settings.SURROGATE_KEY_HEADER = "xkey"

    hit = client.get(article.url)

    assert hit["X-Page-Cache"] == "hit" and "xkey" not in hit
    assert "s-maxage=0" in hit["Cache-Control"]


def test_no_key_header_when_it_is_turned_off(client, article, settings):
    settings.SURROGATE_KEY_HEADER = ""

    response = client.get(article.url)

    assert response["X-Page-Cache"] == "miss" and "xkey" not in response


def test_a_page_purged_while_it_rendered_is_left_to_no_shared_cache(db):
    def render_while_an_editor_saves(request):
        depends_on("phone:1")
        store.purge({"phone:1"})
        return HttpResponse("the old number")

    response = PageCacheMiddleware(render_while_an_editor_saves)(RequestFactory().get("/racing/"))

    assert "s-maxage=0" in response["Cache-Control"]


def test_every_purge_reaches_each_varnish_by_key_with_its_groups(
    recording_varnish, settings, article, publish
):
    other = RecordingVarnish()
    threading.Thread(target=other.serve_forever, daemon=True).start()
    settings.VARNISH_URLS = [recording_varnish.url, other.url]
    try:
        publish(article.unpublish)
    finally:
        other.shutdown()
        other.server_close()

    expected = {surrogate_key(f"page:{article.pk}"), surrogate_key("page"), surrogate_key("page-list")}
    for server in (recording_varnish, other):
        assert expected <= server.keys
        assert surrogate_key(store.EVERYTHING) not in server.keys


def test_each_delivered_purge_is_sent_again_a_moment_later(recording_varnish, settings, db):
    settings.HTTP_CACHE_REPURGE_SECONDS = 1.0

    purge({"phone:7"})

    assert recording_varnish.purged == [{surrogate_key("phone:7"), surrogate_key("phone")}]
    deadline = time.monotonic() + 5
    while len(recording_varnish.purged) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert recording_varnish.purged[1] == recording_varnish.purged[0]


def test_a_large_purge_is_sent_in_requests_varnish_accepts(recording_varnish, db):
    purge({f"page:{pk}" for pk in range(1000)})

    assert len(recording_varnish.purged) > 1
    assert all(len(" ".join(keys)) < 6000 for keys in recording_varnish.purged)
    expected = {surrogate_key(f"page:{pk}") for pk in range(1000)} | {surrogate_key("page")}
    assert recording_varnish.keys == expected


def test_a_purge_varnish_cannot_take_is_recorded_and_sent_by_the_next_request(
    client, settings, article, recording_varnish
):
    reachable = recording_varnish.url
    settings.VARNISH_URLS = [closed_port_url()]
    down = settings.VARNISH_URLS[0]

    purge({f"page:{article.pk}"})

    recorded = list(UndeliveredPurge.objects.values_list("destination", "tags"))
    assert recorded == [(down, [f"page:{article.pk}"])]
    assert not recording_varnish.purged

    # The same Varnish back at the address the records name.
    UndeliveredPurge.objects.update(destination=reachable)
    settings.VARNISH_URLS = [reachable]
    settings.PAGE_CACHE_UNDELIVERED_CHECK_SECONDS = 0
    client.get(article.url)

    assert surrogate_key(f"page:{article.pk}") in recording_varnish.keys
    assert not UndeliveredPurge.objects.exists()


def test_a_refused_purge_is_recorded_too(recording_varnish, db):
    recording_varnish.status = 403

    purge({"phone:3"})

    assert UndeliveredPurge.objects.filter(destination=recording_varnish.url, tags=["phone:3"]).exists()


def test_requests_look_for_owed_purges_at_most_once_per_interval(
    client, article, settings, recording_varnish, django_assert_num_queries
):
    client.get(article.url)
    client.get(article.url)  # the first look, then the interval (an hour in tests) runs

    with django_assert_num_queries(0):
        assert client.get(article.url)["X-Page-Cache"] == "hit"


def test_the_command_delivers_what_is_owed_and_fails_while_it_cannot(settings, recording_varnish, db):
    UndeliveredPurge.objects.create(destination=recording_varnish.url, tags=["phone:4"])
    down = closed_port_url()
    UndeliveredPurge.objects.create(destination=down, tags=["phone:5"])
    settings.VARNISH_URLS = [recording_varnish.url, down]

    with pytest.raises(CommandError, match="Varnish still cannot be sent"):
        call_command("deliver_undelivered_purges", stdout=StringIO())

    assert surrogate_key("phone:4") in recording_varnish.keys
    assert list(UndeliveredPurge.objects.values_list("destination", flat=True)) == [down]
    settings.VARNISH_URLS = [recording_varnish.url]
    UndeliveredPurge.objects.update(destination=recording_varnish.url)
    output = StringIO()
    call_command("deliver_undelivered_purges", stdout=output)
    assert "No purges are left undelivered" in output.getvalue()
    assert not UndeliveredPurge.objects.exists()


def test_health_check_answers_without_host_tls_cookie_or_cache(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["blog.example.org"]

    response = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")

    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response["Cache-Control"] == "private, no-store"
    assert not response.cookies


def test_health_check_reports_a_node_without_its_database_as_sick(client, monkeypatch):
    from django.db import connection

    def unreachable():
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", unreachable)

    assert client.get("/healthz").status_code == 503


def backends_vcl(**environment):
    return subprocess.run(
        [sys.executable, str(BACKENDS_VCL)], env=environment, capture_output=True, text=True, timeout=30
    )


def test_backends_vcl_lists_every_node_and_the_purgers():
    written = backends_vcl(VARNISH_BACKENDS="10.0.0.5:8000, 10.0.0.6:8000", VARNISH_PURGERS="10.0.0.0/24")

    assert written.returncode == 0, written.stderr
    assert written.stdout.count(".probe = healthz;") == 2
    assert "app.add_backend(node2);" in written.stdout
    assert '"10.0.0.0"/24;' in written.stdout


@pytest.mark.parametrize(
    "environment",
    [
        {"VARNISH_BACKENDS": "10.0.0.5"},
        {"VARNISH_BACKENDS": "10.0.0.5:http"},
        {"VARNISH_BACKENDS": " , "},
        {"VARNISH_PURGERS": "app-node-1"},
        {"VARNISH_PROBE_INTERVAL": "0"},
    ],
)
def test_backends_vcl_refuses_bad_settings_in_one_line(environment):
    refused = backends_vcl(**environment)

    assert refused.returncode != 0 and refused.stdout == ""
    assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
