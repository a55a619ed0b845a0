"""Saving a phone contact never looks live when it is not: Publish is the primary button, and a draft
says "not live yet" with the number patients still see."""

from bs4 import BeautifulSoup

from django.contrib.messages import get_messages

from blog.models import PhoneContact
from tests.factories import PhoneContactFactory, UserFactory

ADD_URL = "/admin/snippets/blog/phonecontact/add/"


def edit_url(contact):
    return f"/admin/snippets/blog/phonecontact/edit/{contact.pk}/"


def phone_form(**overrides):
    return {
        "label": "Scheduling",
        "team_name": "Twin Cities Pain Clinic",
        "phone_number": "612-555-0143",
        "call_to_action": "to book a visit.",
        **overrides,
    }


def flashed(response):
    """The messages' text, without the Edit button Wagtail appends to them."""
    return [str(message).split("\n", 1)[0] for message in get_messages(response.wsgi_request)]


def primary_button(response):
    footer = BeautifulSoup(response.content, "html.parser").select_one("footer .w-dropdown-button, footer")
    first = footer.find(["button", "a"], attrs={"type": "submit"}) or footer.find("button")
    return first.get("name"), " ".join(first.get_text().split())


def published_contact():
    contact = PhoneContactFactory(label="Main clinic line", phone_number="+19528412345")
    contact.save_revision().publish()
    return contact


def test_publish_is_the_primary_button_for_those_who_may_publish(admin_client):
    contact = published_contact()

    for response in (admin_client.get(ADD_URL), admin_client.get(edit_url(contact))):
        assert primary_button(response) == ("action-publish", "Publish")


def test_saving_a_draft_says_it_is_not_live_and_which_number_patients_still_see(admin_client):
    contact = published_contact()

    response = admin_client.post(edit_url(contact), phone_form(label="Main clinic line"))

    assert response.status_code == 302
    assert flashed(response) == [
        "Phone contact “Main clinic line” saved as a draft — not live yet. Patients still see the "
        "published number, (952) 841-2345, until you publish."
    ]
    assert PhoneContact.objects.get(pk=contact.pk).display_number == "(952) 841-2345"


def test_a_new_contact_saved_as_draft_says_patients_do_not_see_it(admin_client):
    response = admin_client.post(ADD_URL, phone_form())

    assert flashed(response) == [
        "Phone contact “Scheduling” saved as a draft — not live yet. Patients will see it only once it is "
        "published."
    ]
    assert not PhoneContact.objects.get().live


def test_publishing_says_which_number_patients_now_see(admin_client):
    contact = published_contact()

    response = admin_client.post(edit_url(contact), phone_form(**{"action-publish": "1"}))

    assert flashed(response) == ["Phone contact “Scheduling” published: patients now see (612) 555-0143."]
    assert PhoneContact.objects.get(pk=contact.pk).display_number == "(612) 555-0143"


def test_without_publish_permission_save_draft_stays_the_primary_button(client, verified_login):
    from django.contrib.auth.models import Permission

    editor = UserFactory(username="phone-editor")
    editor.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_phonecontact"),
    )
    verified_login(client, editor)

    response = client.get(edit_url(published_contact()))

    assert response.status_code == 200
    name, label = primary_button(response)
    assert name != "action-publish" and "Save draft" in label
