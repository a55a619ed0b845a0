"""SQL ceilings for uncached public pages, the same with 10 articles as with 1,000.

The site is seeded once per size with the bench app's seed_articles (the size is what is under test)
inside a transaction that is rolled back afterwards, and the article page is measured on an article
made by the factories as the clinic publishes them: author and reviewer with photos, an image block,
a phone block, references. Each test runs in a savepoint. The page cache is off, the worker warm.
"""

from io import StringIO

import pytest

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from blog.models import ArticlePage, Category
from tests.factories import (
    ArticlePageFactory,
    ImageFactory,
    LocationFactory,
    PersonFactory,
    PhoneContactFactory,
    TeamIndexPageFactory,
    featured_section,
    locations_section,
    make_site_tree,
    publish_home_sections,
    realistic_article,
    team_section,
    topics_section,
)

# Wagtail's site look-up (with its root page, which routing reads as its type without loading its own
# fields: clinic_site/page_cache/site.py), routing to the article with its
# author, live revision's clinical approval and reviewer, and their photos (one query, see
# BlogIndexPage.routed_children) and its categories and tags, the view restrictions of its lineage (one
# query, blog.reading.visibility.ViewRestrictionsInOneQuery), the clinic settings with their phone contact,
# logo, menu pages (the team page that author and reviewer link to among them) and notice pages (one
# query), related/previous/next together (one query) and the related cards' pictures, the body's image and
# its phone block's contact, the footer's locations with their phone contacts. The featured image comes
# with the article; every rendition from Wagtail's rendition cache (blog.reading.card_images).
ARTICLE_PAGE_QUERIES = 12
# The site, routing to the blog index, its view restrictions, the article count, the page's
# articles with their pictures, their categories, the clinic settings, the footer's locations.
BLOG_INDEX_QUERIES = 8
# The home page as set up in realistic_home_sections: the site, the home page, its view restrictions, the
# clinic settings (with the blog index the menu's Topics opens, for the feed links), then one query per
# kind it shows however many are chosen: the featured articles with their pictures and their categories
# (2, in place of the latest articles' 2 when nothing is featured), the topics with their live article
# counts, the team with their photos, the locations section's locations with their phones; the footer's
# locations.
HOME_PAGE_QUERIES = 10
# An archive adds the look-up of its category (with its picture) or tag to the index's queries; a category's
# also its featured article (with its picture).
ARCHIVE_QUERIES = {"category": 10, "tag": 9}
# The team listing: Wagtail's site look-up, routing to the team page (the blog-index look-up
# the home page tries first, then Wagtail's two), its view restrictions, the people shown with their photos,
# the clinic settings, the footer's locations.
TEAM_LISTING_QUERIES = 8
# A team member's page: the listing's queries but for the people, then the person with their photo, the
# newest articles they wrote, those they reviewed (each with their pictures), the categories of both lists
# (one query).
TEAM_MEMBER_QUERIES = 11
# Topics: the site, the blog index, its view restrictions, the categories with their live
# article counts and pictures (one query), the clinic settings, the footer's locations.
TOPICS_QUERIES = 6
# Search: the newest articles with any of the words, the newest with all of them (for a query of two or
# more words), their ranking, the page's articles with their pictures, their categories (blog.search.scope),
# and on the first page the clinic's other pages that match (one query: the view restrictions are read once
# for both searches); the blog index comes with the clinic settings.
SEARCH_QUERIES = {"pain relief": 10, "pain": 9}


@pytest.fixture(scope="module")
def seeded_media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_root(settings, seeded_media_root):
    """The seeded site outlives one test, and so must its images: renditions made from a missing file
    are not kept, which would cost a query per image on every request."""
    settings.MEDIA_ROOT = seeded_media_root


