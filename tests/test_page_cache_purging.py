"""Exact purging: after each change every page showing it is fresh, and unrelated pages stay cached."""

from datetime import timedelta

import pytest

from django.core.files.base import ContentFile
from django.utils import timezone

from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction, Site

from blog.models import Category, ClinicSettings
from clinic_site.page_cache.dependencies import collecting
from tests.factories import (
    ArticlePageFactory,
    BlogIndexPageFactory,
    HomePageFactory,
    ImageFactory,
    PersonFactory,
    PhoneContactFactory,
    approve_and_publish,
    image_block,
    paragraph,
)

START = timezone.now() - timedelta(days=100)


@pytest.fixture(autouse=True, params=[False, True], ids=["lookups-per-request", "shared-lookups"])
def _page_cache_on(request, settings):
    """Every case with the site and clinic settings looked up per request, and kept in the shared
    cache across requests (as in production with Redis), where the same purges must reach them."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.SHARED_LOOKUP_CACHE = request.param


@pytest.fixture
def articles(blog_index, clinic_phone):
    """Five articles a week apart, oldest first, each in a category of its own (so none is related to
    another: related-article lists would tie them together) and the first also under "Injections"."""
    injections = Category.objects.create(name="Injections")
    return [
        ArticlePageFactory(
            parent=blog_index,
            title=f"Article {n}",
            slug=f"article-{n}",
            first_published_at=START + timedelta(days=7 * n),
            categories=[Category.objects.create(name=f"Topic {n}")] + ([injections] if n == 0 else []),
        )
        for n in range(5)
    ]


def warm(client, *urls):
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url


def cache_state(client, url):
    return client.get(url)["X-Page-Cache"]


def test_publishing_an_edit_refreshes_the_article_and_lists_but_not_unrelated_articles(
    client, articles, publish
):
    edited, unrelated = articles[2], articles[0]
    warm(client, edited.url, unrelated.url, "/blog/", "/")

    edited.title = "Article two, revised"
    publish(lambda: edited.save_revision().publish())

    assert "Article two, revised" in client.get(edited.url).text
    assert "Article two, revised" in client.get("/blog/").text
    assert "Article two, revised" in client.get("/").text
    assert cache_state(client, unrelated.url) == "hit"


def test_publishing_a_new_article_refreshes_lists_and_its_new_neighbours_only(
    client, blog_index, articles, publish
):
    warm(client, "/blog/", "/", *(article.url for article in articles))
    newcomer = ArticlePageFactory.build(
        title="Between two and three", slug="between", first_published_at=None, last_published_at=None
    )
    newcomer.display_date = START + timedelta(days=17)

    def add_and_publish():
        blog_index.add_child(instance=newcomer)
        newcomer.save_revision().publish()

    publish(add_and_publish)

    assert "Between two and three" in client.get("/blog/").text
    assert "Between two and three" in client.get("/").text
    assert [cache_state(client, article.url) for article in articles] == ["hit", "hit", "miss", "miss", "hit"]


def test_unpublishing_removes_the_article_everywhere(client, articles, publish):
    gone = articles[3]
    warm(client, gone.url, "/blog/", articles[0].url)

    publish(gone.unpublish)

    assert client.get(gone.url).status_code == 404
    assert gone.title not in client.get("/blog/").text
    assert cache_state(client, articles[0].url) == "hit"


def test_deleting_removes_the_article_everywhere(client, articles, publish):
    gone = articles[1]
    url = gone.url
    warm(client, url, "/blog/", articles[4].url)

    publish(gone.delete)

    assert client.get(url).status_code == 404
    assert "Article 1" not in client.get("/blog/").text
    assert cache_state(client, articles[4].url) == "hit"


def articles_in(category, blog_index, count):
    """``count`` articles in ``category``, a day apart, oldest first."""
    return [
        ArticlePageFactory(
            parent=blog_index, first_published_at=START + timedelta(days=n), categories=[category]
        )
        for n in range(count)
    ]


def publish_new_article(publish, blog_index, category, **fields):
    newcomer = ArticlePageFactory.build(**fields)

    def add_and_publish():
        blog_index.add_child(instance=newcomer)
        newcomer.categories = [category]
        newcomer.save_revision().publish()

    publish(add_and_publish)
    return newcomer


def test_deleting_an_article_refreshes_the_pages_of_its_archives_it_was_not_shown_on(
    client, blog_index, clinic_phone, publish
):
    sciatica = Category.objects.create(name="Sciatica")
    filed = articles_in(sciatica, blog_index, 11)
    warm(client, "/blog/category/sciatica/")  # the newest ten, "Page 1 of 2"
    assert "Page 1 of 2" in client.get("/blog/category/sciatica/").text

    publish(filed[0].delete)  # the oldest, alone on page 2

    assert "Page 1 of 2" not in client.get("/blog/category/sciatica/").text


def test_taking_an_article_out_of_a_category_refreshes_that_categorys_archive(
    client, blog_index, clinic_phone, publish
):
    sciatica, knees = Category.objects.create(name="Sciatica"), Category.objects.create(name="Knees")
    filed = articles_in(sciatica, blog_index, 11)
    warm(client, "/blog/category/sciatica/")  # the newest ten, "Page 1 of 2"
    assert "Page 1 of 2" in client.get("/blog/category/sciatica/").text

    leaving = filed[0]  # the oldest, alone on page 2
    leaving.categories = [knees]
    publish(lambda: leaving.save_revision().publish())

    assert "Page 1 of 2" not in client.get("/blog/category/sciatica/").text


def test_page_counts_follow_publishing_and_privacy(client, blog_index, clinic_phone, publish):
    sciatica = Category.objects.create(name="Sciatica")
    filed = articles_in(sciatica, blog_index, 10)
    archive = "/blog/category/sciatica/"
    warm(client, archive, "/blog/")
    assert "Page 1 of" not in client.get(archive).text

    publish_new_article(publish, blog_index, sciatica, title="Eleventh", slug="eleventh")
    assert "Page 1 of 2" in client.get(archive).text
    assert "Page 1 of 2" in client.get("/blog/").text

    publish(lambda: PageViewRestriction.objects.create(page=filed[0], restriction_type="login"))
    assert "Page 1 of" not in client.get(archive).text
    assert "Page 1 of" not in client.get("/blog/").text


def test_moving_an_article_refreshes_both_indexes_and_its_old_address(client, home_page, articles, publish):
    other_index = BlogIndexPageFactory(parent=home_page, title="Clinic news", slug="news")
    moving = articles[2]
    old_url = moving.url
    warm(client, old_url, "/blog/", "/news/", articles[0].url)

    publish(lambda: moving.move(other_index, pos="last-child"))

    assert client.get(old_url).status_code in (301, 404)
    assert "Article 2" not in client.get("/blog/").text
    assert "Article 2" in client.get("/news/").text
    assert client.get("/news/article-2/").status_code == 200
    assert cache_state(client, articles[0].url) == "hit"


def test_moving_a_site_root_refreshes_everything(client, home_page, articles, publish):
    # A root without children: moving it changes no other page's address, but every cached site
    # look-up holds its root page.
    lonely_root = HomePageFactory(parent=home_page.get_parent(), title="Lakeside Physio", slug="lakeside")
    publish(lambda: Site.objects.create(hostname="physio.example", port=80, root_page=lonely_root))
    warm(client, "/blog/", articles[0].url)

    publish(lambda: lonely_root.move(home_page, pos="last-child"))

    assert cache_state(client, "/blog/") == "miss"
    assert cache_state(client, articles[0].url) == "miss"


def test_making_an_article_private_stops_serving_it_to_anonymous_readers(client, articles, publish):
    private = articles[1]
    warm(client, private.url)

    publish(lambda: PageViewRestriction.objects.create(page=private, restriction_type="login"))

    response = client.get(private.url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert private.title not in client.get(private.url, follow=True).text.split("<main")[-1]


def test_phone_contact_change_updates_every_page_showing_it(client, blog_index, articles, publish):
    spine_line = PhoneContactFactory(phone_number="+16125550100", label="Spine team")
    with_block = ArticlePageFactory(
        parent=blog_index,
        slug="call-the-spine-team",
        body=[("phone_contact", {"lead_in": "Call", "contact": spine_line, "trailing_text": "today."})],
    )
    warm(client, with_block.url, articles[0].url)

    spine_line.phone_number = "+16125550199"
    publish(lambda: spine_line.save_revision().publish())

    assert "(612) 555-0199" in client.get(with_block.url).text
    assert cache_state(client, articles[0].url) == "hit"


def test_clinic_phone_change_updates_every_page_header(client, articles, clinic_phone, publish):
    warm(client, "/", "/blog/", articles[0].url)

    clinic_phone.phone_number = "+19525550123"
    publish(lambda: clinic_phone.save_revision().publish())

    for url in ("/", "/blog/", articles[0].url):
        assert "(952) 555-0123" in client.get(url).text, url


def test_clinic_settings_change_updates_every_page(client, home_page, articles, publish):
    warm(client, "/", articles[0].url)
    clinic_settings = ClinicSettings.for_site(home_page.get_site())

    clinic_settings.disclaimer = "Call 911 in an emergency."
    publish(clinic_settings.save)

    assert "Call 911 in an emergency." in client.get(articles[0].url).text


def test_category_rename_updates_its_articles_but_not_others(client, blog_index, articles, publish):
    elsewhere = articles[3]
    warm(client, articles[0].url, elsewhere.url, "/blog/category/injections/")
    injections = Category.objects.get(name="Injections")

    injections.name = "Injection treatments"
    publish(injections.save)

    assert "Injection treatments" in client.get(articles[0].url).text
    assert "Injection treatments" in client.get("/blog/category/injections/").text
    assert cache_state(client, elsewhere.url) == "hit"


def test_publishing_an_article_refreshes_its_archives_and_related_articles_only(
    client, blog_index, articles, publish
):
    injections = Category.objects.get(name="Injections")
    warm(client, "/blog/category/injections/", "/blog/category/topic-2/", articles[0].url, articles[2].url)
    publish_new_article(
        publish, blog_index, injections, title="More on injections", slug="more-on-injections"
    )

    assert "More on injections" in client.get("/blog/category/injections/").text
    assert "More on injections" in client.get(articles[0].url).text  # now a related article
    assert cache_state(client, "/blog/category/topic-2/") == "hit"
    assert cache_state(client, articles[2].url) == "hit"


def test_tag_rename_updates_articles_showing_it(client, blog_index, clinic_phone, publish):
    tagged = ArticlePageFactory(parent=blog_index, slug="tagged", tags=["sleep"])
    warm(client, tagged.url)
    tag = Tag.objects.get(name="sleep")

    tag.name = "better sleep"
    publish(tag.save)

    assert "better sleep" in client.get(tagged.url).text


def test_person_change_updates_the_articles_that_show_them_but_not_others(
    client, blog_index, articles, publish
):
    author = PersonFactory(name="Dr. Ada Lane", photo=ImageFactory())
    by_ada = approve_and_publish(
        ArticlePageFactory(parent=blog_index, slug="by-ada", author=author),
        PersonFactory(name="Dr. Ben Ortiz"),
    )
    warm(client, by_ada.url, articles[0].url)

    author.name = "Dr. Ada Lane-Smith"
    publish(author.save)

    page = client.get(by_ada.url).text
    assert "Dr. Ada Lane-Smith" in page and "Dr. Ben Ortiz" in page
    assert cache_state(client, articles[0].url) == "hit"


def test_a_page_declares_what_it_shows_and_nothing_it_merely_loads(db, publish):
    """Only what the page code declares is recorded: loading a model instance records nothing."""
    author = PersonFactory()
    with collecting() as tags:
        type(author).objects.get(pk=author.pk)
    assert tags == set()


def test_image_change_updates_the_articles_showing_it_but_not_others(client, blog_index, articles, publish):
    photo = ImageFactory(title="Stretching")
    with_photo = ArticlePageFactory(
        parent=blog_index, slug="with-a-photo", body=[paragraph(), image_block(photo)]
    )
    warm(client, with_photo.url, articles[3].url)

    photo.title = "Gentle stretching"
    publish(photo.save)

    assert cache_state(client, with_photo.url) == "miss"
    assert cache_state(client, articles[3].url) == "hit"


def test_featured_image_change_updates_the_article_it_heads(client, blog_index, articles, publish):
    photo = ImageFactory(title="Treatment room")
    featured = ArticlePageFactory(parent=blog_index, slug="with-a-featured-image", featured_image=photo)
    warm(client, featured.url, articles[3].url)

    photo.title = "Our treatment room"
    publish(photo.save)

    assert cache_state(client, featured.url) == "miss"
    assert cache_state(client, articles[3].url) == "hit"


def test_a_linked_articles_new_address_reaches_the_articles_linking_to_it(
    client, blog_index, articles, publish
):
    target = articles[1]
    link = f'<p>Read <a linktype="page" id="{target.pk}">our guide to sleep</a>.</p>'
    linking = ArticlePageFactory(parent=blog_index, slug="links-to-a-guide", body=[paragraph(link)])
    warm(client, linking.url, articles[3].url)

    target.slug = "sleep-guide"
    publish(lambda: target.save_revision().publish())

    assert "/blog/sleep-guide/" in client.get(linking.url).text
    assert cache_state(client, articles[3].url) == "hit"


def test_a_linked_documents_new_file_reaches_the_articles_linking_to_it(
    client, blog_index, articles, publish, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    form = get_document_model()(title="Intake form", file=ContentFile(b"%PDF-1.4 v1", name="intake.pdf"))
    form.save()
    link = f'<p>Print the <a linktype="document" id="{form.pk}">new patient intake form</a>.</p>'
    linking = ArticlePageFactory(parent=blog_index, slug="links-to-a-form", body=[paragraph(link)])
    warm(client, linking.url, articles[3].url)

    form.file = ContentFile(b"%PDF-1.4 v2", name="intake-2026.pdf")
    publish(form.save)

    assert f"/documents/{form.pk}/intake-2026.pdf" in client.get(linking.url).text
    assert cache_state(client, articles[3].url) == "hit"
