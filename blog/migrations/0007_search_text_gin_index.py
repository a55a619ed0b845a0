"""A GIN index on the text Wagtail's PostgreSQL search backend matches against.

The backend filters on ``title || body`` of each index entry; its own GIN indexes are on ``title`` and
``body`` separately, which that expression cannot use, so every search read every entry. With this
index (and the statistics PostgreSQL keeps for indexed expressions) a search finds its matches from the
index, and blog.search_scope can walk the newest articles and stop. Other databases have their own
full-text index (SQLite FTS5) and get nothing here.
"""

from django.db import migrations

INDEX_NAME = "blog_search_text_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON wagtailsearch_indexentry USING gin ((title || body))"
        )
        # The planner's statistics for the expression come with the next ANALYZE; until then it would
        # guess how many entries match and often pick the slow plan.
        schema_editor.execute("ANALYZE wagtailsearch_indexentry")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0006_phone_block_reuses_loaded_contacts"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
