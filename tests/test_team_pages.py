"""Our team: a listing of the people shown on it and a page each at /team/<slug>/ with what they wrote and
reviewed; bylines and structured data point there."""

import json

import pytest
from bs4 import BeautifulSoup

from wagtail.models import PageViewRestriction

from blog.importers.article_data import AuthorData
from blog.importers.people import People
from blog.models import Person, TeamIndexPage
from tests.factories import (
    ArticlePageFactory,
    ImageFactory,
    PersonFactory,
    approve_and_publish,
    publish_changes,
)


@pytest.fixture
def team_page(home_page):
    page = home_page.add_child(instance=TeamIndexPage(title="Our team", slug="team"))
    page.save_revision().publish()
    return page


@pytest.fixture
def clinician(db):
    return PersonFactory(
        name="Maya Okafor",
        credentials="MD, FAAPMR",
        role="Pain medicine physician",
        bio="Dr. Okafor treats back and neck pain.",
        show_on_team_page=True,
        photo=ImageFactory(),
        photo_alt_text="Maya Okafor smiling in the clinic",
    )


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def graph_of(soup):
    data = json.loads(soup.find("script", type="application/ld+json").string)
    return {node["@type"]: node for node in data["@graph"]}


def titles_under(soup, heading_id):
    section = soup.find("h2", id=heading_id).find_parent("section")
    return [link.get_text(strip=True) for link in section.select(".article-card h3 a")]


def test_people_not_shown_on_the_team_page_have_no_page_and_are_not_listed(client, team_page, clinician):
    hidden = PersonFactory(name="Private Person")

    listing = soup_of(client.get("/team/"))
    assert client.get(f"/team/{hidden.slug}/").status_code == 404
    assert client.get(f"/team/{clinician.slug}/").status_code == 200
    assert [a.get_text(strip=True) for a in listing.select(".team-card__name a")] == [
        "Maya Okafor, MD, FAAPMR"
    ]
    assert listing.select_one(".team-card__name a")["href"] == "/team/maya-okafor/"


@pytest.mark.parametrize("path", ["/team/no-such-person/", "/team/maya-okafor/extra/", "/team/%E2%80%8B/"])
def test_unknown_team_addresses_are_404(client, team_page, clinician, path):
    assert client.get(path).status_code == 404


def test_people_get_unique_slugs_from_their_names(db):
    first, second = PersonFactory(name="Jordan Ellis"), PersonFactory(name="Jordan Ellis")
    unnamed = PersonFactory(name="李")

    assert (first.slug, second.slug, unnamed.slug) == ("jordan-ellis", "jordan-ellis-2", "person")


def test_people_created_by_an_import_stay_off_the_team_page(db):
    person = People().person_for(AuthorData(login="dana", display_name="Dana Whitfield, PA-C"))

    assert person.pk is not None and person.show_on_team_page is False


def test_team_page_lists_the_live_public_articles_they_wrote_and_reviewed(
    client, blog_index, team_page, clinician
):
    written = ArticlePageFactory(parent=blog_index, title="Pacing your day", author=clinician)
    draft = ArticlePageFactory(parent=blog_index, title="Unpublished draft", author=clinician, live=False)
    private_section = ArticlePageFactory(parent=blog_index, title="Staff only", author=clinician)
    PageViewRestriction.objects.create(page=private_section, restriction_type=PageViewRestriction.LOGIN)
    reviewed = approve_and_publish(
        ArticlePageFactory(parent=blog_index, title="Nerve blocks", author=PersonFactory()), clinician
    )
    # Reviewed once, but what readers see now went live without that approval.
    superseded = approve_and_publish(
        ArticlePageFactory(parent=blog_index, title="Old review", author=PersonFactory()), clinician
    )
    publish_changes(superseded, title="Old review, rewritten")

    soup = soup_of(client.get("/team/maya-okafor/"))

    assert titles_under(soup, "articles-written") == [written.title]
    assert titles_under(soup, "articles-reviewed") == [reviewed.title]
    assert draft.title not in soup.text and "Staff only" not in soup.text and "rewritten" not in soup.text


def test_team_page_shows_photo_name_credentials_role_and_bio(client, team_page, clinician):
    soup = soup_of(client.get("/team/maya-okafor/"))

    assert soup.h1.get_text(strip=True) == "Maya Okafor, MD, FAAPMR"
    assert soup.select_one(".person__role").get_text(strip=True) == "Pain medicine physician"
    assert "Dr. Okafor treats back and neck pain." in soup.select_one(".person__bio").get_text()
    photo = soup.select_one(".person__photo img")
    assert photo["alt"] == "Maya Okafor smiling in the clinic"
    # A square crop with its box reserved (the factory's image is too small to be scaled up to 180 px).
    assert photo["width"] == photo["height"] and int(photo["width"]) > 0 and photo.get("srcset")
    assert soup.find("link", rel="canonical")["href"] == "http://localhost/team/maya-okafor/"


