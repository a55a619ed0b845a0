"""Two app nodes sharing one PostgreSQL database and one Redis: a publish on one is served by the other.

Each node is a gunicorn process with production settings and the page cache on, on its own loopback
port. An editor publishes a new title through node A's admin; node B, which had the old article
cached, serves the new title within a second. Uses its own database (clinic_two_nodes, copied from a
migrated template kept between runs) and Redis DB 7, whatever DATABASE_URL says. Without PostgreSQL
or Redis it skips locally and fails under CI.
"""

import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests.live_nodes import admin_session, fetch, schema_digest, wait_until_up

BASE_DIR = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("TWO_NODES_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "clinic_two_nodes"
REDIS_URL = os.environ.get("TWO_NODES_REDIS_URL", "redis://127.0.0.1:6379/7")
PORTS = range(8106, 8110)
PASSWORD = secrets.token_urlsafe(16)
PUBLISH_VISIBLE_WITHIN = 1.0


def unavailable(reason):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (the two-node test may not skip in CI)")
    pytest.skip(reason)


def free_ports(count):
    ports = []
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                ports.append(port)
        if len(ports) == count:
            return ports
    unavailable(f"no {count} free loopback ports in {PORTS.start}-{PORTS.stop - 1}")


def manage(env, *command):
    subprocess.run(
        [sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True, capture_output=True
    )


def create_database(psycopg, env):
    """A fresh copy of a migrated template database; migrating anew only when the schema changed."""
    template = f"{DATABASE}_tpl_{schema_digest()}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=3) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone():
            stale = connection.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{DATABASE}_tpl_%"]
            )
            for (name,) in stale.fetchall():
                connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{template}"')
            try:
                manage({**env, "DATABASE_URL": f"{POSTGRES}/{template}"}, "migrate", "--no-input", "-v0")
            except subprocess.CalledProcessError:
                connection.execute(f'DROP DATABASE "{template}" WITH (FORCE)')
                raise
        connection.execute(f'CREATE DATABASE "{DATABASE}" TEMPLATE "{template}"')


@pytest.fixture(scope="module")
def node_env():
    psycopg = pytest.importorskip("psycopg")
    redis = pytest.importorskip("redis")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.two_nodes_settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        "REDIS_URL": REDIS_URL,
        "PAGE_CACHE_SECONDS": "600",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }
    try:
        create_database(psycopg, env)
    except psycopg.OperationalError as error:
        unavailable(f"PostgreSQL unreachable at {POSTGRES}: {error}")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except redis.RedisError as error:
        unavailable(f"Redis unreachable at {REDIS_URL}: {error}")
    manage(env, "load_demo_content")
    manage(env, "createsuperuser", "--no-input", "--username", "editor", "--email", "editor@clinic.invalid")
    yield env
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


@pytest.fixture(scope="module")
def nodes(node_env):
    ports = free_ports(2)
    processes = [
        subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "clinic_site.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=BASE_DIR,
            env=node_env,
            start_new_session=True,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base in bases:
            wait_until_up(base)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


def chosen(edit_page, field):
    """The value of a chooser field as the editor renders it (a hidden input)."""
    tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', edit_page)[0]
    return re.search(r'value="([^"]*)"', tag)[1]


def publish_new_title(opener, base, page_id, title):
    _, _, edit_page = fetch(opener, f"{base}/admin/pages/{page_id}/edit/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', edit_page)[1]
    form = nested_form_data(
        {
            "title": title,
            "slug": "how-botox-can-help-in-pain-management",
            "summary": "What Botox can do for chronic muscle pain.",
            "body": streamfield([("paragraph", rich_text("<p>Botox relaxes muscles in chronic spasm.</p>"))]),
            "references": streamfield([]),
            "tags": "",
            "comments": inline_formset([]),
            "action-publish": "publish",
            # Publishing needs the author the article already has.
            "author": chosen(edit_page, "author"),
        }
    )
    status, _, _ = fetch(
        opener, f"{base}/admin/pages/{page_id}/edit/", {**form, "csrfmiddlewaretoken": token}
    )
    assert status == 200


def test_publish_on_one_node_is_served_by_the_other_within_a_second(nodes):
    node_a, node_b = nodes
    reader = urllib.request.build_opener()
    article = "/blog/how-botox-can-help-in-pain-management/"
    fetch(reader, f"{node_b}{article}")
    _, headers, before = fetch(reader, f"{node_b}{article}")
    assert headers["X-Page-Cache"] == "hit" and "How Botox Can Help In Pain Management" in before

    editor = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    admin_session(editor, node_a, "editor", PASSWORD)
    page_id = re.search(
        r"/admin/pages/(\d+)/edit/", fetch(editor, f"{node_a}/admin/pages/search/?q=botox")[2]
    )[1]
    publish_new_title(editor, node_a, page_id, "Botox for chronic muscle pain")
    published_at = time.monotonic()

    seen_after = None
    while time.monotonic() - published_at < PUBLISH_VISIBLE_WITHIN:
        if "Botox for chronic muscle pain" in fetch(reader, f"{node_b}{article}")[2]:
            seen_after = time.monotonic() - published_at
            break
        time.sleep(0.05)
    assert seen_after is not None, (
        f"node B still served the old title {PUBLISH_VISIBLE_WITHIN} s after publishing"
    )
    assert "Botox for chronic muscle pain" in fetch(reader, f"{node_a}{article}")[2]
    _, headers, _ = fetch(reader, f"{node_b}{article}")
    assert headers["X-Page-Cache"] == "hit"  # and cached again, with the new title
