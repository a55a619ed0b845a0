"""The site's chrome on every page: brand colour (checked and served as /brand.css), header menu, footer
locations and notices, the call bar; and the Locations & hours page with its structured data."""

import json
from datetime import date, time

import pytest
from bs4 import BeautifulSoup

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wagtail.blocks.struct_block import StructBlockValidationError

from blog.brand.contrast import contrast_ratio, validate_brand_colour
from blog.location_blocks import OpeningHoursBlock, day_ranges
from blog.models import BlogIndexPage, ClinicSettings, Location
from tests.factories import (
    ArticlePageFactory,
    BlogIndexPageFactory,
    CategoryFactory,
    ContentPageFactory,
    ImageFactory,
    LocationFactory,
    LocationsPageFactory,
    PhoneContactFactory,
)


def clinic_settings_of(home_page):
    return ClinicSettings.for_site(home_page.get_site())


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def settings_form(clinic_phone, **overrides):
    return {
        "clinic_name": "Twin Cities Pain Clinic",
        "phone_contact": clinic_phone.pk,
        "disclaimer": "See a doctor.",
        "brand_colour": "#0b5563",
        **overrides,
    }


def settings_url(home_page):
    return reverse("wagtailsettings:edit", args=["blog", "clinicsettings", home_page.get_site().pk])


# ── brand colour ──


def test_contrast_ratio_follows_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("colour", ["#0b5563", "#073B45", "#1a4f8b", "#6b2c6f"])
def test_dark_brand_colours_are_accepted(colour):
    validate_brand_colour(colour)


@pytest.mark.parametrize(
    "colour",
    [
        "#ff0000",  # white on it: 4.0:1
        "#767676",  # 4.54:1 on white but 4.2:1 as a link on the footer's light surface
        "#ffffff",
        "#f3f6f7",
    ],
)
def test_light_brand_colours_are_refused(colour):
    with pytest.raises(ValidationError, match="Too light"):
        validate_brand_colour(colour)


@pytest.mark.parametrize("colour", ["red", "#abc", "0b5563", "#0b556g", "#0b55633"])
def test_brand_colour_must_be_six_hex_digits(colour):
    with pytest.raises(ValidationError, match="six hexadecimal digits"):
        validate_brand_colour(colour)


def test_admin_refuses_a_brand_colour_text_would_fail_on_with_a_field_error(
    admin_client, home_page, clinic_phone
):
    response = admin_client.post(settings_url(home_page), settings_form(clinic_phone, brand_colour="#ff7f50"))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["brand_colour"] and "Too light" in errors["brand_colour"][0]
    assert clinic_settings_of(home_page).brand_colour != "#ff7f50"


def test_brand_stylesheet_serves_the_settings_colour_and_a_darker_hover_shade(client, home_page):
    clinic_settings = clinic_settings_of(home_page)
    clinic_settings.brand_colour = "#1A4F8B"
    clinic_settings.save()

    response = client.get("/brand.css")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    css = response.text
    assert "--brand: #1a4f8b;" in css
    assert "--brand-dark: #12376" in css  # each channel × 0.7
    assert "<" not in css


def test_blank_brand_colour_serves_the_default(client, home_page):
    clinic_settings = clinic_settings_of(home_page)
    clinic_settings.brand_colour = ""
    clinic_settings.save()

    assert "--brand: #0b5563;" in client.get("/brand.css").text


def test_every_page_links_the_brand_stylesheet_after_the_site_stylesheet(client, blog_index):
    soup = soup_of(client, "/")
    sheets = [link["href"] for link in soup.select('link[rel="stylesheet"]')]

    assert sheets[-1] == "/brand.css" and "site" in sheets[0]
    assert not soup.select("style") and not soup.select("[style]")


def test_brand_stylesheet_is_cached_and_purged_when_the_colour_is_saved_in_the_admin(
    client, admin_client, home_page, clinic_phone, page_cache_on, publish
):
    assert client.get("/brand.css")["X-Page-Cache"] == "miss"
    assert client.get("/brand.css")["X-Page-Cache"] == "hit"

    publish(
        lambda: admin_client.post(
            settings_url(home_page), settings_form(clinic_phone, brand_colour="#6b2c6f")
        )
    )

    assert clinic_settings_of(home_page).brand_colour == "#6b2c6f"
    refreshed = client.get("/brand.css")
    assert refreshed["X-Page-Cache"] == "miss"
    assert "--brand: #6b2c6f;" in refreshed.text


