"""The clinic's roles (Authors, Clinical reviewers, Site managers) and the clinical review workflow.

The functions take an app registry so the data migrations can run them on their historical models, and
they are idempotent: load_demo_content and the admin call ``set_up_blog_index`` for every blog index and
``set_up_home_page`` for the home page. Nobody but administrators holds publish in a blog: see
blog.editorial.publishing.
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
        *_crud("blog", "location", "add", "change", "delete"),
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
# Granted on each blog index (and so on its articles), never on the whole tree. No publish: articles go live
# only when a clinical reviewer approves them in the workflow (blog.editorial.workflow_finish).
PAGE_PERMISSIONS = {
    AUTHORS: ["add_page", "change_page"],
    CLINICAL_REVIEWERS: ["add_page", "change_page", "lock_page", "unlock_page"],
}
# Granted on the home page, for the clinic's pages outside the blog; they stop at a blog index.
HOME_PAGE_PERMISSIONS = {
    SITE_MANAGERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
# The groups a site manager may give or take away in the users admin; administrators grant any group.
GRANTABLE_BY_SITE_MANAGERS = [AUTHORS]


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


def _model_exists(apps, app_label, model_name):
    # An early migration runs set_up_roles on models from before later snippets (locations) existed;
    # the migration that adds such a model runs it again.
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return True


def set_up_roles(apps=global_apps):
    """The three groups with their admin, snippet, settings, user and collection permissions."""
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = Collection.objects.get(depth=1)
    for name, permissions in MODEL_PERMISSIONS.items():
        _group(apps, name).permissions.add(
            *(_permission(apps, *spec) for spec in permissions if _model_exists(apps, *spec[:2]))
        )
    for name, permissions in COLLECTION_PERMISSIONS.items():
        group = _group(apps, name)
        for spec in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(apps, *spec)
            )
    clinical_review_workflow(apps)


def _grant_on_page(apps, page_id, permissions_by_group):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for name, codenames in permissions_by_group.items():
        group = _group(apps, name)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=page_id, permission=_permission(apps, "wagtailcore", "page", codename)
            )


def set_up_home_page(home_page_id, apps=global_apps):
    """Let Site managers edit and publish the clinic's pages under the home page, outside its blogs."""
    _grant_on_page(apps, home_page_id, HOME_PAGE_PERMISSIONS)


def set_up_blog_index(blog_index_id, apps=global_apps):
    """Let Authors and Clinical reviewers work under this blog index, through the Clinical review workflow.

    A workflow someone already chose for this index is left alone.
    """
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    _grant_on_page(apps, blog_index_id, PAGE_PERMISSIONS)
    if not WorkflowPage.objects.filter(page_id=blog_index_id).exists():
        WorkflowPage.objects.create(page_id=blog_index_id, workflow=clinical_review_workflow(apps))
