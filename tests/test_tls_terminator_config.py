"""deploy/nginx/render.py: the terminator's configuration from the environment, refused when it is wrong."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
BUCKET_ENV = {
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "clinic-media",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:8153",
}


def render(prefix, **env):
    return subprocess.run(
        [sys.executable, str(BASE_DIR / "deploy/nginx/render.py"), str(prefix)],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
    )


def nginx_accepts(prefix):
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if not nginx:
        pytest.skip("nginx is not installed")
    command = [
        nginx,
        "-t",
        "-q",
        "-p",
        str(prefix),
        "-c",
        str(prefix / "nginx.conf"),
        "-e",
        str(prefix / "err.log"),
    ]
    return subprocess.run(command, capture_output=True, text=True)


def test_with_a_bucket_only_renditions_are_proxied_to_it(tmp_path):
    result = render(tmp_path, UPSTREAM="127.0.0.1:8000", **BUCKET_ENV)

    assert result.returncode == 0, result.stderr
    config = (tmp_path / "nginx.conf").read_text()
    assert "proxy_pass http://127.0.0.1:8153/clinic-media/images/;" in config
    assert "server 127.0.0.1:8000;" in config
    assert "proxy_set_header X-Forwarded-Proto https;" in config
    assert (tmp_path / "self-signed.crt").exists() and (
        tmp_path / "self-signed.key"
    ).stat().st_mode & 0o077 == 0
    assert nginx_accepts(tmp_path).returncode == 0


def test_without_a_bucket_renditions_come_from_the_media_folder(tmp_path):
    result = render(tmp_path, DJANGO_MEDIA_ROOT=str(tmp_path / "media"))

    assert result.returncode == 0, result.stderr
    assert f"alias {tmp_path / 'media'}/images/;" in (tmp_path / "nginx.conf").read_text()
    assert nginx_accepts(tmp_path).returncode == 0


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MEDIA_STORAGE": "ftp"}, "Set MEDIA_STORAGE to local or s3, not 'ftp'."),
        ({"MEDIA_STORAGE": "s3"}, "Set AWS_STORAGE_BUCKET_NAME: MEDIA_STORAGE=s3 needs a bucket."),
        (
            {**BUCKET_ENV, "AWS_S3_ENDPOINT_URL": "127.0.0.1:8153"},
            "Set AWS_S3_ENDPOINT_URL to an http(s) URL",
        ),
        ({"TLS_CERT": "/etc/ssl/site.crt"}, "Set both TLS_CERT and TLS_KEY"),
    ],
)
def test_a_wrong_setting_is_refused_in_one_line_and_nothing_is_written(tmp_path, env, message):
    result = render(tmp_path, **env)

    assert result.returncode == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