def test_brand_stylesheet_answers_only_reading_methods(client, home_page):
    assert client.post("/brand.css").status_code == 405


# ── header menu ──


def test_menu_links_the_chosen_live_pages_then_search(client, home_page, clinic_phone):
    locations_page = LocationsPageFactory(parent=home_page)
    topics = ContentPageFactory(parent=home_page, title="Topics")
    clinic_settings = clinic_settings_of(home_page)
    clinic_settings.topics_page = topics
    clinic_settings.locations_page = locations_page
    clinic_settings.save()

    soup = soup_of(client, "/")

    for menu in soup.select(".site-nav__list"):
        assert [(a.get_text(), a["href"]) for a in menu.select("a")] == [
            ("Topics", "/topics/"),
            ("Locations & hours", "/locations/"),
            ("Search", "/search/"),
        ]
    assert soup.select_one("nav.site-nav details summary").get_text() == "Menu"


def test_topics_in_the_menu_opens_the_blog_indexs_topics_list(client, home_page, blog_index, clinic_phone):
    clinic_settings = clinic_settings_of(home_page)
    clinic_settings.topics_page = blog_index
    clinic_settings.save()

    menu = soup_of(client, "/").select_one(".site-nav__list--inline")
    assert [(a.get_text(), a["href"]) for a in menu.select("a")][0] == ("Topics", "/blog/topics/")
    topics_link = soup_of(client, "/blog/topics/").select_one(".site-nav__list--inline a")
    assert topics_link["aria-current"] == "page"
    assert client.get(topics_link["href"]).status_code == 200


def test_menu_leaves_out_an_unset_or_unpublished_page(client, home_page, clinic_phone, publish):
    team = ContentPageFactory(parent=home_page, title="Our team")
    clinic_settings = clinic_settings_of(home_page)
    clinic_settings.team_page = team
    clinic_settings.save()
    assert "Our team" in [a.get_text() for a in soup_of(client, "/").select(".site-nav__list--inline a")]

    publish(team.unpublish)

    assert [a.get_text() for a in soup_of(client, "/").select(".site-nav__list--inline a")] == ["Search"]


def test_unpublishing_a_menu_page_purges_cached_pages(client, home_page, blog_index, page_cache_on, publish):
    locations_page = LocationsPageFactory(parent=home_page)
    clinic_settings = clinic_settings_of(home_page)
    clinic_settings.locations_page = locations_page
    publish(clinic_settings.save)
    assert "/locations/" in client.get("/blog/").text
    assert client.get("/blog/")["X-Page-Cache"] == "hit"

    publish(locations_page.unpublish)

    assert 'href="/locations/"' not in client.get("/blog/").text


# ── footer ──


def notice_pages(home_page):
    titles = ["Privacy notice", "Accessibility statement", "Non-discrimination notice", "Language assistance"]
    return [ContentPageFactory(parent=home_page, title=title) for title in titles]


def test_footer_links_each_notice_page_chosen_in_the_settings(client, home_page, clinic_phone):
    privacy, accessibility, nondiscrimination, language = notice_pages(home_page)
    clinic_settings = clinic_settings_of(home_page)
    clinic_settings.privacy_notice_page = privacy
    clinic_settings.accessibility_statement_page = accessibility
    clinic_settings.nondiscrimination_notice_page = nondiscrimination
    clinic_settings.language_assistance_page = language
    clinic_settings.save()

    soup = soup_of(client, "/")

    notices = soup.select_one('footer nav[aria-label="Notices"]')
    assert [(a.get_text(), a["href"]) for a in notices.select("a")] == [
        ("Privacy notice", "/privacy-notice/"),
        ("Accessibility statement", "/accessibility-statement/"),
        ("Non-discrimination notice", "/non-discrimination-notice/"),
        ("Language assistance", "/language-assistance/"),
    ]
    assert "© " in soup.select_one(".site-footer__copyright").get_text()
    assert "Twin Cities Pain Clinic" in soup.select_one(".site-footer__copyright").get_text()


def test_footer_has_no_notices_until_pages_are_chosen(client, home_page, clinic_phone):
    notice_pages(home_page)

    assert soup_of(client, "/").select_one('footer nav[aria-label="Notices"]') is None


