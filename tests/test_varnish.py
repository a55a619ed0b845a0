"""Varnish in front of the app (deploy/varnish/default.vcl), purged by surrogate keys: the real Debian
varnishd with its xkey vmod.

Varnish listens on a free loopback port (8140-8149) with a working directory of its own. Its one
backend is this test process's live server (production's page-cache settings, one trusted proxy),
reached through a TCP forwarder; the app's purges reach Varnish through another forwarder, which a
test stops to make Varnish unreachable. The grace tests put Varnish in front of a small fake app whose
answers they control. Without varnishd or the xkey vmod these tests skip locally and fail under CI.
"""

import glob
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client, override_settings

from wagtail.documents.models import Document

from blog.models import Category
from clinic_site.page_cache import store
from clinic_site.page_cache.http_cache import surrogate_key
from clinic_site.page_cache.models import UndeliveredPurge
from tests.factories import ArticlePageFactory, publish_changes
from tests.tcp_forwarder import TcpForwarder

# The live server reads what the tests write, so those tests commit (and put back what migrations made).
live_app = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BASE_DIR = Path(__file__).resolve().parent.parent
DEPLOY = BASE_DIR / "deploy" / "varnish"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
VARNISHADM = shutil.which("varnishadm") or "/usr/bin/varnishadm"
PORTS = range(8140, 8150)
VISIBLE_WITHIN = 1.0


def unavailable(reason):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (the Varnish tests may not skip in CI)")
    pytest.skip(reason)


def require_varnish():
    if not Path(VARNISHD).exists():
        unavailable(f"varnishd not found at {VARNISHD}: apt-get install -y varnish varnish-modules")
    if not glob.glob("/usr/lib/*/varnish/vmods/libvmod_xkey.so"):
        unavailable("Varnish's xkey vmod not found: apt-get install -y varnish-modules")


_taken_ports: set[int] = set()


def free_port():
    for port in PORTS:
        if port in _taken_ports:
            continue
        # Bind, not connect: a socket still held by a stopping varnishd refuses connections but not binds.
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        _taken_ports.add(port)
        return port
    unavailable(f"no free loopback port in {PORTS.start}-{PORTS.stop - 1}")


