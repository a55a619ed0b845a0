"""The home page: an intro with a call button, then the sections staff choose in the admin (featured
articles, topics, the team, locations), each showing only what readers may see, purged when it changes."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from blog.models import ClinicSettings, HomePage
from tests.admin_forms import edit_url, home_page_form
from tests.factories import (
    ArticlePageFactory,
    CategoryFactory,
    ImageFactory,
    LocationFactory,
    LocationsPageFactory,
    PersonFactory,
    TeamIndexPageFactory,
    featured_section,
    locations_section,
    publish_home_sections,
    team_section,
    topics_section,
)


def home_soup(client):
    response = client.get("/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def section_titled(soup, heading):
    return soup.find("h2", string=heading).find_parent("section")


def test_hero_shows_the_intro_and_a_call_button_to_the_main_phone(client, home_page, clinic_phone):
    publish_home_sections(home_page, intro="<p>Less pain, more life.</p>")

    hero = home_soup(client).select_one(".home-hero")

    assert hero.h1.get_text() == home_page.title
    assert hero.select_one(".home-hero__intro").get_text(strip=True) == "Less pain, more life."
    call = hero.select_one("a.home-hero__call")
    assert call["href"] == "tel:+19528412345" and call.get_text() == "Call (952) 841-2345"


def test_featured_articles_are_listed_in_the_chosen_order_instead_of_the_latest(
    client, home_page, blog_index
):
    older, newer, unfeatured = (ArticlePageFactory(parent=blog_index) for _ in range(3))
    publish_home_sections(home_page, featured_section([older, newer], heading="Start here"))

    soup = home_soup(client)

    cards = section_titled(soup, "Start here").select(".article-card h3")
    assert [card.get_text() for card in cards] == [older.title, newer.title]
    assert soup.find("h2", string="Latest articles") is None
    assert unfeatured.title not in soup.get_text()


def test_latest_articles_are_listed_when_no_articles_are_featured(client, home_page, blog_index):
    article = ArticlePageFactory(parent=blog_index)
    publish_home_sections(home_page, topics_section([CategoryFactory(name="Back pain")]))

    latest = section_titled(home_soup(client), "Latest articles")

    assert [card.get_text() for card in latest.select(".article-card h3")] == [article.title]


def test_unpublished_and_private_featured_articles_are_not_shown(client, home_page, blog_index):
    shown, unpublished = ArticlePageFactory(parent=blog_index), ArticlePageFactory(parent=blog_index)
    private_section = ArticlePageFactory(parent=blog_index, title="Staff notes")
    private = ArticlePageFactory(parent=private_section)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    unpublished.unpublish()
    publish_home_sections(home_page, featured_section([unpublished, shown, private]))

    cards = section_titled(home_soup(client), "Featured articles").select(".article-card h3")

    assert [card.get_text() for card in cards] == [shown.title]


def test_topics_link_their_archives_with_live_article_counts_in_the_chosen_order(
    client, home_page, blog_index
):
    sleep, injections = CategoryFactory(name="Sleep"), CategoryFactory(name="Injections")
    ArticlePageFactory.create_batch(2, parent=blog_index, categories=[injections])
    ArticlePageFactory(parent=blog_index, categories=[sleep])
    ArticlePageFactory(parent=blog_index, categories=[sleep]).unpublish()
    publish_home_sections(home_page, topics_section([injections, sleep]))

    cards = section_titled(home_soup(client), "Health topics").select(".topic-card")

    assert [(card.a["href"], card.a.get_text(), card.span.get_text()) for card in cards] == [
        ("/blog/category/injections/", "Injections", "2 articles"),
        ("/blog/category/sleep/", "Sleep", "1 article"),
    ]


def test_topics_left_empty_list_every_category_but_uncategorized(client, home_page, blog_index):
    CategoryFactory(name="Sleep"), CategoryFactory(name="Injections")
    ArticlePageFactory(parent=blog_index, categories=[])  # the writer would file it under Uncategorized
    publish_home_sections(home_page, topics_section([]))

    cards = section_titled(home_soup(client), "Health topics").select(".topic-card a")

    assert [card.get_text() for card in cards] == ["Injections", "Sleep"]


def test_team_shows_photos_with_their_size_names_with_credentials_and_roles_in_order(client, home_page):
    physio = PersonFactory(name="Jordan Ellis", credentials="DPT", role="Physical therapist")
    doctor = PersonFactory(
        name="Maya Okafor",
        photo=ImageFactory(file__width=600, file__height=400),
        photo_alt_text="Dr. Okafor smiling in the clinic",
    )
    publish_home_sections(home_page, team_section([doctor, physio]))

    cards = section_titled(home_soup(client), "Our team").select(".team-card")

    assert [card.h3.get_text() for card in cards] == ["Maya Okafor, MD", "Jordan Ellis, DPT"]
    assert [card.select_one(".team-card__role").get_text() for card in cards] == [
        "Pain medicine physician",
        "Physical therapist",
    ]
    photo = cards[0].img
    assert photo["alt"] == "Dr. Okafor smiling in the clinic"
    assert (photo["width"], photo["height"]) == ("160", "160")
    assert cards[1].img is None


def test_team_names_link_to_the_team_pages_of_people_shown_there(client, home_page):
    shown = PersonFactory(name="Maya Okafor", show_on_team_page=True)
    hidden = PersonFactory(name="Jordan Ellis", show_on_team_page=False)
    team_page = TeamIndexPageFactory(parent=home_page)
    clinic_settings = ClinicSettings.for_site(home_page.get_site())
    clinic_settings.team_page = team_page
    clinic_settings.save()
    publish_home_sections(home_page, team_section([shown, hidden]))

    cards = section_titled(home_soup(client), "Our team").select(".team-card")

    assert cards[0].h3.a["href"] == f"/team/{shown.slug}/"
    assert client.get(cards[0].h3.a["href"]).status_code == 200
    assert cards[1].h3.a is None


def test_locations_show_address_and_hours_and_link_the_locations_page(client, home_page, clinic_phone):
    LocationFactory(name="Bloomington clinic")
    edina = LocationFactory(name="Edina clinic", phone_contact=clinic_phone)
    clinic_settings = ClinicSettings.for_site(home_page.get_site())
    clinic_settings.locations_page = LocationsPageFactory(parent=home_page)
    clinic_settings.save()
    publish_home_sections(home_page, locations_section([edina], heading="Visit us"))

    section = section_titled(home_soup(client), "Visit us")

    assert [card.h3.get_text() for card in section.select(".location-card")] == ["Edina clinic"]
    assert "6545 France Avenue South" in section.address.get_text()
    assert section.select_one(".location__phone")["href"] == "tel:+19528412345"
    assert (
        section.select_one(".location__hours-row").get_text(" ", strip=True) == "Monday–Friday 8 a.m.–5 p.m."
    )
    assert section.find("a", string="Directions, parking and accessibility")["href"] == "/locations/"


def test_locations_left_empty_list_every_location(client, home_page):
    (
        LocationFactory(name="Edina clinic", sort_order=1),
        LocationFactory(name="Bloomington clinic", sort_order=2),
    )
    publish_home_sections(home_page, locations_section([]))

    section = section_titled(home_soup(client), "Locations & hours")

    assert [card.h3.get_text() for card in section.select(".location-card")] == [
        "Edina clinic",
        "Bloomington clinic",
    ]


def test_editing_a_chosen_location_purges_the_cached_home_page(client, home_page, page_cache_on, publish):
    # Left out of the footer: only the home page's own section shows it. (The footer's look-up declares
    # every location today; the section declares its own so this holds whatever the footer does.)
    location = LocationFactory(name="Edina clinic", show_in_footer=False)
    publish(lambda: publish_home_sections(home_page, locations_section([location])))
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    location.city = "Bloomington"
    publish(location.save)

    assert "Bloomington, MN" in section_titled(home_soup(client), "Locations & hours").address.get_text()


def test_editing_a_chosen_person_purges_the_cached_home_page(client, home_page, page_cache_on, publish):
    person = PersonFactory(name="Maya Okafor")
    publish(lambda: publish_home_sections(home_page, team_section([person])))
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    person.role = "Medical director"
    publish(person.save)

    assert "Medical director" in section_titled(home_soup(client), "Our team").get_text()


def test_publishing_a_featured_draft_shows_it_on_the_cached_home_page(
    client, home_page, blog_index, page_cache_on, publish
):
    draft = ArticlePageFactory(parent=blog_index, title="Coming soon: nerve blocks")
    draft.unpublish()
    publish(lambda: publish_home_sections(home_page, featured_section([draft])))
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    publish(lambda: draft.save_revision().publish())

    assert "Coming soon: nerve blocks" in home_soup(client).get_text()


def test_home_page_editor_offers_every_section_type(admin_client, home_page):
    publish_home_sections(home_page, team_section([PersonFactory()]), locations_section([LocationFactory()]))

    response = admin_client.get(edit_url(home_page))

    assert response.status_code == 200
    # The stream's block definitions, as the editor's JavaScript receives them.
    for block_type in ("featured_articles", "topics", "team", "locations"):
        assert f"&quot;{block_type}&quot;" in response.text


def test_staff_choose_the_sections_in_the_admin_editor(admin_client, home_page, blog_index):
    article = ArticlePageFactory(parent=blog_index)
    category, person, location = CategoryFactory(name="Sleep"), PersonFactory(), LocationFactory()
    sections = [
        ("team", {"heading": "Meet us", "people": [person]}),
        ("featured_articles", {"heading": "Start here", "articles": [article]}),
        ("topics", {"heading": "Topics", "categories": [category]}),
        ("locations", {"heading": "Visit us", "locations": [location]}),
    ]

    response = admin_client.post(
        edit_url(home_page),
        home_page_form(home_page, intro_html="<p>Welcome.</p>", sections=sections, action="action-publish"),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    home = HomePage.objects.get(pk=home_page.pk)
    assert BeautifulSoup(home.intro, "html.parser").get_text() == "Welcome."
    saved = [(section.block_type, section.value["heading"]) for section in home.sections]
    assert saved == [
        ("team", "Meet us"),
        ("featured_articles", "Start here"),
        ("topics", "Topics"),
        ("locations", "Visit us"),
    ]
    assert home.sections[0].value["people"][0] == person
    assert home.sections[1].value["articles"][0] == article


def test_preview_of_the_editor_form_shows_a_live_featured_article_but_not_a_draft(
    admin_client, home_page, blog_index
):
    shown, draft = ArticlePageFactory(parent=blog_index), ArticlePageFactory(parent=blog_index)
    draft.unpublish()
    preview_url = f"/admin/pages/{home_page.pk}/edit/preview/"
    sections = [("featured_articles", {"heading": "Start here", "articles": [draft, shown]})]

    posted = admin_client.post(preview_url, home_page_form(home_page, sections=sections))
    assert posted.json()["is_valid"] is True
    preview = BeautifulSoup(admin_client.get(preview_url).content, "html.parser")

    cards = section_titled(preview, "Start here").select(".article-card h3")
    assert [card.get_text() for card in cards] == [shown.title]


@pytest.mark.parametrize("shared_lookups", [False, True])
def test_pages_below_the_home_page_are_routed_without_loading_its_fields(
    client, home_page, blog_index, settings, shared_lookups
):
    settings.SHARED_LOOKUP_CACHE = shared_lookups
    article = ArticlePageFactory(parent=blog_index, title="Pacing your day with chronic pain")
    home_fields = f'"{HomePage._meta.db_table}"'

    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.url)

    assert response.status_code == 200 and article.title in response.text
    assert not [query["sql"] for query in queries.captured_queries if home_fields in query["sql"]]
    assert client.get("/").status_code == 200