def test_footer_shows_address_hours_and_phone_of_footer_locations_only(client, home_page, clinic_phone):
    desk = PhoneContactFactory(phone_number="+16125550143")
    desk.save_revision().publish()
    LocationFactory(name="Edina clinic", phone_contact=desk)
    LocationFactory(name="Back office", show_in_footer=False)

    footer = soup_of(client, "/").select_one("footer.site-footer")

    assert [h.get_text() for h in footer.select(".footer-location h2")] == ["Edina clinic"]
    address = footer.select_one(".footer-location address").get_text(" ", strip=True)
    assert "6545 France Avenue South" in address and "Edina, MN 55435" in address
    assert footer.select_one(".footer-location a.location__phone")["href"] == "tel:+16125550143"
    hours = [row.get_text(" ", strip=True) for row in footer.select(".location__hours-row")]
    assert hours == ["Monday–Friday 8 a.m.–5 p.m.", "Saturday 9 a.m.–noon"]


def test_editing_a_location_in_the_admin_purges_every_footer(
    client, admin_client, home_page, blog_index, clinic_phone, page_cache_on, publish
):
    location = LocationFactory(name="Edina clinic")
    publish(lambda: None)
    assert "Edina clinic" in client.get("/blog/").text
    assert client.get("/blog/")["X-Page-Cache"] == "hit"

    location.name = "Edina Medical Arts"
    publish(location.save)

    assert "Edina Medical Arts" in client.get("/blog/").text


def test_a_new_location_appears_in_cached_footers(client, home_page, clinic_phone, page_cache_on, publish):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    publish(lambda: LocationFactory(name="Bloomington clinic"))

    assert "Bloomington clinic" in client.get("/").text


# ── call bar ──


def test_call_bar_calls_the_live_main_phone_contact(client, home_page, clinic_phone):
    clinic_phone.save_revision().publish()

    soup = soup_of(client, "/")

    bar = soup.select_one(".call-bar a")
    assert bar.get_text() == "Call (952) 841-2345" and bar["href"] == "tel:+19528412345"
    assert "has-call-bar" in soup.body["class"]


def test_no_call_bar_without_a_main_phone_contact(client, home_page):
    soup = soup_of(client, "/")

    assert soup.select_one(".call-bar") is None and "has-call-bar" not in soup.body.get("class", [])


def test_no_call_bar_while_the_main_phone_contact_is_unpublished(client, home_page, clinic_phone, publish):
    publish(clinic_phone.unpublish)

    soup = soup_of(client, "/")

    assert soup.select_one(".call-bar") is None and "has-call-bar" not in soup.body.get("class", [])


# ── locations page ──


def test_opening_hours_rows_name_runs_of_days():
    assert day_ranges(["Friday", "Monday", "Tuesday", "Wednesday", "Thursday"]) == "Monday–Friday"
    assert day_ranges(["Monday", "Wednesday"]) == "Monday, Wednesday"
    assert day_ranges(["Monday", "Tuesday", "Thursday", "Saturday", "Sunday"]) == (
        "Monday–Tuesday, Thursday, Saturday–Sunday"
    )


def test_opening_hours_must_close_after_they_open():
    block = OpeningHoursBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"days": ["Monday"], "opens": "17:00", "closes": "08:00"}))
    cleaned = block.clean(block.to_python({"days": ["Monday"], "opens": "08:00", "closes": "17:00"}))
    assert cleaned["closes"] == time(17)


def test_location_name_without_letters_is_refused(db):
    with pytest.raises(ValidationError):
        Location(
            name="—", address_line_1="1 Main St", city="Edina", region="MN", postcode="55435"
        ).full_clean()


def test_locations_page_structured_data_matches_what_it_shows(client, home_page, clinic_phone):
    clinic_phone.save_revision().publish()
    LocationFactory(name="Edina clinic", phone_contact=clinic_phone, parking="Free ramp parking.")
    page = LocationsPageFactory(parent=home_page)

    soup = soup_of(client, page.url)

    graph = json.loads(soup.select_one('script[type="application/ld+json"]').string)["@graph"]
    assert len(graph) == 1
    clinic = graph[0]
    section = soup.select_one(f"section#{clinic['@id'].split('#')[1]}")
    shown = section.get_text(" ", strip=True)
    assert clinic["@type"] == "MedicalClinic" and clinic["@id"].startswith("http")
    assert clinic["name"] == section.select_one("h2").get_text()
    address = clinic["address"]
    assert address["@type"] == "PostalAddress"
    for value in ("streetAddress", "addressLocality", "addressRegion", "postalCode"):
        for part in address[value].split(", "):
            assert part in shown, value
    assert clinic["telephone"] == "+19528412345"
    assert section.select_one("a.location__phone")["href"] == f"tel:{clinic['telephone']}"
    assert [
        (spec["dayOfWeek"][0], spec["dayOfWeek"][-1], spec["opens"], spec["closes"])
        for spec in clinic["openingHoursSpecification"]
    ] == [
        ("https://schema.org/Monday", "https://schema.org/Friday", "08:00", "17:00"),
        ("https://schema.org/Saturday", "https://schema.org/Saturday", "09:00", "12:00"),
    ]
    assert "Monday–Friday 8 a.m.–5 p.m." in shown and "Saturday 9 a.m.–noon" in shown
    assert clinic["hasMap"] == section.select_one("a.location__map")["href"]
    assert "Free ramp parking." in shown


