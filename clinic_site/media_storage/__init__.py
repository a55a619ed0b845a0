"""Where uploaded images and documents live: the local folder (default) or an S3-compatible bucket.

With a bucket, files keep their `/media/...` addresses on the site's own origin: the TLS terminator
(deploy/nginx/) proxies `/media/images/` (renditions, the only files pages link to) to the bucket, so
the CSP stays 'self'. Documents and original images are never readable there: documents go out only
through Wagtail's serve view, which reads them through the storage with the app's credentials.

A storage failure (server down, bucket missing, credentials refused) is a `MediaStorageUnavailable`,
an OSError, so Wagtail's image tags render the page without that picture; `unavailable` turns the rest
into an admin error message or a 503, never a 500.
"""
