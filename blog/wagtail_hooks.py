"""Admin wiring: snippet viewsets and the hooks that keep the clinic's content safe."""

from django.contrib import messages
from django.shortcuts import redirect

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from blog.models import Category, Person, PhoneContact


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