def test_locations_page_omits_an_unpublished_phone_from_page_and_structured_data(client, home_page):
    withdrawn = PhoneContactFactory(phone_number="+16125550143")
    withdrawn.save_revision().publish()
    withdrawn.unpublish()
    LocationFactory(phone_contact=withdrawn)
    page = LocationsPageFactory(parent=home_page)

    soup = soup_of(client, page.url)

    assert "telephone" not in soup.select_one('script[type="application/ld+json"]').string
    assert soup.select("main a[href^='tel:']") == []


def test_locations_page_lists_locations_in_their_order_with_flat_queries(
    client, home_page, clinic_phone, django_assert_max_num_queries
):
    page = LocationsPageFactory(parent=home_page)
    for order in range(2):
        LocationFactory(sort_order=order, phone_contact=PhoneContactFactory())
    client.get(page.url)
    with django_assert_max_num_queries(20) as two:
        client.get(page.url)
    for order in range(2, 8):
        LocationFactory(sort_order=order, phone_contact=PhoneContactFactory())

    with django_assert_max_num_queries(len(two.captured_queries)):
        soup = soup_of(client, page.url)

    assert len(soup.select("section.location")) == 8


def test_site_managers_can_add_locations(client, site_manager_user, verified_login):
    verified_login(client, site_manager_user)

    assert client.get(reverse("wagtailsnippets_blog_location:add")).status_code == 200


# ── logo ──


def test_logo_replaces_the_wordmark_and_becomes_the_favicon(client, home_page, clinic_phone):
    assert soup_of(client, "/").select_one(".site-name").get_text() == "Twin Cities Pain Clinic"
    assert soup_of(client, "/").select_one('link[rel="icon"]')["href"].endswith(".svg")
    clinic_settings = clinic_settings_of(home_page)
    clinic_settings.logo = ImageFactory(width=600, height=200)
    clinic_settings.save()

    soup = soup_of(client, "/")

    logo = soup.select_one("a.site-name img")
    assert logo["alt"] == "Twin Cities Pain Clinic" and logo["height"] == "96"
    assert logo["src"].startswith("/media/images/")
    icon = soup.select_one('link[rel="icon"]')
    assert icon["type"] == "image/png" and icon["href"].endswith(".png")


def test_saving_the_logo_image_purges_cached_pages(client, home_page, clinic_phone, page_cache_on, publish):
    image = ImageFactory(title="Clinic logo")
    clinic_settings = clinic_settings_of(home_page)
    clinic_settings.logo = image
    publish(clinic_settings.save)
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    image.focal_point_x = 10
    publish(image.save)

    assert client.get("/")["X-Page-Cache"] == "miss"


# ── the chrome kept across requests (blog/reading/site_chrome.py) ──

CHROME_TEMPLATES = {"blog/includes/site_header.html", "blog/includes/site_footer.html"}