def process_group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def within(seconds, check):
    """Whether ``check()`` comes true within ``seconds``, asking every 50 ms."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    text: str

    @property
    def cache(self):
        return self.headers.get("X-Cache")

    @property
    def age(self):
        return int(self.headers.get("Age", "0"))

    @property
    def object_id(self):
        """The transaction that fetched the object a hit was served from (X-Varnish's second number)."""
        ids = self.headers.get("X-Varnish", "").split()
        return ids[1] if len(ids) == 2 else None


class Varnish:
    """varnishd in the foreground with the repository's VCL, in front of ``backends`` (host:port)."""

    def __init__(self, workdir: Path, backends: list[str]):
        self.workdir = workdir
        self.backends = backends
        self.port = free_port()
        self.process = None

    def start(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "VARNISH_BACKENDS": ",".join(self.backends),
            "VARNISH_PURGERS": "127.0.0.1",
            "VARNISH_PROBE_INTERVAL": "1",
        }
        backends_vcl = subprocess.run(
            [sys.executable, str(DEPLOY / "backends_vcl.py")],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        (self.workdir / "backends.vcl").write_text(backends_vcl.stdout)
        self.log = open(self.workdir / "varnishd.log", "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [
                VARNISHD,
                "-F",
                "-j",
                "none",
                "-n",
                str(self.workdir / "n"),
                "-a",
                f"127.0.0.1:{self.port}",
                "-T",
                "127.0.0.1:0",
                "-f",
                str(DEPLOY / "default.vcl"),
                "-p",
                f"vcl_path={self.workdir}:{DEPLOY}",
                "-s",
                "malloc,32m",
            ],  # fmt: skip
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def listening():
            if self.process.poll() is not None:
                return True
            with socket.socket() as probe:
                return probe.connect_ex(("127.0.0.1", self.port)) == 0

        if not within(30, listening) or self.process.poll() is not None:
            self.stop()
            pytest.fail(f"varnishd did not start: {(self.workdir / 'varnishd.log').read_text()[-2000:]}")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self.process is not None:
            # varnishd's worker child outlives the manager for a moment, holding the listening port.
            within(10, lambda: not process_group_alive(self.process.pid))
        self.log.close()
        _taken_ports.discard(self.port)

    def request(self, path, method="GET", headers=None, source="127.0.0.1", body=None):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=10, source_address=(source, 0)
        )
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Reply(response.status, response.headers, response.read().decode(errors="replace"))
        finally:
            connection.close()

    def purge_everything(self):
        reply = self.request("/", method="PURGE", headers={"xkey": surrogate_key(store.EVERYTHING)})
        assert reply.status == 200, reply

    def backend_health(self):
        listing = subprocess.run(
            [VARNISHADM, "-n", str(self.workdir / "n"), "backend.list"],
            capture_output=True,
            text=True,
            timeout=10,
        )
        return listing.stdout


@dataclass
class Stack:
    varnish: Varnish
    app_link: TcpForwarder  # Varnish → the app node
    purge_link: TcpForwarder  # the app → Varnish, for purges

    @property
    def purge_url(self):
        return f"http://127.0.0.1:{self.purge_link.port}"


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker, tmp_path_factory):
    from pytest_django.live_server_helper import LiveServer

    require_varnish()
    workdir = tmp_path_factory.mktemp("varnish")
    app_port = free_port()
    app_link = TcpForwarder(("127.0.0.1", app_port))
    app_link.start()
    varnish = Varnish(workdir, [f"127.0.0.1:{app_link.port}"])
    purge_link = TcpForwarder(("127.0.0.1", varnish.port))
    purge_link.start()
    # Production's page cache, with Varnish as the one trusted proxy; set before the live server loads
    # its middleware, which reads them once.
    overrides = override_settings(
        PAGE_CACHE_SECONDS=600,
        PAGE_CACHE_UNDELIVERED_CHECK_SECONDS=1.0,
        TRUSTED_PROXY_COUNT=1,
        VARNISH_URLS=[f"http://127.0.0.1:{purge_link.port}"],
        SURROGATE_KEY_HEADER="xkey",
    )
    overrides.enable()
    with django_db_blocker.unblock():
        server = LiveServer(f"127.0.0.1:{app_port}")
        try:
            varnish.start()
            try:
                yield Stack(varnish, app_link, purge_link)
            finally:
                varnish.stop()
        finally:
            server.stop()
            overrides.disable()
            app_link.stop()
            purge_link.stop()
            _taken_ports.discard(app_port)


@pytest.fixture
def varnish(stack):
    """The stack's Varnish, emptied of what earlier tests left in it."""
    stack.varnish.purge_everything()
    return stack.varnish


@pytest.fixture
def articles(blog_index, clinic_phone):
    """Five articles, oldest first, each in a category of its own (none related to another); the
    oldest also under "Injections"."""
    injections = Category.objects.create(name="Injections")
    return [
        ArticlePageFactory(
            parent=blog_index,
            title=f"Varnish article {n}",
            slug=f"varnish-article-{n}",
            categories=[Category.objects.create(name=f"Varnish topic {n}")]
            + ([injections] if n == 0 else []),
        )
        for n in range(5)
    ]


def warm(varnish, path, **request):
    """Fetch ``path`` until Varnish serves it from its cache; the hit."""
    varnish.request(path, **request)
    reply = varnish.request(path, **request)
    assert (reply.status, reply.cache) == (200, "hit"), (path, reply.status, reply.cache)
    return reply


@live_app
def test_a_publish_is_served_by_varnish_within_a_second(varnish, articles):
    article = articles[2]
    warm(varnish, article.url)

    publish_changes(article, title="Varnish article two, revised")
    published_at = time.monotonic()

    assert within(VISIBLE_WITHIN, lambda: "Varnish article two, revised" in varnish.request(article.url).text)
    assert time.monotonic() - published_at <= VISIBLE_WITHIN
    assert "Varnish article two, revised" in varnish.request("/blog/").text
    assert varnish.request(article.url).cache == "hit"  # cached again, with the new title


@live_app
def test_an_unpublished_article_is_a_404_from_varnish_within_a_second(varnish, articles):
    article = articles[2]
    warm(varnish, article.url)
    warm(varnish, "/blog/")

    article.unpublish()

    assert within(VISIBLE_WITHIN, lambda: varnish.request(article.url).status == 404)
    assert article.title not in varnish.request("/blog/").text


