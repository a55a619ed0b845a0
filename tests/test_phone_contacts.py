import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test import Client

from wagtail.models import Revision, Site

from blog.models import ClinicSettings, PhoneContact
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


def public_numbers(reader, url):
    """Every phone number a patient can see on the page: header, footer, article body and JSON-LD."""
    soup = BeautifulSoup(reader.get(url).content, "html.parser")
    links = [a["href"] for a in soup.select('a[href^="tel:"]')]
    structured = " ".join(script.get_text() for script in soup.select('script[type="application/ld+json"]'))
    return links, "telephone" in structured, [p.get_text(" ", strip=True) for p in soup.select(".phone-cta")]


def unpublish_in_admin(admin_client, contact):
    response = admin_client.post(f"/admin/snippets/blog/phonecontact/unpublish/{contact.pk}/")
    assert response.status_code == 302
    contact.refresh_from_db()
    assert not contact.live
    return admin_client.get(response["Location"])


@pytest.fixture
def reader():
    """An anonymous visitor, apart from the signed-in admin_client (which is pytest-django's client)."""
    return Client()


@pytest.fixture
def clinic_line_in_an_article(blog_index, clinic_phone):
    clinic_phone.save_revision().publish()
    return ArticlePageFactory(parent=blog_index, body=[phone_block(clinic_phone, lead_in="Questions? Call")])


def test_unpublished_clinic_line_is_shown_nowhere(
    admin_client, clinic_line_in_an_article, clinic_phone, reader
):
    article = clinic_line_in_an_article
    assert public_numbers(reader, article.url)[0] == ["tel:+19528412345"] * 4

    after = unpublish_in_admin(admin_client, clinic_phone)

    for url in ("/", "/blog/", article.url):
        assert public_numbers(reader, url) == ([], False, []), url
    assert ClinicSettings.for_site(article.get_site()).live_phone_contact is None
    assert "clinic&#x27;s main line in the clinic settings but is not published" in after.content.decode()


def test_unpublishing_purges_cached_pages_and_publishing_brings_the_number_back(
    admin_client,
    clinic_line_in_an_article,
    clinic_phone,
    reader,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.PAGE_CACHE_SECONDS = 600
    article = clinic_line_in_an_article
    for url in ("/", article.url):
        reader.get(url)
        assert reader.get(url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        unpublish_in_admin(admin_client, clinic_phone)
    for url in ("/", article.url):
        assert public_numbers(reader, url)[0] == [], url

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            f"/admin/snippets/blog/phonecontact/edit/{clinic_phone.pk}/",
            phone_form(phone_number="952-841-2345", **{"action-publish": "1"}),
        )
    assert public_numbers(reader, article.url)[0] == ["tel:+19528412345"] * 4


def test_article_block_with_an_unpublished_contact_shows_nothing_beside_a_live_clinic_line(
    blog_index, clinic_phone, reader
):
    withdrawn = PhoneContactFactory(phone_number="+16125550143", label="Old spine desk")
    withdrawn.save_revision().publish()
    withdrawn.unpublish()
    article = ArticlePageFactory(
        parent=blog_index, body=[phone_block(withdrawn, lead_in="Spine desk:"), phone_block(clinic_phone)]
    )

    links, has_telephone, calls = public_numbers(reader, article.url)

    assert links == ["tel:+19528412345"] * 4  # header, footer, call bar, the clinic line’s block
    assert has_telephone
    assert [call.split(" to ")[0] for call in calls] == ["Please call (952) 841-2345"]


def test_admin_warns_where_the_clinic_line_is_chosen_but_not_published(admin_client, clinic_phone):
    settings_url = f"/admin/settings/blog/clinicsettings/{Site.objects.get(is_default_site=True).pk}/"
    contact_url = f"/admin/snippets/blog/phonecontact/edit/{clinic_phone.pk}/"
    assert "is not published" not in admin_client.get(settings_url).content.decode()
    assert "is not published" not in admin_client.get(contact_url).content.decode()

    clinic_phone.unpublish()

    settings_page = admin_client.get(settings_url).content.decode()
    assert "“Main clinic line” is not published, so no phone number is shown" in settings_page
    assert (
        "main line in the clinic settings but is not published"
        in admin_client.get(contact_url).content.decode()
    )
    other = PhoneContactFactory(label="Billing")
    other.unpublish()
    other_page = admin_client.get(f"/admin/snippets/blog/phonecontact/edit/{other.pk}/").content.decode()
    assert "main line in the clinic settings" not in other_page
