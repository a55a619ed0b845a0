"""Keep Wagtail's search index in step with published categories and tags.

Wagtail indexes a page from its post_save signal, which ClusterableModel.save() sends *before* it
writes the page's categories and tags, so a publish that changes them would leave the old ones in the
index; and renaming a category leaves its old name on every article's index entry. These handlers
re-index (they never re-save a page) once the new values are in the database, through the same task
Wagtail's own signal handler enqueues.
"""

from django.db.models.signals import post_save

from wagtail.search.tasks import insert_or_update_object_task
from wagtail.signals import page_published

from blog.models import ArticlePage, Category


def reindex(model, pk):
    insert_or_update_object_task.enqueue(model._meta.app_label, model._meta.model_name, str(pk))


def reindex_published_article(sender, instance, **kwargs):
    reindex(type(instance), instance.pk)


def reindex_articles_of_category(sender, instance, created=False, raw=False, **kwargs):
    if created or raw:
        return
    for pk in instance.articles.values_list("pk", flat=True):
        reindex(ArticlePage, pk)


def connect():
    """Called from BlogConfig.ready(), once the models are loaded."""
    page_published.connect(reindex_published_article, sender=ArticlePage, dispatch_uid="blog-reindex-article")
    post_save.connect(reindex_articles_of_category, sender=Category, dispatch_uid="blog-reindex-category")
