from io import StringIO

import pytest
from bs4 import BeautifulSoup

from django.core.management import call_command

from wagtail.images.models import Image
from wagtail.models import Site

from blog.models import ArticlePage, BlogIndexPage, ClinicSettings, ContentPage, HomePage, PhoneContact


def load_demo():
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_content_is_idempotent():
    load_demo()
    load_demo()
    assert HomePage.objects.count() == 1
    assert BlogIndexPage.objects.count() == 1
    assert ArticlePage.objects.count() == 5
    assert PhoneContact.objects.count() == 1
    # Three portraits, five topic pictures, four article pictures.
    assert Image.objects.count() == 12
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage


@pytest.mark.django_db
def test_reader_reaches_the_seed_article_from_the_home_page(client):
    load_demo()
    home = BeautifulSoup(client.get("/", HTTP_HOST="127.0.0.1:8000").content, "html.parser")
    link = home.find("a", string="How Botox Can Help In Pain Management")
    article = client.get(link["href"], HTTP_HOST="127.0.0.1:8000")
    assert article.status_code == 200
    soup = BeautifulSoup(article.content, "html.parser")
    assert soup.select_one("header .header-phone")["href"] == "tel:+19528412345"
    assert "not medical advice" in soup.select_one(".disclaimer").get_text()


@pytest.mark.django_db
def test_clinic_settings_point_at_the_clinic_phone():
    load_demo()
    clinic = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    assert clinic.clinic_name == "Twin Cities Pain Clinic"
    assert clinic.phone_contact.phone_number.as_e164 == "+19528412345"


@pytest.mark.django_db
def test_superuser_is_created_once_with_a_printed_password(django_user_model):
    first, second = StringIO(), StringIO()
    call_command("create_dev_superuser", stdout=first)
    call_command("create_dev_superuser", stdout=second)
    password = first.getvalue().split(" / ")[1].split()[0]
    user = django_user_model.objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    assert "already exists" in second.getvalue()


@pytest.mark.django_db
def test_demo_articles_are_reviewed_pictured_and_show_a_contents_list_and_urgent_help(client):
    load_demo()

    articles = ArticlePage.objects.live().exclude(slug="how-botox-can-help-in-pain-management")
    assert articles.count() == 4
    assert all(article.featured_image and article.clinical_approval for article in articles)
    categories = {category.name for article in articles for category in article.categories.all()}
    assert {"Sciatica", "Back pain", "Headache and migraine", "Knee pain"} <= categories
    sciatica = BeautifulSoup(
        client.get("/blog/sciatica-why-your-leg-hurts-and-what-helps/", HTTP_HOST="127.0.0.1:8000").content,
        "html.parser",
    )
    assert len(sciatica.select("nav.contents a")) == 4
    assert sciatica.select_one(".callout--urgent")["aria-label"] == "Urgent: Get help now"
    assert sciatica.select_one(".article__hero picture img")["fetchpriority"] == "high"
    assert "Updated" not in sciatica.select_one(".article__facts").get_text()
    dates = {article.publication_date.date() for article in articles}
    assert len(dates) == 4


@pytest.mark.django_db
def test_demo_home_page_features_the_seed_article_the_demo_people_and_location(client):
    load_demo()
    home = BeautifulSoup(client.get("/", HTTP_HOST="127.0.0.1:8000").content, "html.parser")

    featured = home.find("h2", string="Featured articles").find_parent("section")
    assert [a.get_text() for a in featured.select(".article-card h3 a")] == [
        "Sciatica: why your leg hurts and what helps",
        "How Botox Can Help In Pain Management",
        "Migraine: spotting your triggers",
    ]
    assert [h3.get_text() for h3 in home.select(".team-card h3")] == ["Maya Okafor, MD", "Jordan Ellis, DPT"]
    assert [h3.get_text() for h3 in home.select(".location-card h3")] == ["Edina clinic"]
    assert home.select_one(".home-hero__call")["href"] == "tel:+19528412345"


@pytest.mark.django_db
def test_demo_language_assistance_page_gives_each_tagline_its_language(client):
    load_demo()

    page = ContentPage.objects.get(slug="language-assistance")
    assert [block.block_type for block in page.body][:2] == ["paragraph", "foreign_language_text"]
    english = [block.value.source for block in page.body if block.block_type == "paragraph"]
    assert len(english) == 1 and "ATTENTION" in english[0]
    languages = [
        block.value["language"] for block in page.body if block.block_type == "foreign_language_text"
    ]
    assert {"es", "so", "hmn", "vi", "ru", "ar", "zh-Hant"} <= set(languages)
    soup = BeautifulSoup(client.get(page.url, HTTP_HOST="127.0.0.1:8000").content, "html.parser")
    marked = {element["lang"]: element for element in soup.select(".article__body [lang]")}
    assert list(marked) == languages
    assert "ATENCIÓN" in marked["es"].get_text() and "Hmoob" in marked["hmn"].get_text()
    assert [code for code, element in marked.items() if element.get("dir") == "rtl"] == ["ar"]


@pytest.mark.django_db
def test_demo_content_leaves_home_sections_staff_edited_alone():
    load_demo()
    home = HomePage.objects.get()
    home.sections = [("topics", {"heading": "What we treat", "categories": []})]
    home.save_revision().publish()

    load_demo()

    assert [section.value["heading"] for section in HomePage.objects.get().sections] == ["What we treat"]
