"""The one-box stack for real: nginx terminating TLS in front of app nodes whose media live in a bucket.

Two gunicorn nodes with production settings share one database (an SQLite file) and the SeaweedFS
bucket, each with a media folder of its own, so nothing can pass between them but through the bucket.
Node A is reached directly (an editor uploads there); node B only through nginx (deploy/nginx/, rendered
by its script, self-signed certificate, run without root from a temporary prefix), which also proxies
/media/images/ to the bucket. Skips without nginx or SeaweedFS locally; fails under CI.
"""

import http.cookiejar
import os
import re
import secrets
import shutil
import ssl
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest

from tests import seaweedfs as weed
from tests.live_nodes import (
    NoRedirects,
    admin_session,
    csrf_token,
    fetch,
    fetch_bytes,
    post_files,
    schema_digest,
    wait_until_up,
)
from tests.test_uploads import png_bytes

BASE_DIR = Path(__file__).resolve().parent.parent
NODE_A_PORT, NODE_B_PORT, TLS_PORT = 8156, 8157, 8155
PASSWORD = secrets.token_urlsafe(16)
ARTICLE = "/blog/how-botox-can-help-in-pain-management/"
NOBODY = 65534


def manage(env, *command):
    result = subprocess.run(
        [sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, f"manage.py {' '.join(command)} failed:\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def stack_folder():
    # Not under pytest's tmp_path: nginx runs as nobody and must reach its prefix.
    folder = Path(tempfile.mkdtemp(prefix="clinic-tls-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def node_env(seaweedfs, stack_folder):
    env = {
        **os.environ,
        **seaweedfs.storage_env(),
        "DJANGO_SETTINGS_MODULE": "tests.two_nodes_settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{stack_folder / 'shared.sqlite3'}",
        "PAGE_CACHE_SECONDS": "0",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }
    env.pop("REDIS_URL", None)
    # Migrating takes most of a minute: a migrated copy is kept in var/ until the schema changes.
    template = BASE_DIR / "var" / f"test-bucket-nodes-{schema_digest()}.sqlite3"
    if not template.exists():
        for stale in template.parent.glob("test-bucket-nodes-*.sqlite3"):
            stale.unlink()
        template.parent.mkdir(exist_ok=True)
        manage({**env, "DATABASE_URL": f"sqlite:///{template}.partial"}, "migrate", "--no-input", "-v0")
        Path(f"{template}.partial").rename(template)
    shutil.copyfile(template, stack_folder / "shared.sqlite3")
    manage(env, "load_demo_content")
    for username in ("editor", "tls-editor"):
        manage(
            env,
            "createsuperuser",
            "--no-input",
            "--username",
            username,
            "--email",
            f"{username}@clinic.invalid",
        )
    return env


def start_node(env, port, media_root, **overrides):
    media_root.mkdir()
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "clinic_site.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env={**env, "DJANGO_MEDIA_ROOT": str(media_root), **overrides},
        start_new_session=True,
        stderr=subprocess.DEVNULL,
    )


def start_nginx(env, prefix):
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if not nginx:
        weed.unavailable("nginx is not installed (apt-get install nginx)")
    rendered = subprocess.run(
        [sys.executable, str(BASE_DIR / "deploy/nginx/render.py"), str(prefix)],
        env={**env, "TLS_LISTEN": f"127.0.0.1:{TLS_PORT}", "UPSTREAM": f"127.0.0.1:{NODE_B_PORT}"},
        capture_output=True,
        text=True,
    )
    assert rendered.returncode == 0, rendered.stderr
    command = [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")]
    command += ["-g", "daemon off;"]
    if os.geteuid() == 0:  # never as root: as nobody, which owns nothing but the prefix
        for path in [prefix, *prefix.rglob("*")]:
            os.chown(path, NOBODY, NOBODY)
        command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
    return subprocess.Popen(command, start_new_session=True, stderr=subprocess.PIPE)


@pytest.fixture(scope="module")
def stack(node_env, stack_folder):
    node_a = start_node(
        node_env,
        NODE_A_PORT,
        stack_folder / "media-a",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
    )
    node_b = start_node(
        node_env,
        NODE_B_PORT,
        stack_folder / "media-b",
        DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https",
        DJANGO_TRUSTED_PROXY_COUNT="1",
    )
    nginx = start_nginx(node_env, stack_folder / "nginx")
    tls = ssl.create_default_context(cafile=str(stack_folder / "nginx" / "self-signed.crt"))
    try:
        wait_until_up(f"http://127.0.0.1:{NODE_A_PORT}")
        wait_until_up(f"http://127.0.0.1:{NODE_B_PORT}")
        site = f"https://127.0.0.1:{TLS_PORT}"
        wait_until_up(
            site, urllib.request.build_opener(urllib.request.HTTPSHandler(context=tls), NoRedirects())
        )
        yield {
            "node_a": f"http://127.0.0.1:{NODE_A_PORT}",
            "node_b": f"http://127.0.0.1:{NODE_B_PORT}",
            "site": site,
            "tls": tls,
            "folder": stack_folder,
            "env": node_env,
        }
    finally:
        for process in (node_a, node_b, nginx):
            process.terminate()
        for process in (node_a, node_b, nginx):
            process.wait(timeout=10)


def reader(stack):
    return urllib.request.build_opener(urllib.request.HTTPSHandler(context=stack["tls"]), NoRedirects())


@pytest.fixture(scope="module")
def editor(stack):
    """The editor, signed in on node A."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    return admin_session(opener, stack["node_a"], "editor", PASSWORD)


def upload(editor, stack, kind, filename, content):
    _, _, form = fetch(editor, f"{stack['node_a']}/admin/{kind}/add/")
    status, _, page = post_files(
        editor,
        f"{stack['node_a']}/admin/{kind}/add/",
        {"csrfmiddlewaretoken": csrf_token(form), "title": filename, "tags": ""},
        {"file": (filename, content)},
    )
    assert status == 200, page[:500]


def shell(stack, code):
    return manage(
        {**stack["env"], "DJANGO_MEDIA_ROOT": str(stack["folder"] / "media-a")},
        "shell",
        "--no-imports",
        "-c",
        code,
    )


def test_an_image_uploaded_on_one_node_is_served_with_its_renditions_through_the_other(stack, editor):
    upload(editor, stack, "images", "neck-stretch.png", png_bytes((1600, 900)))
    shell(
        stack,
        "from blog.models import ArticlePage; from wagtail.images.models import Image; "
        "a = ArticlePage.objects.get(slug='how-botox-can-help-in-pain-management'); "
        "a.featured_image = Image.objects.get(title='neck-stretch.png'); "
        "a.featured_image_alt_text = 'A neck stretch'; a.save_revision().publish()",
    )

    status, _, page = fetch(reader(stack), f"{stack['site']}{ARTICLE}")

    assert status == 200
    sources = set(re.findall(r"(/media/images/neck-stretch[^\s\"',]+)", page))
    assert len(sources) >= 4, page  # webp and jpeg, 800 and 1200 wide (and the share image)
    for source in sources:
        status, headers, body = fetch_bytes(reader(stack), f"{stack['site']}{source}")
        assert status == 200, source
        assert (
            headers["Content-Type"] in ("image/avif", "image/webp", "image/jpeg", "image/png")
            and len(body) > 100
        )
        assert "Set-Cookie" not in headers
    # Node B made the renditions from the original in the bucket; neither node keeps media files itself.
    assert not any((stack["folder"] / "media-b").rglob("*.*"))
    assert not any((stack["folder"] / "media-a").rglob("*.*"))


def test_documents_and_original_images_are_never_served_from_media(stack, editor, seaweedfs):
    upload(editor, stack, "documents", "exercises.txt", b"Stretch twice a day.")
    document_url, file_name = shell(
        stack,
        "from wagtail.documents.models import Document; d = Document.objects.get(title='exercises.txt'); "
        "print(d.url, d.file.name)",
    ).split()
    original = shell(
        stack, "from wagtail.images.models import Image; print(Image.objects.order_by('pk').last().file.name)"
    ).strip()

    status, _, body = fetch_bytes(reader(stack), f"{stack['site']}{document_url}")
    assert status == 200 and body == b"Stretch twice a day."
    assert fetch_bytes(reader(stack), f"{stack['site']}/media/{file_name}")[0] == 404
    assert fetch_bytes(reader(stack), f"{stack['site']}/media/{original}")[0] == 404
    assert fetch_bytes(reader(stack), f"{stack['site']}/media/images/../{file_name}")[0] == 404
    assert fetch_bytes(urllib.request.build_opener(), f"{seaweedfs.url}/{file_name}")[0] == 403


def test_a_private_document_is_refused_without_its_password(stack, editor):
    upload(editor, stack, "documents", "results.txt", b"Private results.")
    document_url = shell(
        stack,
        "from wagtail.documents.models import Document; from wagtail.models import Collection, "
        "CollectionViewRestriction as R; c = Collection.get_first_root_node().add_child(name='Private'); "
        "R.objects.create(collection=c, restriction_type=R.PASSWORD, password='open sesame'); "
        "d = Document.objects.get(title='results.txt'); d.collection = c; d.save(); print(d.url)",
    ).strip()

    status, _, body = fetch_bytes(reader(stack), f"{stack['site']}{document_url}")

    assert b"Private results." not in body
    assert status == 200 and b"password" in body.lower()


def test_behind_the_terminator_the_app_sees_https_sends_hsts_and_secure_cookies(stack):
    status, headers, _ = fetch(reader(stack), f"{stack['site']}/")
    assert status == 200  # no redirect to HTTPS: request.is_secure() is true behind nginx
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    direct_status, direct_headers, _ = fetch(reader(stack), f"{stack['node_b']}/")
    assert direct_status == 301 and direct_headers["Location"].startswith("https://")

    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=stack["tls"]), urllib.request.HTTPCookieProcessor(cookies)
    )
    admin_session(opener, stack["site"], "tls-editor", PASSWORD)

    assert {cookie.name for cookie in cookies} >= {"csrftoken", "sessionid"}
    assert all(cookie.secure for cookie in cookies)
