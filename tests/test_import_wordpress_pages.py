"""`import_wordpress` makes WordPress pages content pages under the home page, their old addresses kept."""

import csv
from pathlib import Path

import pytest

from wagtail.contrib.redirects.models import Redirect
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from blog.editorial.roles import set_up_home_page
from blog.models import ContentPage
from tests.admin_forms import edit_url
from tests.test_import_wordpress import MEDIA, run_import

PAGES = Path(__file__).parent / "fixtures" / "wordpress" / "pages.xml"


@pytest.fixture
def imported(blog_index, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    out, err, error = run_import(PAGES, media_dir=MEDIA)
    assert error is None, err
    return out


def test_a_pages_featured_image_is_reported_as_not_kept(blog_index, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    report = tmp_path / "report.csv"
    run_import(PAGES, media_dir=MEDIA, report=report)
    with report.open(encoding="utf-8") as file:
        lines = [(row["post_id"], row["change"], row["detail"]) for row in csv.DictReader(file)]
    assert lines == [
        (
            "702",
            "featured image not kept",
            "content pages have no featured image; attachment 801 was not used",
        )
    ]


def page(wordpress_id):
    return ContentPage.objects.get(wordpress_id=wordpress_id)


def test_pages_become_content_pages_under_the_home_page_and_their_parent(imported, home_page):
    assert page(701).get_parent().specific == home_page
    assert page(702).get_parent().specific == page(701)
    assert page(701).live and page(702).live
    assert not page(703).live
    assert "Pages imported: 3 (3 new, 0 updated)" in imported


def test_page_body_is_converted_like_a_posts_and_rendered(imported, client):
    [block] = page(701).body
    assert block.block_type == "paragraph"
    assert "<h2>Who we are</h2>" in block.value.source
    response = client.get(page(701).url)
    assert response.status_code == 200
    assert "<h1>About the Clinic</h1>" in response.text
    assert "Lakeside has treated chronic pain since 1998." in response.text


@pytest.mark.parametrize(
    ("old_address", "wordpress_id"),
    [("/about-us/", 701), ("/?page_id=701", 701), ("/about-us/our-team/", 702), ("/?page_id=702", 702)],
)
def test_old_page_addresses_reach_the_imported_page(imported, client, old_address, wordpress_id):
    response = client.get(old_address, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1:] in ([], [(page(wordpress_id).url, 301)])
    assert page(wordpress_id).title in response.text


def test_draft_pages_short_link_stays_hidden(imported, client):
    assert Redirect.objects.filter(old_path="/?page_id=703").exists()
    assert client.get("/?page_id=703", follow=True).status_code == 404


def test_second_run_updates_the_pages_and_adds_none(imported):
    redirects = Redirect.objects.count()
    out, err, error = run_import(PAGES, media_dir=MEDIA)
    assert error is None, err
    assert "Pages imported: 3 (0 new, 3 updated)" in out
    assert ContentPage.objects.count() == 3
    assert Redirect.objects.count() == redirects
    # The same content again saves no revision.
    assert page(701).revisions.count() == 1


def content_page_form(title):
    return nested_form_data(
        {
            "title": title,
            "slug": "about-us",
            "body": streamfield([("paragraph", rich_text("<p>Open on Saturdays.</p>"))]),
            "action-publish": "1",
        }
    )


def test_site_manager_publishes_an_imported_page(
    imported, client, home_page, site_manager_user, verified_login
):
    set_up_home_page(home_page.pk)
    verified_login(client, site_manager_user)

    response = client.post(edit_url(page(701)), content_page_form("About Lakeside"))

    assert response.status_code == 302
    assert page(701).title == "About Lakeside"
    assert "Open on Saturdays." in page(701).body[0].value.source


def test_author_cannot_publish_an_imported_page(imported, client, home_page, author_user):
    set_up_home_page(home_page.pk)
    client.force_login(author_user)

    response = client.post(edit_url(page(701)), content_page_form("About Lakeside"))

    assert response.status_code in (302, 403) and response.get("Location", "") != edit_url(page(701))
    assert page(701).title == "About the Clinic"
    assert page(701).revisions.count() == 1