@pytest.fixture
def shared_lookups(settings):
    """Uncached pages, as in the benchmark, with the shared look-ups on: the chrome is kept."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.SHARED_LOOKUP_CACHE = True


@pytest.fixture
def clinic_site(home_page, blog_index, clinic_phone, publish):
    """A site with every part of the chrome: a live main phone, a logo, the menu's pages, the notices, a
    footer location with its own phone, an article in a category (whose archive adds its feeds) and a
    second blog, whose pages advertise its own feeds."""
    clinic_phone.save_revision().publish()
    desk = PhoneContactFactory(phone_number="+16125550143")
    desk.save_revision().publish()
    LocationFactory(name="Edina clinic", phone_contact=desk)
    team = ContentPageFactory(parent=home_page, title="Our team")
    clinic_settings = clinic_settings_of(home_page)
    clinic_settings.logo = ImageFactory(width=600, height=200)
    clinic_settings.topics_page = blog_index
    clinic_settings.team_page = team
    clinic_settings.locations_page = LocationsPageFactory(parent=home_page)
    clinic_settings.privacy_notice_page = notice_pages(home_page)[0]
    publish(clinic_settings.save)
    category = CategoryFactory(name="Nerve blocks", slug="nerve-blocks")
    article = ArticlePageFactory(parent=blog_index, slug="sleep-and-pain", categories=[category])
    news = BlogIndexPageFactory(parent=home_page, title="Clinic news", slug="news")
    ArticlePageFactory(parent=news, slug="new-opening-hours", categories=[category])
    return {"article": article, "desk": desk, "team": team}


CHROME_URLS = [
    "/",
    "/blog/",
    "/blog/topics/",
    "/blog/sleep-and-pain/",
    "/blog/category/nerve-blocks/",
    "/news/",
    "/news/new-opening-hours/",
    "/our-team/",
    "/locations/",
    "/search/?q=sleep",
    "/privacy-notice/",
    "/no-such-page/",
]


def chrome_of(response):
    """Everything around the page's own content: the head, header, footer and call bar."""
    html = response.content.decode()
    return html[: html.index("<main")] + html[html.index("</main>") :]


def rendered_templates(response):
    return {template.name for template in response.templates}


