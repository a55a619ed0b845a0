"""seed_articles: bulk-made articles are ordinary Wagtail pages the site serves and the admin edits."""

from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from blog.models import ArticlePage


def seed(count, prefix="seed"):
    out = StringIO()
    call_command("seed_articles", count=count, prefix=prefix, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(blog_index, clinic_phone):
    output = seed(12)
    return output, list(ArticlePage.objects.child_of(blog_index).order_by("pk"))


def test_seeded_articles_are_live_published_pages_in_a_valid_tree(seeded, blog_index):
    output, articles = seeded

    assert len(articles) == 12
    assert "12 created, 0 already there" in output and "articles/s" in output
    assert Page.find_problems() == ([], [], [], [], [])
    blog_index.refresh_from_db()
    assert blog_index.numchild == 12
    for article in articles:
        assert article.live and not article.has_unpublished_changes
        assert article.first_published_at is not None
        assert article.latest_revision_id == article.live_revision_id is not None
        assert article.latest_revision.as_object().title == article.title
        assert article.categories.exists() and article.tags.exists()
        assert [block.block_type for block in article.body][-1] == "phone_contact"


def test_seeded_articles_are_served_with_the_clinic_phone(client, seeded, clinic_phone):
    article = seeded[1][3]

    response = client.get(article.url)

    assert response.status_code == 200
    assert article.title in response.text
    assert "<ul>" in response.text
    body_phone = response.text.split('class="article__body"')[1]
    assert clinic_phone.tel_href in body_phone


def test_seeded_articles_can_be_found_by_search(seeded):
    article = seeded[1][0]
    word = article.title.split()[-1]

    results = get_search_backend().search(word, ArticlePage)

    assert article.pk in {result.pk for result in results}


def test_seeded_article_opens_and_republishes_in_the_admin(admin_client, seeded):
    article = seeded[1][0]

    assert admin_client.get(f"/admin/pages/{article.pk}/edit/").status_code == 200
    article.title = "Edited after seeding"
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.live_revision.as_object().title == "Edited after seeding"


def test_second_run_with_the_same_prefix_adds_only_what_is_missing(seeded, blog_index):
    again = seed(12)
    more = seed(15)
    other_prefix = seed(2, prefix="bench")

    assert "0 created, 12 already there" in again
    assert "3 created, 12 already there" in more
    assert "2 created, 0 already there" in other_prefix
    assert ArticlePage.objects.child_of(blog_index).count() == 17
    assert Page.find_problems() == ([], [], [], [], [])


@pytest.mark.parametrize("shared_lookups", [False, True], ids=["lookups-per-request", "shared-lookups"])
def test_seeding_refreshes_cached_listings_and_their_page_counts(
    client, blog_index, clinic_phone, settings, shared_lookups
):
    settings.PAGE_CACHE_SECONDS = 600
    settings.SHARED_LOOKUP_CACHE = shared_lookups
    seed(3)
    client.get("/blog/")
    assert client.get("/blog/")["X-Page-Cache"] == "hit"

    seed(12)

    response = client.get("/blog/")
    assert response["X-Page-Cache"] == "miss"
    assert "Page 1 of 2" in response.text
    assert client.get("/blog/", {"page": 2}).status_code == 200


def test_seeding_without_a_blog_index_stops_with_one_clear_line(db):
    with pytest.raises(CommandError, match="no live blog index"):
        seed(5)


@pytest.mark.parametrize("arguments", [{"count": -1}, {"count": 1, "prefix": "Bad Prefix"}])
def test_bad_arguments_are_refused(blog_index, arguments):
    with pytest.raises(CommandError):
        call_command("seed_articles", stdout=StringIO(), **arguments)
    assert not ArticlePage.objects.exists()