@pytest.fixture(scope="module", params=[10, 1000], ids=lambda count: f"{count}-articles")
def seeded_site(request, django_db_setup, django_db_blocker, seeded_media_root):
    from blog.models import ClinicSettings

    with override_settings(MEDIA_ROOT=seeded_media_root), django_db_blocker.unblock(), transaction.atomic():
        home, blog_index = make_site_tree()
        clinic_settings = ClinicSettings.for_site(home.get_site())
        clinic_settings.phone_contact = PhoneContactFactory(phone_number="+19528412345")
        # The team page in the header menu, as the clinic sets it up: bylines link to it.
        clinic_settings.team_page = TeamIndexPageFactory(parent=home)
        clinic_settings.topics_page = blog_index
        clinic_settings.save()
        call_command("seed_articles", count=request.param, stdout=StringIO())
        realistic = realistic_article(blog_index, clinic_settings.phone_contact, slug=REALISTIC_SLUG)
        # Related to it, with a picture on its card.
        ArticlePageFactory(
            parent=blog_index, featured_image=ImageFactory(), categories=list(realistic.categories.all())
        )
        # The author wrote every article, so their team page lists as many as it ever shows.
        ArticlePage.objects.update(author=realistic.author)
        for category in Category.objects.all():
            category.image = ImageFactory()
            category.save(update_fields=["image"])
        realistic_home_sections(home, blog_index, clinic_settings.phone_contact)
        yield blog_index
        transaction.set_rollback(True)


# With the shared look-up cache (production with Redis) the site, the clinic settings and the footer's
# locations come from the cache instead of a query each.
SAVED_BY_SHARED_LOOKUPS = 3
# Once a reader has seen them, an article's routing (the blog index; the article with its categories
# and tags and its view restrictions, 5 queries), its rendered body (the body's image and its phone block's
# contact) and its related/previous/next articles with their cards' pictures (2) are kept too.
SAVED_ON_AN_ARTICLE = 9
# A listing keeps its article count, the routing to the blog index and the page's articles with their
# categories (2 queries).
SAVED_ON_A_LISTING = 4


@pytest.fixture(params=[False, True], ids=["lookups-per-request", "shared-lookups"])
def saved_queries(request, settings):
    settings.SHARED_LOOKUP_CACHE = request.param
    return SAVED_BY_SHARED_LOOKUPS if request.param else 0


@pytest.fixture
def saved_article_queries(settings, saved_queries):
    return saved_queries + (SAVED_ON_AN_ARTICLE if settings.SHARED_LOOKUP_CACHE else 0)


@pytest.fixture
def saved_listing_queries(settings, saved_queries):
    """What a listing keeps in the shared cache, once it has been shown."""
    return saved_queries + (SAVED_ON_A_LISTING if settings.SHARED_LOOKUP_CACHE else 0)


@pytest.fixture
def uncached_client(seeded_site, db, client, settings, saved_queries):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")  # a warm worker: Wagtail's site root paths (and shared look-ups) are cached
    return client


REALISTIC_SLUG = "as-the-clinic-publishes-it"
FEATURED_ON_HOME = 5


def realistic_home_sections(home, blog_index, phone_contact):
    """The home page as a clinic sets it up: featured articles, every topic, the team with photos, a
    location."""
    featured = ArticlePage.objects.child_of(blog_index).live().order_by("-pk")[:FEATURED_ON_HOME]
    team = [PersonFactory(photo=ImageFactory(), photo_alt_text="A portrait") for _ in range(3)]
    publish_home_sections(
        home,
        featured_section(featured),
        topics_section(),
        team_section(team),
        locations_section([LocationFactory(phone_contact=phone_contact)]),
        intro="<p>Less pain, more life.</p>",
    )


def some_article(blog_index):
    return ArticlePage.objects.child_of(blog_index).live().order_by("pk")[5]


def test_article_page_query_ceiling(
    uncached_client, seeded_site, django_assert_max_num_queries, saved_article_queries
):
    article = ArticlePage.objects.get(slug=REALISTIC_SLUG)
    uncached_client.get(article.url)  # the first reader creates the image renditions

    with django_assert_max_num_queries(ARTICLE_PAGE_QUERIES - saved_article_queries):
        response = uncached_client.get(article.url)

    assert response.status_code == 200
    assert "phone-cta" in response.text and article.title in response.text
    assert 'class="article__hero"' in response.text and 'fetchpriority="high"' in response.text
    assert article.author.name in response.text
    assert article.clinical_approval.reviewer.name in response.text
    related = response.text.split('id="related-heading"')[1]
    assert 'class="article-card__image"' in related and 'loading="lazy"' in related