def test_team_page_json_ld_is_a_person_with_job_title_and_credentials(client, team_page, clinician):
    graph = graph_of(soup_of(client.get("/team/maya-okafor/")))
    person = graph["Person"]

    assert person["@id"] == "http://localhost/team/maya-okafor/#person"
    assert graph["ProfilePage"]["mainEntity"] == {"@id": person["@id"]}
    assert person["jobTitle"] == "Pain medicine physician"
    assert person["hasCredential"] == [
        {"@type": "EducationalOccupationalCredential", "name": "MD"},
        {"@type": "EducationalOccupationalCredential", "name": "FAAPMR"},
    ]
    assert person["worksFor"] == {"@id": graph["MedicalClinic"]["@id"]}


def test_article_byline_and_json_ld_point_to_the_team_pages_of_shown_people(
    client, blog_index, team_page, clinician
):
    author = PersonFactory(name="Jordan Ellis", show_on_team_page=True)
    article = approve_and_publish(ArticlePageFactory(parent=blog_index, author=author), clinician)

    article_soup = soup_of(client.get(article.url))
    byline_links = {a.get_text(strip=True): a["href"] for a in article_soup.select(".byline a")}
    article_graph = graph_of(article_soup)
    author_graph = graph_of(soup_of(client.get(byline_links["Jordan Ellis, MD"])))
    reviewer_graph = graph_of(soup_of(client.get(byline_links["Maya Okafor, MD, FAAPMR"])))

    assert byline_links == {
        "Jordan Ellis, MD": "/team/jordan-ellis/",
        "Maya Okafor, MD, FAAPMR": "/team/maya-okafor/",
    }
    assert article_graph["BlogPosting"]["author"]["@id"] == author_graph["Person"]["@id"]
    assert article_graph["MedicalWebPage"]["reviewedBy"]["@id"] == reviewer_graph["Person"]["@id"]


def test_bylines_of_people_not_shown_or_without_a_team_page_are_plain_text(client, blog_index, clinician):
    hidden_author = PersonFactory(name="Private Person")
    article = approve_and_publish(ArticlePageFactory(parent=blog_index, author=hidden_author), clinician)

    soup = soup_of(client.get(article.url))  # no team page exists, so the shown reviewer has none either

    assert soup.select(".byline a") == []
    graph = graph_of(soup)
    assert "@id" not in graph["BlogPosting"]["author"] and "@id" not in graph["MedicalWebPage"]["reviewedBy"]


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def test_editing_a_person_refreshes_their_page_the_listing_and_articles_crediting_them(
    client, blog_index, team_page, clinician, page_cache_on, publish
):
    article = ArticlePageFactory(parent=blog_index, author=clinician)
    urls = ["/team/", "/team/maya-okafor/", article.url]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url

    clinician.role = "Medical director"
    publish(clinician.save)

    # The listing and their page show the role; the article has it in its JSON-LD author.
    for url in urls:
        assert "Medical director" in client.get(url).text, url


def test_showing_and_hiding_a_person_updates_the_cached_listing_and_their_address(
    client, team_page, clinician, page_cache_on, publish
):
    newcomer = PersonFactory(name="Sam Lindqvist")
    for url in ["/team/", "/team/sam-lindqvist/"]:
        client.get(url)
    assert client.get("/team/sam-lindqvist/").status_code == 404

    newcomer.show_on_team_page = True
    publish(newcomer.save)
    assert "Sam Lindqvist" in client.get("/team/").text
    assert client.get("/team/sam-lindqvist/").status_code == 200

    newcomer.show_on_team_page = False
    publish(newcomer.save)
    assert "Sam Lindqvist" not in client.get("/team/").text
    assert client.get("/team/sam-lindqvist/").status_code == 404


def test_sitemap_lists_the_team_and_the_pages_of_people_shown_only(client, team_page, clinician):
    hidden = PersonFactory(name="Private Person")

    sitemap = client.get("/sitemap.xml").text

    assert "<loc>http://localhost/team/</loc>" in sitemap
    assert "<loc>http://localhost/team/maya-okafor/</loc>" in sitemap
    assert f"/team/{hidden.slug}/" not in sitemap


def test_a_site_manager_puts_a_new_person_on_the_team_page_in_the_admin(
    client, team_page, site_manager_user, verified_login
):
    verified_login(client, site_manager_user)
    response = client.post(
        "/admin/snippets/blog/person/add/",
        {
            "name": "Dana Whitfield",
            "slug": "",
            "show_on_team_page": "on",
            "credentials": "PA-C",
            "role": "Physician assistant",
            "bio": "",
            "photo_alt_text": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Person.objects.get(name="Dana Whitfield").slug == "dana-whitfield"
    assert "Physician assistant" in client.get("/team/dana-whitfield/").text


def test_the_admin_refuses_a_slug_another_person_has(
    client, team_page, clinician, admin_user, verified_login
):
    verified_login(client, admin_user)
    response = client.post(
        "/admin/snippets/blog/person/add/",
        {"name": "Another Maya", "slug": clinician.slug, "credentials": "", "role": "", "bio": ""},
    )

    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert not Person.objects.filter(name="Another Maya").exists()
