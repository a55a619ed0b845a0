"""WordPress short links (``/?p=ID``) redirect only to pages anonymous readers may see."""

import pytest

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory

DRAFT_TITLE = "Clinic closing in June"


@pytest.fixture
def short_link_to(home_page):
    def make(page, post_id):
        Redirect.add_redirect(f"/?p={post_id}", redirect_to=page, site=home_page.get_site())
        return f"/?p={post_id}"

    return make


def test_short_link_to_a_live_article_redirects_to_it(client, blog_index, short_link_to):
    article = ArticlePageFactory(parent=blog_index, slug="nerve-blocks")

    response = client.get(short_link_to(article, 101))

    assert (response.status_code, response["Location"]) == (301, article.url)


def test_short_link_to_a_draft_is_the_sites_404_and_names_nothing(client, blog_index, short_link_to):
    draft = ArticlePageFactory(
        parent=blog_index, title=DRAFT_TITLE, slug="clinic-closing-in-june", live=False
    )

    response = client.get(short_link_to(draft, 105))

    assert response.status_code == 404
    assert "Location" not in response
    assert "clinic-closing" not in response.text and DRAFT_TITLE not in response.text
    assert response.text == client.get("/no-such-page/").text  # the site's normal 404 page


def test_short_link_to_a_private_article_is_not_found(client, blog_index, short_link_to):
    private = ArticlePageFactory(parent=blog_index, slug="staff-rota")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(short_link_to(private, 106))

    assert response.status_code == 404 and "Location" not in response


def test_short_link_to_an_article_in_a_private_section_is_not_found(client, blog_index, short_link_to):
    article = ArticlePageFactory(parent=blog_index, slug="in-a-private-blog")
    PageViewRestriction.objects.create(
        page=blog_index, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    assert client.get(short_link_to(article, 107)).status_code == 404


def test_unknown_post_id_is_not_found_like_a_draft(client, home_page):
    assert client.get("/?p=999").status_code == 404


def test_cached_not_found_short_link_redirects_once_the_draft_is_published(
    client, blog_index, short_link_to, settings, publish
):
    settings.PAGE_CACHE_SECONDS = 600
    draft = ArticlePageFactory(parent=blog_index, slug="clinic-closing-in-june", live=False)
    link = short_link_to(draft, 105)
    client.get(link)
    assert client.get(link).status_code == 404

    publish(lambda: draft.save_revision().publish())

    response = client.get(link)
    assert (response.status_code, response["Location"]) == (301, draft.url)


def test_old_permalink_to_a_draft_is_not_found(client, blog_index, home_page):
    draft = ArticlePageFactory(parent=blog_index, slug="clinic-closing-in-june", live=False)
    Redirect.add_redirect("/2019/05/28/clinic-closing", redirect_to=draft, site=home_page.get_site())

    response = client.get("/2019/05/28/clinic-closing/")

    assert response.status_code == 404 and "Location" not in response
