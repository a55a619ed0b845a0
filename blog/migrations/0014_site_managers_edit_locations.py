from django.db import migrations

from blog.editorial.roles import set_up_roles


def give_site_managers_locations(apps, schema_editor):
    set_up_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("blog", "0013_site_chrome_brand_navigation_locations")]

    operations = [migrations.RunPython(give_site_managers_locations, migrations.RunPython.noop)]