@pytest.mark.parametrize("which", ["first", "last"])
def test_blog_index_query_ceiling(
    uncached_client, seeded_site, which, django_assert_max_num_queries, saved_listing_queries
):
    last = -(-seeded_site.articles().count() // 10)
    page_number = 1 if which == "first" else last
    uncached_client.get("/blog/", {"page": page_number})

    with django_assert_max_num_queries(BLOG_INDEX_QUERIES - saved_listing_queries):
        response = uncached_client.get("/blog/", {"page": page_number})

    assert response.status_code == 200
    listed = response.text.count('class="article-card"')
    if page_number == 1:
        assert response.text.count('class="article-card__image"') == 2
    assert listed == (10 if page_number < last else seeded_site.articles().count() - 10 * (last - 1))


def test_home_page_query_ceiling(uncached_client, seeded_site, django_assert_max_num_queries, saved_queries):
    with django_assert_max_num_queries(HOME_PAGE_QUERIES - saved_queries):
        response = uncached_client.get("/")

    assert response.status_code == 200
    assert response.text.count('class="article-card"') == FEATURED_ON_HOME
    assert response.text.count('class="team-card"') == 3 and 'class="topic-card"' in response.text
    assert 'class="location-card"' in response.text


@pytest.mark.parametrize("kind", ["category", "tag"])
def test_archive_query_ceiling(
    uncached_client, seeded_site, kind, django_assert_max_num_queries, saved_listing_queries
):
    article = some_article(seeded_site)
    slug = article.categories.first().slug if kind == "category" else article.tags.first().slug
    uncached_client.get(f"/blog/{kind}/{slug}/")

    with django_assert_max_num_queries(ARCHIVE_QUERIES[kind] - saved_listing_queries):
        response = uncached_client.get(f"/blog/{kind}/{slug}/")

    assert response.status_code == 200
    assert 0 < response.text.count('class="article-card"') <= 10


@pytest.mark.parametrize("query", SEARCH_QUERIES)
def test_search_query_ceiling(
    uncached_client, seeded_site, django_assert_max_num_queries, saved_queries, query
):
    uncached_client.get("/search/", {"q": "warm"})  # the page types' content types, cached per worker

    with django_assert_max_num_queries(SEARCH_QUERIES[query] - saved_queries):
        response = uncached_client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert 0 < response.text.count('class="article-card"') <= 10


def test_team_listing_query_ceiling(
    uncached_client, seeded_site, django_assert_max_num_queries, saved_queries
):
    uncached_client.get("/team/")  # the first reader creates the photos' renditions

    with django_assert_max_num_queries(TEAM_LISTING_QUERIES - saved_queries):
        response = uncached_client.get("/team/")

    assert response.status_code == 200
    assert response.text.count('class="team-card"') == 2


@pytest.mark.parametrize("who", ["author", "reviewer"])
def test_team_member_page_query_ceiling(
    uncached_client, seeded_site, who, django_assert_max_num_queries, saved_queries
):
    article = ArticlePage.objects.get(slug=REALISTIC_SLUG)
    person = article.author if who == "author" else article.clinical_approval.reviewer
    uncached_client.get(f"/team/{person.slug}/")

    with django_assert_max_num_queries(TEAM_MEMBER_QUERIES - saved_queries):
        response = uncached_client.get(f"/team/{person.slug}/")

    assert response.status_code == 200
    # The author wrote every article (the page lists the newest 20); the reviewer approved one.
    written = min(20, ArticlePage.objects.live().count())
    assert response.text.count('class="article-card"') == (written if who == "author" else 1)


def test_topics_query_ceiling(uncached_client, seeded_site, django_assert_max_num_queries, saved_queries):
    uncached_client.get("/blog/topics/")

    with django_assert_max_num_queries(TOPICS_QUERIES - saved_queries):
        response = uncached_client.get("/blog/topics/")

    assert response.status_code == 200
    assert response.text.count('class="topic-card"') == Category.objects.exclude(slug="uncategorized").count()
