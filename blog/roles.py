"""The clinic's roles (Authors, Clinical reviewers, Site managers) and the clinical review workflow.

Both functions take an app registry so the data migration can run them on its historical models, and
both are idempotent: load_demo_content and the admin call ``set_up_blog_index`` for every blog index.
"""

from django.apps import apps as global_apps

AUTHORS = "Authors"
CLINICAL_REVIEWERS = "Clinical reviewers"
SITE_MANAGERS = "Site managers"
CLINICAL_REVIEW = "Clinical review"

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin")
# On the root collection, so they hold for every image and document.
WRITER_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "choose_document"),
]
MANAGER_COLLECTION_PERMISSIONS = WRITER_COLLECTION_PERMISSIONS + [
    ("wagtailimages", "image", "change_image"),
    ("wagtailimages", "image", "delete_image"),
    ("wagtaildocs", "document", "change_document"),
    ("wagtaildocs", "document", "delete_document"),
]


def _crud(app_label, model, *actions):
    return [(app_label, model, f"{action}_{model}") for action in actions]


MODEL_PERMISSIONS = {
    # Writers choose people, phone contacts and categories in the editor, which needs no snippet permission.
    AUTHORS: [ACCESS_ADMIN],
    CLINICAL_REVIEWERS: [ACCESS_ADMIN],
    SITE_MANAGERS: [
        ACCESS_ADMIN,
        *_crud("blog", "person", "add", "change", "delete"),
        *_crud("blog", "category", "add", "change", "delete"),
        *_crud("blog", "phonecontact", "add", "change", "delete", "publish"),
        ("blog", "clinicsettings", "change_clinicsettings"),
        *_crud("wagtailredirects", "redirect", "add", "change", "delete"),
        *_crud("auth", "user", "add", "change", "delete"),
    ],
}
COLLECTION_PERMISSIONS = {
    AUTHORS: WRITER_COLLECTION_PERMISSIONS,
    CLINICAL_REVIEWERS: WRITER_COLLECTION_PERMISSIONS,
    SITE_MANAGERS: MANAGER_COLLECTION_PERMISSIONS,
}
# Granted on each blog index (and so on its articles), never on the whole tree.
PAGE_PERMISSIONS = {
    AUTHORS: ["add_page", "change_page"],
    CLINICAL_REVIEWERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}


def _permission(apps, app_label, model_name, codename):
    """The permission, created now if the app's post-migrate step has not yet run (a fresh database)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
    model = apps.get_model(app_label, model_name)
    action = codename.split("_", 1)[0]
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"},
    )
    return permission


def _group(apps, name):
    return apps.get_model("auth", "Group").objects.get_or_create(name=name)[0]


def clinical_review_workflow(apps=global_apps):
    """The "Clinical review" workflow: one task, approved by the Clinical reviewers group."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    ClinicalReviewTask = apps.get_model("blog", "ClinicalReviewTask")

    task_type, _ = ContentType.objects.get_or_create(app_label="blog", model="clinicalreviewtask")
    task, created = ClinicalReviewTask.objects.get_or_create(
        name=CLINICAL_REVIEW, defaults={"content_type": task_type}
    )
    if created:
        task.groups.add(_group(apps, CLINICAL_REVIEWERS))
    workflow, _ = Workflow.objects.get_or_create(name=CLINICAL_REVIEW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def set_up_roles(apps=global_apps):
    """The three groups with their admin, snippet, settings, user and collection permissions."""
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = Collection.objects.get(depth=1)
    for name, permissions in MODEL_PERMISSIONS.items():
        _group(apps, name).permissions.add(*(_permission(apps, *spec) for spec in permissions))
    for name, permissions in COLLECTION_PERMISSIONS.items():
        group = _group(apps, name)
        for spec in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(apps, *spec)
            )
    clinical_review_workflow(apps)


def set_up_blog_index(blog_index_id, apps=global_apps):
    """Let Authors and Clinical reviewers work under this blog index, through the Clinical review workflow.

    A workflow someone already chose for this index is left alone.
    """
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    for name, codenames in PAGE_PERMISSIONS.items():
        group = _group(apps, name)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page_id=blog_index_id,
                permission=_permission(apps, "wagtailcore", "page", codename),
            )
    if not WorkflowPage.objects.filter(page_id=blog_index_id).exists():
        WorkflowPage.objects.create(page_id=blog_index_id, workflow=clinical_review_workflow(apps))
