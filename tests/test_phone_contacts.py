import pytest
from bs4 import BeautifulSoup

from django.db import connection

from wagtail.models import Revision

from blog.models import PhoneContact
from tests.factories import ArticlePageFactory, PhoneContactFactory


def phone_block(contact, lead_in="Please call"):
    return ("phone_contact", {"lead_in": lead_in, "contact": contact, "trailing_text": ""})


def tel_links(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return [(a["href"], a.get_text()) for a in soup.select(".article__body .phone-cta a")]


@pytest.fixture
def admin_client(client, django_user_model, verified_login):
    user = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
    verified_login(client, user)
    return client


def phone_form(**overrides):
    return {
        "label": "Scheduling",
        "team_name": "Twin Cities Pain Clinic",
        "phone_number": "952-841-2345",
        "call_to_action": "to book a visit.",
        **overrides,
    }


def test_phone_change_updates_every_article(blog_index, client):
    contact = PhoneContactFactory(phone_number="+19528412345")
    articles = [ArticlePageFactory(parent=blog_index, body=[phone_block(contact)]) for _ in range(3)]
    assert {link for page in articles for link in tel_links(client, page)} == {
        ("tel:+19528412345", "(952) 841-2345")
    }

    contact.phone_number = "+16125550143"
    contact.save()

    assert {link for page in articles for link in tel_links(client, page)} == {
        ("tel:+16125550143", "(612) 555-0143")
    }


def test_body_blocks_show_their_own_contacts_beside_the_header_line(blog_index, clinic_phone, client):
    scheduling = PhoneContactFactory(phone_number="+16125550143", label="Scheduling")
    article = ArticlePageFactory(
        parent=blog_index,
        body=[phone_block(clinic_phone), phone_block(scheduling), phone_block(clinic_phone)],
    )

    soup = BeautifulSoup(client.get(article.url).content, "html.parser")

    assert tel_links(client, article) == [
        ("tel:+19528412345", "(952) 841-2345"),
        ("tel:+16125550143", "(612) 555-0143"),
        ("tel:+19528412345", "(952) 841-2345"),
    ]
    assert soup.select_one(".header-phone")["href"] == "tel:+19528412345"


def test_number_is_stored_in_e164_and_shown_in_national_format(admin_client):
    response = admin_client.post(
        "/admin/snippets/blog/phonecontact/add/", phone_form(**{"action-publish": "1"})
    )
    assert response.status_code == 302
    contact = PhoneContact.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone_number FROM blog_phonecontact WHERE id = %s", [contact.pk])
        assert cursor.fetchone()[0] == "+19528412345"
    assert contact.display_number == "(952) 841-2345"
    assert contact.tel_href == "tel:+19528412345"


@pytest.mark.parametrize("number", ["123", "952-841-234", "not a number", "+1 000 000 0000"])
def test_invalid_number_is_a_field_error_and_saves_nothing(admin_client, number):
    response = admin_client.post("/admin/snippets/blog/phonecontact/add/", phone_form(phone_number=number))
    assert response.status_code == 200
    assert "phone_number" in response.context["form"].errors
    assert PhoneContact.objects.count() == 0


def test_draft_number_change_leaves_articles_alone_until_published(admin_client, blog_index, client):
    contact = PhoneContactFactory(phone_number="+19528412345")
    contact.save_revision().publish()
    article = ArticlePageFactory(parent=blog_index, body=[phone_block(contact)])
    edit_url = f"/admin/snippets/blog/phonecontact/edit/{contact.pk}/"

    admin_client.post(edit_url, phone_form(phone_number="612-555-0143"))
    contact.refresh_from_db()
    assert contact.has_unpublished_changes
    assert tel_links(client, article) == [("tel:+19528412345", "(952) 841-2345")]

    admin_client.post(edit_url, phone_form(phone_number="612-555-0143", **{"action-publish": "1"}))
    assert tel_links(client, article) == [("tel:+16125550143", "(612) 555-0143")]


def test_number_change_can_be_rolled_back_from_history(admin_client, blog_index, client):
    contact = PhoneContactFactory(phone_number="+19528412345")
    first = contact.save_revision()
    first.publish()
    article = ArticlePageFactory(parent=blog_index, body=[phone_block(contact)])
    admin_client.post(
        f"/admin/snippets/blog/phonecontact/edit/{contact.pk}/",
        phone_form(phone_number="612-555-0143", **{"action-publish": "1"}),
    )
    assert tel_links(client, article)[0][0] == "tel:+16125550143"

    revert_url = f"/admin/snippets/blog/phonecontact/history/{contact.pk}/revisions/{first.pk}/revert/"
    form = admin_client.get(revert_url)
    assert form.status_code == 200
    admin_client.post(revert_url, phone_form(phone_number="952-841-2345", **{"action-publish": "1"}))
    assert tel_links(client, article)[0][0] == "tel:+19528412345"
    assert Revision.objects.for_instance(contact).count() == 3


def test_preview_shows_the_unsaved_number(admin_client):
    contact = PhoneContactFactory(phone_number="+19528412345")
    preview_url = f"/admin/snippets/blog/phonecontact/preview/{contact.pk}/"
    admin_client.post(preview_url, phone_form(phone_number="612-555-0143"))
    response = admin_client.get(preview_url)
    assert 'href="tel:+16125550143"' in response.content.decode()


def test_snippet_listing_search_and_history_are_available(admin_client):
    PhoneContactFactory(label="Scheduling desk")
    PhoneContactFactory(label="Billing office")
    listing = admin_client.get("/admin/snippets/blog/phonecontact/?q=billing")
    assert "Billing office" in listing.content.decode()
    assert "Scheduling desk" not in listing.content.decode()
    contact = PhoneContact.objects.get(label="Billing office")
    assert admin_client.get(f"/admin/snippets/blog/phonecontact/history/{contact.pk}/").status_code == 200