@live_app
def test_moving_an_article_out_of_a_category_purges_that_archive_and_leaves_unrelated_pages_cached(
    varnish, articles
):
    leaving, unrelated = articles[0], articles[3]
    warm(varnish, "/blog/category/injections/")
    before = warm(varnish, unrelated.url)

    publish_changes(leaving, categories=list(leaving.categories.exclude(name="Injections")))

    assert within(
        VISIBLE_WITHIN, lambda: leaving.title not in varnish.request("/blog/category/injections/").text
    )
    # The unrelated article is still the object cached before the change, now older than a second.
    assert within(3, lambda: varnish.request(unrelated.url).age > 0)
    after = varnish.request(unrelated.url)
    assert (after.cache, after.object_id) == ("hit", before.object_id)


@live_app
def test_admin_previews_documents_and_signed_in_readers_are_never_served_from_varnish(
    varnish, articles, admin_user
):
    article = articles[1]
    warm(varnish, article.url)
    document = Document.objects.create(
        title="Aftercare", file=ContentFile(b"Rest today.", name="aftercare.txt")
    )
    staff = Client()
    staff.force_login(admin_user)
    session = f"sessionid={staff.cookies[settings.SESSION_COOKIE_NAME].value}"

    never_cached = [
        ("/admin/login/", {}),
        (f"/admin/pages/{article.pk}/edit/preview/", {}),
        (document.url, {}),
        (article.url, {"Cookie": session}),
        (article.url, {"Cookie": "csrftoken=abc"}),
    ]
    for path, headers in never_cached:
        replies = [varnish.request(path, headers=headers) for _ in range(3)]
        assert all(reply.cache == "pass" for reply in replies), (path, [reply.cache for reply in replies])
    assert varnish.request(document.url).text == "Rest today."


@live_app
def test_a_purge_from_an_address_outside_the_acl_is_refused(varnish, articles):
    article = articles[1]
    before = warm(varnish, article.url)

    refused = varnish.request(
        "/", method="PURGE", headers={"xkey": surrogate_key(store.EVERYTHING)}, source="127.0.0.2"
    )

    assert refused.status == 403
    after = varnish.request(article.url)
    assert (after.cache, after.object_id) == ("hit", before.object_id)


@live_app
def test_a_purge_made_while_varnish_is_unreachable_is_delivered_when_it_is_back(stack, varnish, articles):
    article = articles[1]
    warm(varnish, article.url)

    stack.purge_link.stop()
    try:
        article.unpublish()
        assert UndeliveredPurge.objects.filter(destination=stack.purge_url).exists()  # kept, not lost
        # Varnish never heard of it: it still serves the withdrawn page.
        assert (varnish.request(article.url).status, varnish.request(article.url).cache) == (200, "hit")
    finally:
        stack.purge_link.start()

    # Any request that reaches the app (not a hit) delivers what is owed, at most a second later.
    def withdrawn():
        varnish.request("/admin/login/")
        return varnish.request(article.url).status == 404

    assert within(3, withdrawn)
    assert not UndeliveredPurge.objects.filter(destination=stack.purge_url).exists()


@live_app
def test_readers_cookies_are_stripped_so_they_share_one_object(varnish, articles):
    article = articles[1]
    before = warm(varnish, article.url)

    reply = varnish.request(article.url, headers={"Cookie": "_ga=GA1.1.123; theme=dark"})

    assert (reply.cache, reply.object_id) == ("hit", before.object_id)
    assert "Set-Cookie" not in reply.headers
    assert "xkey" not in reply.headers  # the keys stay in Varnish


@live_app
def test_marketing_parameters_share_one_object(varnish, articles):
    article = articles[1]
    before = warm(varnish, article.url)

    for pattern in settings.PAGE_CACHE_MARKETING_QUERY_PARAMS:
        name = pattern.replace("*", "Campaign").upper()
        for path in (f"{article.url}?{name}=x", f"{article.url}?{name}=x&fbclid=y", f"{article.url}?{name}"):
            reply = varnish.request(path)
            assert (reply.cache, reply.object_id) == ("hit", before.object_id), path
    assert varnish.request(f"{article.url}?page=1").object_id != before.object_id


