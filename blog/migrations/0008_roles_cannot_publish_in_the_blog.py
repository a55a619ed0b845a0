"""Articles go live only through Clinical review, and Wagtail's default groups hold nothing.

Clinical reviewers lose publish on the blog indexes (approving in the workflow publishes without it), Site
managers get the home page, and Wagtail's default "Editors" and "Moderators" groups, which held publish on the
root page and deletion of every image and document, are emptied. The groups stay, so nobody silently loses
membership of a group an administrator may fill again; the change is not undone on the way back.
"""

from django.db import migrations

from blog.editorial.roles import CLINICAL_REVIEWERS, set_up_home_page

WAGTAIL_DEFAULT_GROUPS = ["Editors", "Moderators"]


def strip_wagtail_default_groups(apps):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS):
        group.permissions.clear()
        apps.get_model("wagtailcore", "GroupPagePermission").objects.filter(group=group).delete()
        apps.get_model("wagtailcore", "GroupCollectionPermission").objects.filter(group=group).delete()


def take_publishing_out_of_the_blog(apps, schema_editor):
    strip_wagtail_default_groups(apps)
    apps.get_model("wagtailcore", "GroupPagePermission").objects.filter(
        group__name=CLINICAL_REVIEWERS, permission__codename="publish_page"
    ).delete()
    for home_page_id in apps.get_model("blog", "HomePage").objects.values_list("pk", flat=True):
        set_up_home_page(home_page_id, apps)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0007_search_text_gin_index"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(take_publishing_out_of_the_blog, migrations.RunPython.noop)]
