"""What a content export holds and how it is written.

Everything staff made goes in; nothing the database or Wagtail can rebuild: content types and permissions
are recreated by `migrate` and referenced by natural key; search and reference indexes, renditions,
sessions, login-throttling logs and in-progress editor state are derived or transient. Uploaded files
themselves live in MEDIA_ROOT and are backed up beside the export.
"""

import datetime
import gzip

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

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
    """Write every exported model's rows, ordered by primary key, as one JSON list; return counts by model."""
    counts = {}

    def rows():
        for model in exported_models():
            queryset = model._base_manager.order_by(model._meta.pk.name)
            counts[model._meta.label_lower] = queryset.count()
            if on_model:
                on_model(model._meta.label_lower, counts[model._meta.label_lower])
            yield from queryset.iterator()

    with open_export(path) as stream:
        ExportSerializer().serialize(
            rows(), stream=stream, indent=1, use_natural_foreign_keys=True, cls=ExactJSONEncoder
        )
    return counts