def test_kept_chrome_is_byte_identical_to_the_chrome_rendered_for_each_page(client, clinic_site, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.SHARED_LOOKUP_CACHE = False
    rendered = {url: chrome_of(client.get(url)) for url in CHROME_URLS}
    settings.SHARED_LOOKUP_CACHE = True

    # Each page in turn, twice: the second round is served from the kept chrome of every first visit.
    for url in CHROME_URLS * 2:
        assert chrome_of(client.get(url)) == rendered[url], url


def test_chrome_is_rendered_once_then_served_kept(client, clinic_site, shared_lookups):
    assert rendered_templates(client.get("/blog/")) >= CHROME_TEMPLATES

    for url in ("/blog/", "/blog/sleep-and-pain/", "/"):
        response = client.get(url)
        assert response.status_code == 200
        assert not CHROME_TEMPLATES & rendered_templates(response), url


def current_entries(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    menus = soup.select(".site-nav__list")
    marked = {tuple(a.get_text() for a in menu.select('a[aria-current="page"]')) for menu in menus}
    assert len(menus) == 2 and len(marked) == 1, url  # the phone menu and the inline menu agree
    return list(marked.pop())


def inline_menu(client):
    return [(a.get_text(), a["href"]) for a in soup_of(client, "/").select(".site-nav__list--inline a")]


def footer_location_names(client):
    return [h.get_text() for h in soup_of(client, "/").select(".footer-location h2")]


def logo_src(client):
    return soup_of(client, "/").select_one("a.site-name img")["src"]


def copyright_line(client):
    return soup_of(client, "/").select_one(".site-footer__copyright").get_text()


@pytest.mark.parametrize("lookups", ["per-request", "shared"])
def test_each_section_marks_its_own_menu_entry(client, clinic_site, settings, lookups):
    settings.SHARED_LOOKUP_CACHE = lookups == "shared"

    for _ in range(2):  # rendered, then (shared) kept
        assert current_entries(client, "/blog/topics/") == ["Topics"]
        assert current_entries(client, "/our-team/") == ["Our team"]
        assert current_entries(client, "/locations/") == ["Locations & hours"]
        assert current_entries(client, "/search/?q=sleep") == ["Search"]
        assert current_entries(client, "/blog/sleep-and-pain/") == []
        assert current_entries(client, "/blog/") == []


def test_a_clinic_phone_change_reaches_the_kept_header_footer_and_call_bar(
    client, clinic_site, clinic_phone, shared_lookups, publish
):
    assert client.get("/blog/sleep-and-pain/").text.count("(952) 841-2345") == 3

    clinic_phone.phone_number = "+16125550199"
    publish(lambda: clinic_phone.save_revision().publish())

    soup = soup_of(client, "/blog/sleep-and-pain/")
    assert soup.select_one(".header-phone")["href"] == "tel:+16125550199"
    assert soup.select_one(".site-footer__clinic a").get_text() == "(612) 555-0199"
    assert soup.select_one(".call-bar a").get_text() == "Call (612) 555-0199"

    publish(clinic_phone.unpublish)

    soup = soup_of(client, "/blog/sleep-and-pain/")
    assert soup.select_one(".header-phone") is None and soup.select_one(".call-bar") is None


def test_a_footer_location_change_reaches_the_kept_footer(client, clinic_site, shared_lookups, publish):
    assert footer_location_names(client) == ["Edina clinic"]
    location = Location.objects.get(name="Edina clinic")

    location.name = "Edina Medical Arts"
    publish(location.save)
    assert footer_location_names(client) == ["Edina Medical Arts"]

    publish(lambda: LocationFactory(name="Bloomington clinic", sort_order=1))
    assert footer_location_names(client) == ["Edina Medical Arts", "Bloomington clinic"]

    desk = clinic_site["desk"]
    desk.phone_number = "+16125550100"
    publish(lambda: desk.save_revision().publish())
    assert soup_of(client, "/").select_one(".footer-location a.location__phone")["href"] == "tel:+16125550100"


def test_menu_page_changes_reach_the_kept_header(client, clinic_site, home_page, shared_lookups, publish):
    assert ("Our team", "/our-team/") in inline_menu(client)
    team = clinic_site["team"]

    team.slug = "people"
    publish(lambda: team.save_revision().publish())
    assert ("Our team", "/people/") in inline_menu(client)

    publish(team.unpublish)
    assert "Our team" not in [label for label, _ in inline_menu(client)]

    clinic_settings = clinic_settings_of(home_page)
    clinic_settings.team_page = ContentPageFactory(parent=home_page, title="Clinicians")
    publish(clinic_settings.save)
    assert ("Our team", "/clinicians/") in inline_menu(client)


def test_choosing_another_logo_reaches_the_kept_header(
    client, clinic_site, home_page, shared_lookups, publish
):
    before = logo_src(client)
    clinic_settings = clinic_settings_of(home_page)

    clinic_settings.logo = ImageFactory(width=300, height=300)
    publish(clinic_settings.save)

    assert logo_src(client) != before


def test_the_kept_footer_turns_over_with_the_year(client, clinic_site, shared_lookups, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 12, 31))
    assert copyright_line(client).startswith("© 2026 ")

    monkeypatch.setattr(timezone, "localdate", lambda: date(2027, 1, 1))

    assert copyright_line(client).startswith("© 2027 ")


def test_a_category_archive_adds_its_feeds_after_the_kept_blog_feeds(client, clinic_site, shared_lookups):
    client.get("/blog/")  # keeps the chrome, with the blog's feeds, for the whole blog

    soup = soup_of(client, "/blog/category/nerve-blocks/")

    assert [link["title"] for link in soup.select('link[rel="alternate"]')] == [
        "Patient education blog (RSS)",
        "Patient education blog (Atom)",
        "Nerve blocks – Patient education blog (RSS)",
        "Nerve blocks – Patient education blog (Atom)",
    ]
    assert len(soup_of(client, "/blog/sleep-and-pain/").select('link[rel="alternate"]')) == 2


def test_renaming_a_blog_reaches_its_kept_feed_links(client, clinic_site, shared_lookups, publish):
    client.get("/news/new-opening-hours/")
    news = BlogIndexPage.objects.get(slug="news")

    news.title = "What's new at the clinic"
    publish(lambda: news.save_revision().publish())

    soup = soup_of(client, "/news/new-opening-hours/")
    titles = [link["title"] for link in soup.select('link[rel="alternate"]')]
    assert titles == ["What's new at the clinic (RSS)", "What's new at the clinic (Atom)"]


def test_not_found_page_shows_the_chrome(client, clinic_site, shared_lookups):
    client.get("/")

    response = client.get("/no-such-page/")

    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 404
    assert soup.select_one(".header-phone")["href"] == "tel:+19528412345"
    assert soup.select_one(".footer-location h2").get_text() == "Edina clinic"


def test_a_preview_renders_the_chrome_afresh(admin_client, client, clinic_site, shared_lookups):
    client.get("/")  # the chrome is kept
    contact = clinic_site["desk"]
    preview_url = f"/admin/snippets/blog/phonecontact/preview/{contact.pk}/"
    form = {"label": contact.label, "team_name": contact.team_name, "phone_number": "612-555-0123"}
    admin_client.post(preview_url, {**form, "call_to_action": "to book a visit."})

    response = admin_client.get(preview_url)

    assert response.status_code == 200
    assert rendered_templates(response) >= CHROME_TEMPLATES
    assert BeautifulSoup(response.content, "html.parser").select_one(".header-phone") is not None
