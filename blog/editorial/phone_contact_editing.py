"""Editing a phone contact so that its live state is unmistakable.

Patients see only a contact's published version, so a saved draft changes nothing they see. Wagtail's
snippet editor makes "Save draft" the primary button and says "updated" after it, which reads as done.
Here Publish is the primary button (for those who may publish; others keep Save draft first), and saving
a draft says plainly that the number is not live yet.
"""

from wagtail.snippets.views.snippets import CreateView, EditView

from blog.models import PhoneContact

PUBLISH_ACTION = "action-publish"


def put_publish_first(menu_items, request, context):
    """construct_snippet_action_menu: on a phone contact, Publish becomes the primary (first) button."""
    if context.get("model") is not PhoneContact:
        return
    publish = next((item for item in menu_items if item.name == PUBLISH_ACTION), None)
    if publish is not None:
        menu_items.remove(publish)
        menu_items.insert(0, publish)


def draft_message(contact, created):
    if created:
        return (
            f"Phone contact “{contact.label}” saved as a draft — not live yet. Patients will see it only "
            "once it is published."
        )
    if contact.live:
        # The form's instance holds the draft; the row holds what patients see.
        published = PhoneContact.objects.get(pk=contact.pk)
        return (
            f"Phone contact “{contact.label}” saved as a draft — not live yet. Patients still see the "
            f"published number, {published.display_number}, until you publish."
        )
    return f"Phone contact “{contact.label}” saved as a draft — not live yet: it is not published."


class DraftSaysNotLiveMixin:
    def get_success_message(self, instance=None):
        contact = instance or self.object
        if self.action == "publish":
            return f"Phone contact “{contact.label}” published: patients now see {contact.display_number}."
        return draft_message(contact, created=self.view_name == "create")


class PhoneContactCreateView(DraftSaysNotLiveMixin, CreateView):
    pass


class PhoneContactEditView(DraftSaysNotLiveMixin, EditView):
    pass
