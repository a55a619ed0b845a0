"""Admin wiring: snippet viewsets and the hooks that keep the clinic's content safe."""

from django.contrib import messages
from django.shortcuts import redirect

from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from blog.dashboard import ArticlesDueForReviewPanel
from blog.models import ArticlePage, BlogIndexPage, Category, Person, PhoneContact
from blog.models.clinical_review import APPROVAL_LOG_ACTION
from blog.roles import set_up_blog_index
from blog.short_links import redirect_wordpress_short_link


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


@hooks.register("register_log_actions")
def register_clinical_approval(actions):
    # Shown in the page's History: who approved which revision, beside Wagtail's own workflow entries.
    @actions.register_action(APPROVAL_LOG_ACTION)
    class ClinicalApprovalFormatter(LogFormatter):
        label = "Clinical approval"

        def format_message(self, log_entry):
            return f"Clinically approved by {log_entry.data.get('reviewer', 'a clinical reviewer')}"


@hooks.register("construct_homepage_panels")
def add_articles_due_for_review(request, panels):
    panels.append(ArticlesDueForReviewPanel())


@hooks.register("after_create_page")
def open_new_blog_index_to_writers(request, page):
    # Page permissions and the review workflow are set per blog index, so a new index needs them too.
    if isinstance(page, BlogIndexPage):
        set_up_blog_index(page.pk)


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_unreviewed_articles(request, action_type, objects, action_view):
    """The listing's bulk "Publish" skips the editor's form, so apply its publishing rules here."""
    if action_type != "publish" or not objects or not isinstance(objects[0], Page):
        return None
    pages = list(objects)
    if action_view.cleaned_form.cleaned_data.get("include_descendants"):
        for page in objects:
            pages += page.get_descendants().not_live().type(ArticlePage)
    for page in pages:
        version = page.get_latest_revision_as_object()  # the page itself when nothing is unpublished
        problems = getattr(version, "problems_for_publishing", [])
        if problems:
            messages.error(
                request,
                f"Nothing was published: “{version.title}” {' and '.join(problems)}. "
                "Correct it in the editor, or submit it to Clinical review.",
            )
            return redirect(action_view.next_url)
    return None


@hooks.register("before_delete_snippet")
def keep_categories_in_use(request, instances):
    """Refuse to delete a category that articles still use, so no article silently loses its topic."""
    categories = [instance for instance in instances if isinstance(instance, Category)]
    if not categories:
        return None
    in_use = ArticlePage.categories.through.objects.filter(category__in=categories).values_list(
        "category__name", "articlepage__title"
    )
    titles_by_category = {}
    for category_name, title in in_use:
        titles_by_category.setdefault(category_name, []).append(title)
    if not titles_by_category:
        return None
    for category_name, titles in sorted(titles_by_category.items()):
        shown = ", ".join(f"“{title}”" for title in sorted(titles)[:3])
        more = f" and {len(titles) - 3} more" if len(titles) > 3 else ""
        uses = "1 article uses" if len(titles) == 1 else f"{len(titles)} articles use"
        messages.error(
            request,
            f"“{category_name}” cannot be deleted: {uses} it ({shown}{more}). "
            "Move them to another category first.",
        )
    return redirect("wagtailsnippets_blog_category:list")


hooks.register("before_serve_page", redirect_wordpress_short_link)
