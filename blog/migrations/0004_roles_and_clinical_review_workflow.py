from django.db import migrations

from blog.editorial.roles import (
    AUTHORS,
    CLINICAL_REVIEW,
    CLINICAL_REVIEWERS,
    SITE_MANAGERS,
    set_up_blog_index,
    set_up_roles,
)


def create_roles(apps, schema_editor):
    set_up_roles(apps)
    for blog_index_id in apps.get_model("blog", "BlogIndexPage").objects.values_list("pk", flat=True):
        set_up_blog_index(blog_index_id, apps)


def remove_roles(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=CLINICAL_REVIEW).delete()
    apps.get_model("blog", "ClinicalReviewTask").objects.filter(name=CLINICAL_REVIEW).delete()
    apps.get_model("auth", "Group").objects.filter(
        name__in=[AUTHORS, CLINICAL_REVIEWERS, SITE_MANAGERS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0003_clinical_review_task_and_link_text"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
