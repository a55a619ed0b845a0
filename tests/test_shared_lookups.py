"""The site and clinic settings kept across requests in the shared cache: never staler than the database."""

import pytest

from django.test import Client
from django.urls import reverse

from wagtail.models import Site

from blog.models import ClinicSettings
from tests.factories import ArticlePageFactory, HomePageFactory
from tests.test_page_cache import UNREACHABLE_REDIS


@pytest.fixture(autouse=True)
def _shared_lookups_on(settings):
    settings.SHARED_LOOKUP_CACHE = True


def test_clinic_phone_change_reaches_every_header_at_once(client, blog_index, clinic_phone, publish):
    article = ArticlePageFactory(parent=blog_index)
    assert "(952) 841-2345" in client.get(article.url).text

    clinic_phone.phone_number = "+16125550143"
    publish(lambda: clinic_phone.save_revision().publish())

    for url in ("/", "/blog/", article.url):
        assert "(612) 555-0143" in client.get(url).text, url


def test_clinic_settings_change_is_shown_on_the_next_request(client, home_page, blog_index, publish):
    article = ArticlePageFactory(parent=blog_index)
    client.get(article.url)
    clinic_settings = ClinicSettings.for_site(home_page.get_site())

    clinic_settings.disclaimer = "Call 911 in an emergency."
    publish(clinic_settings.save)

    assert "Call 911 in an emergency." in client.get(article.url).text


def test_a_new_site_for_a_host_serves_its_own_pages_at_once(home_page, publish, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "physio.example"]
    reader = Client(HTTP_HOST="physio.example")
    assert "Twin Cities Pain Clinic" in reader.get("/").text  # the default site answers unknown hosts

    other_home = HomePageFactory(parent=home_page.get_parent(), title="Lakeside Physio", slug="lakeside")
    publish(lambda: Site.objects.create(hostname="physio.example", port=80, root_page=other_home))

    assert "<h1>Lakeside Physio</h1>" in reader.get("/").text


def test_pages_render_while_the_shared_cache_is_down(client, blog_index, clinic_phone, settings):
    settings.CACHES = UNREACHABLE_REDIS
    article = ArticlePageFactory(parent=blog_index)

    responses = [client.get(article.url) for _ in range(2)]

    assert [response.status_code for response in responses] == [200, 200]
    assert all("(952) 841-2345" in response.text for response in responses)


def test_settings_saved_in_the_admin_reach_readers_at_once(
    client, admin_client, home_page, clinic_phone, publish
):
    site = home_page.get_site()
    edit_url = reverse("wagtailsettings:edit", args=["blog", "clinicsettings", site.pk])
    assert "Twin Cities Pain Clinic" in client.get("/").text
    form = {
        "clinic_name": "Twin Cities Pain & Spine",
        "phone_contact": clinic_phone.pk,
        "disclaimer": "See a doctor.",
    }

    publish(lambda: admin_client.post(edit_url, form))

    assert "Twin Cities Pain &amp; Spine" in client.get("/").text
    assert ClinicSettings.for_site(site).clinic_name == "Twin Cities Pain & Spine"
