"""Render deploy/nginx/clinic.conf.template from the environment into PREFIX/nginx.conf.

    python deploy/nginx/render.py PREFIX

Reads TLS_LISTEN (127.0.0.1:8443), TLS_SERVER_NAME (_), UPSTREAM (127.0.0.1:6081, Varnish),
TLS_CERT/TLS_KEY (without them a self-signed pair for localhost is made in PREFIX with openssl), and
the app's own media settings: with MEDIA_STORAGE=s3 (or AWS_STORAGE_BUCKET_NAME and AWS_S3_ENDPOINT_URL)
/media/images/ is proxied to the bucket, otherwise served from DJANGO_MEDIA_ROOT (media/).
Standard library only: it runs before anything is installed.
"""

import os
import subprocess
import sys
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
BASE_DIR = HERE.parent.parent
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")

BUCKET_LOCATION = """\
        location /media/images/ {
            limit_except GET { deny all; }
            proxy_pass ${bucket_url}/images/;
            proxy_set_header Host ${bucket_host};
            # Readers' cookies and credentials stay here; the bucket reads images/ anonymously.
            proxy_set_header Cookie "";
            proxy_set_header Authorization "";
            proxy_ssl_server_name on;
            proxy_intercept_errors on;
            error_page 403 =404 /media/;
            proxy_hide_header Set-Cookie;
            proxy_hide_header x-amz-request-id;
            proxy_hide_header x-amz-id-2;
            proxy_hide_header Server;
            add_header X-Content-Type-Options nosniff always;
            add_header Cache-Control "public, max-age=86400" always;
        }"""

FOLDER_LOCATION = """\
        location /media/images/ {
            limit_except GET { deny all; }
            alias ${media_root}/images/;
            add_header X-Content-Type-Options nosniff always;
            add_header Cache-Control "public, max-age=86400" always;
        }"""


class ConfigError(Exception):
    pass


def media_location(env):
    bucket = env.get("AWS_STORAGE_BUCKET_NAME", "")
    endpoint = env.get("AWS_S3_ENDPOINT_URL", "").rstrip("/")
    storage = env.get("MEDIA_STORAGE", "").strip().lower() or ("s3" if bucket and endpoint else "local")
    if storage == "s3":
        if not bucket:
            raise ConfigError("Set AWS_STORAGE_BUCKET_NAME: MEDIA_STORAGE=s3 needs a bucket.")
        region = env.get("AWS_S3_REGION_NAME", "us-east-1")
        endpoint = endpoint or f"https://s3.{region}.amazonaws.com"
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"Set AWS_S3_ENDPOINT_URL to an http(s) URL, not {endpoint!r}.")
        return Template(BUCKET_LOCATION).substitute(
            bucket_url=f"{endpoint}/{bucket}", bucket_host=parts.netloc
        )
    if storage != "local":
        raise ConfigError(f"Set MEDIA_STORAGE to local or s3, not {storage!r}.")
    media_root = Path(env.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "media").resolve()
    return Template(FOLDER_LOCATION).substitute(media_root=media_root)


def self_signed_pair(prefix):
    cert, key = prefix / "self-signed.crt", prefix / "self-signed.key"
    if not (cert.exists() and key.exists()):
        command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30"]
        command += ["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
        subprocess.run([*command, "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
        key.chmod(0o600)
    return cert, key


def render(prefix, env):
    # Everything is checked before anything is written.
    media = media_location(env)
    if bool(env.get("TLS_CERT")) != bool(env.get("TLS_KEY")):
        raise ConfigError("Set both TLS_CERT and TLS_KEY, or neither for a self-signed certificate.")
    prefix = Path(prefix).resolve()
    prefix.mkdir(parents=True, exist_ok=True)
    for name in TEMP_DIRS:
        (prefix / name).mkdir(exist_ok=True)
    cert, key = (env["TLS_CERT"], env["TLS_KEY"]) if env.get("TLS_CERT") else self_signed_pair(prefix)
    config = Template((HERE / "clinic.conf.template").read_text()).substitute(
        prefix=prefix,
        listen=env.get("TLS_LISTEN", "127.0.0.1:8443"),
        server_name=env.get("TLS_SERVER_NAME", "_"),
        upstream=env.get("UPSTREAM", "127.0.0.1:6081"),
        tls_cert=cert,
        tls_key=key,
        media_location=media,
    )
    path = prefix / "nginx.conf"
    path.write_text(config)
    return path


def main(argv):
    if len(argv) != 2:
        print("usage: render.py PREFIX", file=sys.stderr)
        return 2
    try:
        print(render(argv[1], os.environ))
    except ConfigError as error:
        print(f"render.py: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
