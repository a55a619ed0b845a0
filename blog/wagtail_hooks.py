"""Admin wiring: snippet viewsets and the hooks that keep the clinic's content safe."""

from django.contrib import messages
from django.shortcuts import redirect

from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from blog.dashboard import ArticlesDueForReviewPanel
from blog.models import ArticlePage, BlogIndexPage, Category, Person, PhoneContact
from blog.roles import set_up_blog_index


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    list_display = ["name", "slug"]


class PhoneContactViewSet(SnippetViewSet):
    model = PhoneContact
    icon = "mobile-alt"
    list_display = ["label", "team_name", "display_number"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    list_display = ["name", "credentials", "role"]


class ClinicContentViewSetGroup(SnippetViewSetGroup):
    menu_label = "Clinic content"
    menu_icon = "folder-inverse"
    menu_order = 200
    items = (CategoryViewSet, PhoneContactViewSet, PersonViewSet)


register_snippet(ClinicContentViewSetGroup)


@hooks.register("before_delete_snippet")
def keep_uncategorized(request, instances):
    if any(isinstance(instance, Category) and instance.is_uncategorized for instance in instances):
        messages.error(
            request, "“Uncategorized” cannot be deleted: articles without a category fall back to it."
        )
        return redirect("wagtailsnippets_blog_category:list")
    return None


@hooks.register("construct_homepage_panels")
def add_articles_due_for_review(request, panels):
    panels.append(ArticlesDueForReviewPanel())


@hooks.register("after_create_page")
def open_new_blog_index_to_writers(request, page):
    # Page permissions and the review workflow are set per blog index, so a new index needs them too.
    if isinstance(page.specific_deferred, BlogIndexPage):
        set_up_blog_index(page.pk)


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_unreviewed_articles(request, action_type, objects, action_view):
    """The listing's bulk "Publish" skips the editor's form, so check the author and reviewer here."""
    if action_type != "publish" or not objects or not isinstance(objects[0], Page):
        return None
    pages = list(objects)
    if action_view.cleaned_form.cleaned_data.get("include_descendants"):
        for page in objects:
            pages += page.get_descendants().not_live().type(ArticlePage)
    for page in pages:
        version = page.get_latest_revision_as_object() if page.get_latest_revision() else page.specific
        missing = getattr(version, "missing_for_publishing", [])
        if missing:
            messages.error(
                request,
                f"Nothing was published: “{version.title}” has no {' or '.join(missing)}. "
                "Add them in the editor, or submit it to Clinical review.",
            )
            return redirect(action_view.next_url)
    return None
