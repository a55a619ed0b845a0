"""Settings shared by every environment, read from the environment with safe local defaults.

dev, test and production override a few lines each; anything secret comes only from the environment.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = BASE_DIR / "var"


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

INSTALLED_APPS = [
    "blog",
    "clinic_site.page_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.sites",
    "blog.editorial.users_app.ClinicUsersAppConfig",  # Wagtail's users app with the clinic's users admin
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "phonenumber_field",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "clinic_site.staff_2fa",
]

MIDDLEWARE = [
    # /healthz for Varnish's probe: before anything that could redirect, refuse or cache it.
    "clinic_site.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "clinic_site.page_cache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, so a PUT or POST to a public page is a 405 rather than a 403.
    "clinic_site.security.methods.ReadOnlyPublicSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed a second factor (clinic_site/staff_2fa).
    "django_otp.middleware.OTPMiddleware",
    # Before anything reads a body (CSRF's process_view, the views): refuses oversized ones unread.
    "clinic_site.security.request_size.RequestBodySizeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # After the two above, so its per-area choices reach them first on the way out.
    "clinic_site.security.headers.SecurityHeadersMiddleware",
    # After the headers middleware, so its redirects get the admin's headers too.
    "clinic_site.staff_2fa.middleware.StaffTwoFactorMiddleware",
    "clinic_site.security.database_unavailable.DatabaseUnavailableMiddleware",
    # An unreachable media bucket: an error message in the admin, a 503 on public pages.
    "clinic_site.media_storage.unavailable.MediaStorageUnavailableMiddleware",
    # On a database outage it leaves the site look-up to the view, whose error the middleware above
    # turns into the 503 (process_exception sees only the view's exceptions).
    "clinic_site.page_cache.site.CachedSiteMiddleware",
    # Wagtail's RedirectMiddleware, except to pages readers may not see (drafts, private pages).
    "clinic_site.security.redirects.PublicRedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "clinic_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache that answers "miss" while Redis is down (see clinic_site/cache_backends.py).
            "BACKEND": "clinic_site.cache_backends.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# The request's site, clinic settings and listing counts kept across requests (page_cache/lookups.py): only
# with a cache every process shares, since each process's purges must reach the others.
SHARED_LOOKUP_CACHE = bool(REDIS_URL)
# Full-page cache for anonymous readers (clinic_site/page_cache); PAGE_CACHE_SECONDS=0 turns it off.
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_BROWSER_SECONDS = int(os.environ.get("PAGE_CACHE_BROWSER_SECONDS", "60"))
# How often each process looks in the database for purges another process could not deliver while Redis
# was unreachable (clinic_site/page_cache/undelivered.py): the longest a withdrawn page can still be
# served from the cache once Redis is back, when the purge was made by another process.
PAGE_CACHE_UNDELIVERED_CHECK_SECONDS = 1.0
# Query parameters public pages answer to (pagination, WordPress short links): responses for any other
# parameter are not cached (a search's q among them), so random values cannot fill the cache.
PAGE_CACHE_QUERY_PARAMS = ["page", "p"]
# Where a reader came from, not what they asked for: dropped from cacheable requests before they render
# (clinic_site/page_cache/query.py). A trailing * matches any ending; names are compared in lower case.
PAGE_CACHE_MARKETING_QUERY_PARAMS = [
    "utm_*",
    "fbclid",
    "gclid",
    "gbraid",
    "wbraid",
    "dclid",
    "msclkid",
    "yclid",
    "twclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "ref",
]
# Besides the Wagtail admin (and its previews), which is always private.
PAGE_CACHE_PRIVATE_PREFIXES = ["/documents/"]
# HTTP caches in front of the app (clinic_site/page_cache/http_cache.py). Cacheable responses name what
# they show in this header (Varnish's xkey vmod reads "xkey"; e.g. Surrogate-Key or Cache-Tag for a CDN
# that purges by key; empty: none); every purge goes by key to each Varnish in VARNISH_URL
# (comma-separated, e.g. http://10.0.0.5:6081), on commit.
SURROGATE_KEY_HEADER = os.environ.get("SURROGATE_KEY_HEADER", "xkey").strip()
VARNISH_URLS = env_list("VARNISH_URL")
# Seconds to wait for a Varnish to take a purge before recording it for a later delivery.
HTTP_CACHE_PURGE_TIMEOUT = 0.5
# Each purge is sent to Varnish again this long after, for a page rendered before the change that reached
# Varnish after its purge (clinic_site/page_cache/http_cache.py); 0 sends it once.
HTTP_CACHE_REPURGE_SECONDS = 2.0
# A CDN's copies of a published or unpublished page's own URLs, purged by Wagtail's frontend cache app
# (docs/deployment.md: everything else on the CDN expires after PAGE_CACHE_SECONDS).
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["FRONTEND_CACHE_CLOUDFLARE_ZONEID"],
        "BEARER_TOKEN": os.environ.get("FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN", ""),
    }
if os.environ.get("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        # Credentials come from boto3's usual sources (AWS_ACCESS_KEY_ID… or an instance role).
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"],
    }
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")

# django-axes sees every login first and refuses locked-out ones; ModelBackend does the real check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("CLINIC_TIME_ZONE", "America/Chicago")
USE_I18N = True
# The clinic's wording in Wagtail's admin and emails ("submitted for clinical review"), before Wagtail's.
LOCALE_PATHS = [PROJECT_DIR / "locale"]
USE_TZ = True

STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static_collected"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads in an S3-compatible bucket instead (clinic_site/media_storage): MEDIA_STORAGE=s3, or a bucket
# and an endpoint. Credentials come from boto3's usual sources (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).
MEDIA_BUCKET = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
MEDIA_BUCKET_ENDPOINT = os.environ.get("AWS_S3_ENDPOINT_URL", "")
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "").strip().lower() or (
    "s3" if MEDIA_BUCKET and MEDIA_BUCKET_ENDPOINT else "local"
)
if MEDIA_STORAGE not in ("local", "s3"):
    raise ImproperlyConfigured(f"Set MEDIA_STORAGE to local or s3, not {MEDIA_STORAGE!r}.")
if MEDIA_STORAGE == "s3":
    if not MEDIA_BUCKET:
        raise ImproperlyConfigured("Set AWS_STORAGE_BUCKET_NAME: MEDIA_STORAGE=s3 needs a bucket.")
    STORAGES["default"] = {
        "BACKEND": "clinic_site.media_storage.bucket.SiteOriginBucketStorage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": MEDIA_BUCKET_ENDPOINT or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # Path-style requests (endpoint/bucket/key) work with every S3-compatible server.
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE", "path"),
        },
    }

# Wagtail's page editor can exceed Django's default of 1,000 form fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

MAILERS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "blog@localhost")

WAGTAIL_SITE_NAME = "Clinic blog"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Approving in a workflow publishes, although only administrators hold publish in a blog.
WAGTAIL_FINISH_WORKFLOW_ACTION = "blog.editorial.workflow_finish.publish_approved_revision"
# A live article is due for clinical review this many days after its last review.
CLINICAL_REVIEW_INTERVAL_DAYS = int(os.environ.get("CLINICAL_REVIEW_INTERVAL_DAYS", "365"))
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Uploads: no SVG or HTML can reach a public URL. Images are checked by content (Willow opens each one and
# its format must match the extension); documents are only ever served by Wagtail's view, which adds
# "Content-Security-Policy: default-src 'none'", nosniff and, with no inline types, a download disposition.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "clinic_site.security.image_upload.FullyDecodedImageForm"
# The admin loads nothing from other origins either: no Gravatar (it would leak staff e-mail hashes),
# no release check from wagtail.org (the admin's policy only allows its own origin).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

# --- Security, in every environment so tests see what production sends -------------------------------

# Public pages have no inline script or style, so the policy needs no 'unsafe-inline'; CSP.NONCE only
# appears in the header on a response whose template asked for {{ csp_nonce }}.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Wagtail's admin (and the previews it frames) needs inline scripts and styles, blob: image previews
# and framing by itself; it still loads nothing from another origin and nobody else may frame it.
ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "frame-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
# Paths that get ADMIN_CSP and may be framed by the site itself.
ADMIN_PATH_PREFIXES = ["/admin/"]
# Powerful browser features nobody reading or writing articles needs.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"  # Strict would log staff out when they follow a link from a workflow e-mail
CSRF_COOKIE_HTTPONLY = True  # Wagtail's admin takes the token from the page, never from the cookie
CSRF_COOKIE_SAMESITE = "Lax"
# Bigger form posts than this are refused with a 400 before anything reads them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Anonymous visitors only post login and password forms: a longer body is a 413, unread
# (clinic_site/security/request_size.py). Signed-in staff may send the largest upload the admin takes.
ANONYMOUS_MAX_REQUEST_BODY_SIZE = 64 * 1024

# Login throttling (django-axes): 5 failures for one username from one address lock that pair out for an
# hour. Staff unlock with `manage.py axes_reset_username NAME` or `axes_reset_ip_username IP NAME`.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "clinic_site.security.lockout.login_locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "clinic_site.security.client_ip.client_ip"
# Two-factor sign-in (clinic_site/staff_2fa): administrators and Site managers must pass a code from an
# authenticator app after their password. Production ignores the variable and always requires it.
STAFF_TWO_FACTOR_REQUIRED = os.environ.get("STAFF_TWO_FACTOR_REQUIRED", "true").strip().lower() not in (
    "0",
    "false",
    "no",
    "off",
)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# How many reverse proxies in front of the app append to X-Forwarded-For; 0 means REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# How long a visitor is asked to wait when the database is unreachable (the 503 page's Retry-After).
DATABASE_UNAVAILABLE_RETRY_AFTER = 30

PHONENUMBER_DEFAULT_REGION = "US"
PHONENUMBER_DB_FORMAT = "E164"
PHONENUMBER_DEFAULT_FORMAT = "NATIONAL"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