@live_app
def test_login_throttling_counts_each_reader_behind_varnish(varnish, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@clinic.invalid", "right-horse-battery")

    def log_in(password, source):
        login_page = varnish.request("/admin/login/", source=source)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text)[1]
        cookie = re.search(r"csrftoken=([^;]+)", login_page.headers["Set-Cookie"])[1]
        body = f"csrfmiddlewaretoken={token}&username=editor&password={password}&next=/admin/"
        return varnish.request(
            "/admin/login/",
            method="POST",
            body=body,
            source=source,
            headers={
                "Cookie": f"csrftoken={cookie}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{varnish.port}/admin/login/",
            },
        )

    with override_settings(AXES_ENABLED=True):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            log_in("wrong", source="127.0.0.2")
        locked_out = log_in("right-horse-battery", source="127.0.0.2")
        other_reader = log_in("right-horse-battery", source="127.0.0.1")

    assert locked_out.status == 429
    assert other_reader.status == 302


class FakeApp(ThreadingHTTPServer):
    """An app node whose page says ``version`` and may be kept by shared caches for two seconds."""

    version = 1

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            body = b"ok" if self.path == "/healthz" else f"version {self.server.version}".encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            if self.path not in ("/healthz", "/says-nothing/"):
                self.send_header("Cache-Control", "public, s-maxage=2")
                self.send_header("xkey", "fake-page")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass


@pytest.fixture
def fake_app_behind_varnish(tmp_path):
    require_varnish()
    app = FakeApp(("127.0.0.1", free_port()), FakeApp.Handler)
    thread = threading.Thread(target=app.serve_forever, daemon=True)
    thread.start()
    varnish = Varnish(tmp_path / "varnish", [f"127.0.0.1:{app.server_address[1]}"])
    varnish.start()
    try:
        yield app, varnish
    finally:
        varnish.stop()
        app.shutdown()
        app.server_close()
        _taken_ports.discard(app.server_address[1])


def take_down(app, varnish):
    app.shutdown()
    app.server_close()
    assert within(10, lambda: "sick" in varnish.backend_health()), varnish.backend_health()


def test_no_stale_page_is_served_while_a_node_is_healthy(fake_app_behind_varnish):
    app, varnish = fake_app_behind_varnish
    warm(varnish, "/page/")
    app.version = 2

    seen = []

    def refreshed():
        seen.append(varnish.request("/page/"))
        return seen[-1].text == "version 2"

    assert within(4, refreshed)
    assert all(reply.age < 2 for reply in seen if reply.text == "version 1"), [(r.text, r.age) for r in seen]


def test_stale_pages_are_served_while_every_node_is_sick_but_never_a_purged_one(fake_app_behind_varnish):
    app, varnish = fake_app_behind_varnish
    warm(varnish, "/page/")
    warm(varnish, "/other/")
    take_down(app, varnish)

    # Past its two seconds of s-maxage, served from grace.
    assert within(5, lambda: varnish.request("/other/").age >= 3)
    stale = varnish.request("/other/")
    assert (stale.status, stale.text) == (200, "version 1")

    purged = varnish.request("/", method="PURGE", headers={"xkey": "fake-page"})
    assert purged.status == 200
    assert varnish.request("/page/").status == 503
    assert varnish.request("/other/").status == 503


def test_varnish_keeps_only_what_the_app_allows_and_http_apart_from_https(fake_app_behind_varnish):
    _, varnish = fake_app_behind_varnish

    assert [varnish.request("/says-nothing/").cache for _ in range(3)] == ["pass", "pass", "pass"]
    assert varnish.request("/page/", headers={"X-Forwarded-Proto": "https"}).cache == "miss"
    assert varnish.request("/page/", headers={"X-Forwarded-Proto": "https"}).cache == "hit"
    assert varnish.request("/page/").cache == "miss"


def test_the_vcl_drops_the_same_marketing_parameters_as_the_app():
    vcl = (DEPLOY / "default.vcl").read_text()
    alternation = re.search(r'regsuball\(req\.url, "\(\?i\)\(\?<=\[\?&\]\)\(\?:([^)]*)\)', vcl)[1]
    in_vcl = {name.replace("[^&=]*", "*") for name in alternation.split("|")}

    assert in_vcl == set(settings.PAGE_CACHE_MARKETING_QUERY_PARAMS)


def test_the_vcl_passes_requests_with_the_apps_session_and_csrf_cookies():
    vcl = (DEPLOY / "default.vcl").read_text()

    assert f"({settings.SESSION_COOKIE_NAME}|{settings.CSRF_COOKIE_NAME})=" in vcl
