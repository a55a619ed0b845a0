"""Admin wiring: snippet viewsets and the hooks that keep the clinic's content safe."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect

from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from blog.editorial.dashboard import ArticlesDueForReviewPanel
from blog.editorial.phone_contact_editing import (
    PhoneContactCreateView,
    PhoneContactEditView,
    put_publish_first,
)
from blog.editorial.phone_contact_warnings import (
    warn_if_clinic_line_is_hidden,
    warn_if_contact_is_a_hidden_clinic_line,
    warn_on_unpublishing_a_clinic_line,
)
from blog.editorial.roles import set_up_blog_index, set_up_home_page
from blog.editorial.user_admin import user_bulk_action_refusal
from blog.models import ArticlePage, BlogIndexPage, Category, HomePage, Location, Person, PhoneContact
from blog.models.clinical_review import APPROVAL_LOG_ACTION
from blog.reading.short_links import redirect_wordpress_short_link


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    list_display = ["name", "slug", "featured_article"]


class PhoneContactViewSet(SnippetViewSet):
    model = PhoneContact
    icon = "mobile-alt"
    add_view_class = PhoneContactCreateView
    edit_view_class = PhoneContactEditView
    list_display = ["label", "team_name", "display_number"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    list_display = ["name", "credentials", "role", "show_on_team_page"]
    list_filter = ["show_on_team_page"]


class LocationViewSet(SnippetViewSet):
    model = Location
    icon = "site"
    list_display = ["name", "city", "show_in_footer"]


class ClinicContentViewSetGroup(SnippetViewSetGroup):
    menu_label = "Clinic content"
    menu_icon = "folder-inverse"
    menu_order = 200
    items = (CategoryViewSet, PhoneContactViewSet, PersonViewSet, LocationViewSet)


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
def open_new_page_to_its_roles(request, page):
    # Page permissions (and a blog's review workflow) are set per blog index and home page, so a new one
    # needs them too.
    if isinstance(page, BlogIndexPage):
        set_up_blog_index(page.pk)
    elif isinstance(page, HomePage):
        set_up_home_page(page.pk)


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_unreviewed_articles(request, action_type, objects, action_view):
    """The listing's bulk "Publish" skips the editor's form, so apply its publishing rules here.

    Only administrators get this far with an article: for everyone else Wagtail's own permission check refuses
    it (blog.editorial.publishing), and what they select is published only if it lies outside the blog.
    """
    if action_type != "publish" or not objects or not isinstance(objects[0], Page):
        return None
    pages = list(objects)
    if action_view.cleaned_form.cleaned_data.get("include_descendants"):
        for page in objects:
            # Wagtail leaves out the drafts this user may not publish, so they are no reason to refuse.
            pages += [
                draft
                for draft in page.get_descendants().not_live().type(ArticlePage)
                if draft.permissions_for_user(request.user).can_publish()
            ]
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


@hooks.register("before_bulk_action")
def refuse_user_bulk_actions_beyond_the_managers_reach(request, action_type, objects, action_view):
    """The users listing's bulk actions skip the user editor, so its limits on who manages whom apply here."""
    if not objects or not isinstance(objects[0], get_user_model()):
        return None
    role = action_view.cleaned_form.cleaned_data.get("role") if action_type == "assign_role" else None
    refusal = user_bulk_action_refusal(request.user, objects, role)
    if refusal:
        messages.error(request, refusal)
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

hooks.register("construct_snippet_action_menu", put_publish_first)
hooks.register("before_edit_setting", warn_if_clinic_line_is_hidden)
hooks.register("before_edit_snippet", warn_if_contact_is_a_hidden_clinic_line)
hooks.register("after_unpublish", warn_on_unpublishing_a_clinic_line)
