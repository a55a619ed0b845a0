"""What a content export holds, how it is written, and what an import accepts.

Everything staff made goes in; nothing the database or Wagtail can rebuild: content types and permissions
are recreated by `migrate` and referenced by natural key; search and reference indexes, renditions,
sessions, login-throttling logs and in-progress editor state are derived or transient. Uploaded files
themselves live in MEDIA_ROOT and are backed up beside the export.

An export is one JSON object: a format name and version, the records (Django's serialization), and the
number of records of each model. import_content reads only that shape, written by this version of the
format, whose records match their counts and hold a root page, a site and an active superuser: anything
else (an empty list, someone else's fixture, a truncated file) would replace the site with less than it.
"""

import datetime
import gzip
import json
import zlib
from collections import Counter

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

from wagtail.models import Page, Site

EXPORT_FORMAT = "clinic-blog-content-export"
# Raise when the shape of an export changes; import_content refuses other versions.
EXPORT_FORMAT_VERSION = 1

EXCLUDED_MODELS = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "admin.logentry",
    "wagtailsearch.indexentry",
    "wagtailsearch.sqliteftsindexentry",
    "wagtailcore.referenceindex",
    "wagtailcore.uploadedfile",
    "wagtailimages.rendition",
    "wagtailadmin.editingsession",
    "wagtailadmin.formstate",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "axes.accesslog",
    "axes.accessfailurelog",
    # Purges owed to the shared cache by the machine that exported: meaningless anywhere else.
    "page_cache.undeliveredpurge",
}

# Rebuilt after an import, in this order.
REBUILD_COMMANDS = ["rebuild_references_index", "update_index"]


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder rounds datetimes to milliseconds; a backup keeps them to the microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class ExportSerializer(JSONSerializer):
    """Refers to content types and permissions by natural key, as `migrate` recreates them with new ids.

    Every other foreign key stays a primary key: exported rows keep theirs, and some rows rightly point
    at rows that are gone (Wagtail keeps the log entries of deleted pages), which a natural-key lookup
    would trip over.
    """

    def handle_fk_field(self, obj, field):
        use_natural_keys = self.use_natural_foreign_keys
        self.use_natural_foreign_keys = use_natural_keys and field.related_model in (ContentType, Permission)
        try:
            super().handle_fk_field(obj, field)
        finally:
            self.use_natural_foreign_keys = use_natural_keys


def exported_models():
    """Models in an order loaddata can restore (what dumpdata --natural-foreign uses), minus the excluded."""
    app_list = {app_config: None for app_config in apps.get_app_configs() if app_config.models_module}
    return [
        model
        for model in serializers.sort_dependencies(app_list.items(), allow_cycles=True)
        if model._meta.label_lower not in EXCLUDED_MODELS and not model._meta.proxy and model._meta.managed
    ]


def open_export(path):
    """Text stream to write a .json or .json.gz export to."""
    if str(path).endswith(".gz"):
        return gzip.open(path, "wt", encoding="utf-8")
    return open(path, "w", encoding="utf-8")


def write_export(path, on_model=None):
    """Write the export (format, version, every exported model's rows ordered by primary key, and the
    count of rows written per model); return those counts."""
    counts = {}

    def rows():
        for model in exported_models():
            label = model._meta.label_lower
            counts[label] = 0
            for row in model._base_manager.order_by(model._meta.pk.name).iterator():
                counts[label] += 1  # what was written, not a separate COUNT that rows saved meanwhile outdate
                yield row
            if on_model:
                on_model(label, counts[label])

    with open_export(path) as stream:
        stream.write(f'{{"format": "{EXPORT_FORMAT}", "version": {EXPORT_FORMAT_VERSION}, "records": ')
        ExportSerializer().serialize(
            rows(), stream=stream, indent=1, use_natural_foreign_keys=True, cls=ExactJSONEncoder
        )
        stream.write(f',\n"counts": {json.dumps(counts, indent=1)}}}\n')
    return counts


class ExportRefused(Exception):
    """The file is not an export import_content may restore; the message says why in one line."""


def read_export(path) -> list[dict]:
    """The records of a complete, well-formed export at ``path``, or ExportRefused."""
    try:
        if str(path).endswith(".gz"):
            with gzip.open(path, "rt", encoding="utf-8") as stream:
                data = json.load(stream)
        else:
            with open(path, encoding="utf-8") as stream:
                data = json.load(stream)
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise ExportRefused(f"is not a complete gzip file ({error})") from error
    except UnicodeDecodeError as error:
        raise ExportRefused(f"is not UTF-8 text (bad byte at position {error.start})") from error
    except json.JSONDecodeError as error:
        raise ExportRefused(f"is not complete JSON ({error.msg} at line {error.lineno})") from error
    except OSError as error:
        raise ExportRefused(f"cannot be read ({error.strerror or error})") from error
    records = _checked_records(data)
    _check_counts(records, data["counts"])
    _check_essentials(records)
    return records


def _checked_records(data) -> list[dict]:
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ExportRefused("was not written by export_content (it has no export manifest)")
    if (version := data.get("version")) != EXPORT_FORMAT_VERSION:
        raise ExportRefused(f"is export format version {version!r}; this site reads {EXPORT_FORMAT_VERSION}")
    records, counts = data.get("records"), data.get("counts")
    if not isinstance(records, list) or not all(
        isinstance(r, dict) and isinstance(r.get("model"), str) and isinstance(r.get("fields"), dict)
        for r in records
    ):
        raise ExportRefused("has no list of records")
    if not isinstance(counts, dict) or not all(isinstance(n, int) for n in counts.values()):
        raise ExportRefused("has no record counts in its manifest")
    return records


def _check_counts(records, counts):
    found = Counter(record["model"] for record in records)
    exportable = {model._meta.label_lower for model in exported_models()}
    for label in sorted(set(found) | {label for label, count in counts.items() if count}):
        if label not in exportable:
            raise ExportRefused(f"holds {label} records, which this site does not export")
        if found[label] != counts.get(label, 0):
            raise ExportRefused(
                f"holds {found[label]} {label} records where its manifest says {counts.get(label, 0)}"
            )


def _check_essentials(records):
    user_label = get_user_model()._meta.label_lower
    holds = {
        "root page": any(r["model"] == "wagtailcore.page" and r["fields"].get("depth") == 1 for r in records),
        "site": any(r["model"] == "wagtailcore.site" for r in records),
        "active superuser": any(
            r["model"] == user_label and r["fields"].get("is_superuser") and r["fields"].get("is_active")
            for r in records
        ),
    }
    if missing := [name for name, held in holds.items() if not held]:
        raise ExportRefused(f"has no {' and no '.join(missing)}, which the site cannot run without")


def missing_essentials() -> list[str]:
    """What the database lacks of what a working site needs: checked after an import, before it commits."""
    holds = {
        "root page": Page.objects.filter(depth=1).exists(),
        "site": Site.objects.exists(),
        "active superuser": get_user_model().objects.filter(is_superuser=True, is_active=True).exists(),
    }
    return [name for name, held in holds.items() if not held]
