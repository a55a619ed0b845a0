from django.db import migrations


def create_uncategorized(apps, schema_editor):
    Category = apps.get_model("blog", "Category")
    Category.objects.get_or_create(
        slug="uncategorized",
        defaults={"name": "Uncategorized", "description": "Articles not yet filed under a topic."},
    )


class Migration(migrations.Migration):
    dependencies = [("blog", "0001_initial")]

    operations = [migrations.RunPython(create_uncategorized, migrations.RunPython.noop)]
