"""django-storages' S3 backend, with the site's own `/media/` URLs and storage failures as OSError."""

from contextvars import ContextVar

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from django.conf import settings
from django.utils.encoding import filepath_to_uri


class MediaStorageUnavailable(OSError):
    """The bucket could not be read or written: unreachable, missing, or refusing the credentials."""


# Set when a storage call fails while the current request is served, even if the failure was handled
# (a picture left out): such a response must not be kept by any cache (see unavailable.py).
storage_failed = ContextVar("storage_failed", default=False)


def _unavailable(action, name, error):
    storage_failed.set(True)
    return MediaStorageUnavailable(f"Media storage unavailable ({action} {name!r}): {error}")


class SiteOriginBucketStorage(S3Storage):
    # A rendition is created while a page renders: with the bucket down, fail within seconds, not
    # botocore's 60 s connect timeout times its retries.
    client_config = Config(
        connect_timeout=2, read_timeout=10, retries={"max_attempts": 2, "mode": "standard"}
    )

    def get_default_settings(self):
        return {
            **super().get_default_settings(),
            # Two uploads named alike must never replace each other's file.
            "file_overwrite": False,
            "querystring_auth": False,
            "client_config": self.client_config,
        }

    def url(self, name, parameters=None, expire=None, http_method=None):
        # The terminator proxies /media/ to the bucket: readers load nothing from another origin.
        return settings.MEDIA_URL + filepath_to_uri(clean_name(name)).lstrip("/")

    def _open(self, name, mode="rb"):
        try:
            return super()._open(name, mode)
        except FileNotFoundError:
            raise
        except (BotoCoreError, ClientError) as error:
            raise _unavailable("reading", name, error) from error

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except (BotoCoreError, ClientError) as error:
            raise _unavailable("writing", name, error) from error

    def exists(self, name):
        try:
            return super().exists(name)
        except (BotoCoreError, ClientError) as error:
            raise _unavailable("looking up", name, error) from error

    def delete(self, name):
        try:
            return super().delete(name)
        except (BotoCoreError, ClientError) as error:
            raise _unavailable("deleting", name, error) from error

    def size(self, name):
        try:
            return super().size(name)
        except (BotoCoreError, ClientError) as error:
            raise _unavailable("measuring", name, error) from error
