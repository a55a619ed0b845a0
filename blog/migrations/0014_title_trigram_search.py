"""pg_trgm and a trigram index on page titles, for "did you mean" on a search that found nothing.

blog.search.suggestions compares the query with article titles by trigram word similarity (the ``%>``
operator), which this GIN index serves. Django's TrigramExtension does nothing on other databases, and
the index is made only on PostgreSQL; SQLite's suggestions are worked out in Python.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX_NAME = "blog_page_title_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON wagtailcore_page USING gin (title gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0013_callout_urgent_style"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [TrigramExtension(), migrations.RunPython(create_index, drop_index)]
