"""Purge the cached pages a change affects, once the change is committed. Purges only: never saves.

Publishing, unpublishing, moving or deleting a page purges everything that shows it, every list of
live pages, redirects and "not found" answers; for an article also its categories' and tags' lists
(those it had before a publish too) and the articles now next to it (their previous/next links
change). Saving a snippet, setting, tag, image or document purges every page that loaded it (a person also
the team listing and the addresses of team pages). Making a page private (or public) purges everything.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, Site, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from blog.models import ArticlePage, ArticlePageTag, Category, Person
from blog.reading.neighbours import article_neighbours

from .layers import purge, purge_everything
from .store import PAGE_LIST, URL_SPACE
from .tags import (
    TEAM_LIST,
    category_articles_tag,
    instance_tag,
    kind_of,
    served_tag,
    tag_articles_tag,
    tag_kinds,
)


def purge_on_commit(tags):
    transaction.on_commit(lambda: purge(tags))


def adjacent_article_pks(article: ArticlePage) -> set[int]:
    """The articles whose previous/next links show ``article``: the ones its page links to."""
    neighbours = article_neighbours(article, with_related=False)
    return {neighbour.pk for neighbour in (neighbours.previous, neighbours.next) if neighbour is not None}


def archive_tags(article_pk) -> set[str]:
    """The lists of the categories and tags the article has in the database, i.e. its live ones."""
    categories = ArticlePage.categories.through.objects.filter(articlepage_id=article_pk)
    tags = ArticlePageTag.objects.filter(content_object_id=article_pk)
    return {category_articles_tag(pk) for pk in categories.values_list("category_id", flat=True)} | {
        tag_articles_tag(pk) for pk in tags.values_list("tag_id", flat=True)
    }


def page_change_tags(page: Page) -> set[str]:
    tags = {instance_tag("page", page.pk), PAGE_LIST, URL_SPACE}
    if isinstance(page, ArticlePage):
        tags |= archive_tags(page.pk)
        tags |= {served_tag(pk) for pk in adjacent_article_pks(page)}
    return tags


def article_about_to_be_rewritten(sender, instance, raw=False, update_fields=None, **kwargs):
    """Publishing writes an article's categories and tags anew (a full save; saving a draft revision
    only updates some fields): the archives it is about to leave need a purge as well as its new ones."""
    if raw or instance.pk is None or update_fields is not None:
        return
    purge_on_commit(archive_tags(instance.pk))


def page_published_or_unpublished(sender, instance, **kwargs):
    purge_on_commit(page_change_tags(instance.specific))


def page_moved(sender, instance, **kwargs):
    if instance.numchild or Site.objects.filter(root_page=instance).exists():
        # Every page below it has a new URL too; a site's root also sits in the cached site look-ups.
        transaction.on_commit(purge_everything)
    else:
        purge_on_commit(page_change_tags(instance.specific))


def page_deleted(sender, instance, **kwargs):
    purge_on_commit({instance_tag("page", instance.pk), PAGE_LIST, URL_SPACE})


def shown_object_changed(sender, instance, **kwargs):
    tags = {instance_tag(kind_of(instance), instance.pk)}
    if isinstance(instance, Category):
        tags.add(URL_SPACE)  # its archive's address follows its slug
    elif isinstance(instance, Person):
        # Their team page's address follows their slug and exists only while they are shown on the team page.
        tags |= {URL_SPACE, TEAM_LIST}
    purge_on_commit(tags)


def redirects_changed(sender, instance, **kwargs):
    purge_on_commit({URL_SPACE})


def everything_changed(sender, instance, **kwargs):
    # Rare changes that reach many pages at once: a site's hostname or root, a page (and its
    # subtree) made private or public again.
    transaction.on_commit(purge_everything)


def connect():
    pre_save.connect(
        article_about_to_be_rewritten, sender=ArticlePage, dispatch_uid="page_cache_article_rewrite"
    )
    for page_model in get_page_models():
        name = page_model._meta.label_lower
        page_published.connect(
            page_published_or_unpublished, sender=page_model, dispatch_uid=f"page_cache_published_{name}"
        )
        page_unpublished.connect(
            page_published_or_unpublished, sender=page_model, dispatch_uid=f"page_cache_unpublished_{name}"
        )
        post_page_move.connect(page_moved, sender=page_model, dispatch_uid=f"page_cache_moved_{name}")
    # Every page type's delete removes its Page row too. A receiver for any sender would also keep Django
    # from bulk-deleting cascaded rows (revisions, log entries) of every model in the project.
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="page_cache_page_deleted")
    for action, signal in (("saved", post_save), ("deleted", post_delete)):
        for model in (model for model, kind in tag_kinds() if kind != "page"):
            signal.connect(
                shown_object_changed, sender=model, dispatch_uid=f"page_cache_{model.__name__}_{action}"
            )
        signal.connect(redirects_changed, sender=Redirect, dispatch_uid=f"page_cache_redirect_{action}")
        signal.connect(everything_changed, sender=Site, dispatch_uid=f"page_cache_site_{action}")
        signal.connect(
            everything_changed, sender=PageViewRestriction, dispatch_uid=f"page_cache_privacy_{action}"
        )
