"""Nothing staff wrote is lost: revisions on every publish, confirmed deletes, categories in use kept."""

import pytest

from django.contrib.messages import get_messages

from blog.models import ArticlePage, Category
from tests.admin_forms import add_url, article_form, edit_url
from tests.factories import ArticlePageFactory, PersonFactory, PhoneContactFactory, paragraph


@pytest.fixture
def staff_client(client, django_user_model, verified_login):
    verified_login(client, django_user_model.objects.create_superuser("editor", "editor@example.com", "pw"))
    return client


def nerve_blocks_form(text, **trust):
    return article_form(
        title="Nerve blocks",
        slug="nerve-blocks",
        summary="What a nerve block is.",
        body_html=f"<p>{text}</p>",
        action="action-publish",
        **trust,
    )


def test_every_publish_through_the_admin_leaves_a_revision(staff_client, blog_index):
    # Publishing from the admin needs an author.
    trust = {"author": PersonFactory()}
    response = staff_client.post(add_url(blog_index), nerve_blocks_form("First wording.", **trust))
    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="nerve-blocks")
    staff_client.post(edit_url(article), nerve_blocks_form("Second wording.", **trust))

    revisions = list(article.revisions.order_by("created_at"))
    assert len(revisions) == 2
    assert "First wording." in str(revisions[0].as_object().body)
    assert "Second wording." in str(revisions[1].as_object().body)
    article.refresh_from_db()
    assert article.live_revision == revisions[1]
    assert all(revision.user.username == "editor" for revision in revisions)


def test_publishing_a_phone_contact_leaves_a_revision(staff_client, db):
    contact = PhoneContactFactory(phone_number="+19528412345")
    response = staff_client.post(
        f"/admin/snippets/blog/phonecontact/edit/{contact.pk}/",
        {
            "label": contact.label,
            "team_name": contact.team_name,
            "phone_number": "+19528419999",
            "call_to_action": "",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.revisions.count() == 1
    assert contact.live_revision.as_object().phone_number.as_e164 == "+19528419999"


def test_an_earlier_revision_can_be_published_again(client, blog_index):
    article = ArticlePageFactory(
        parent=blog_index, slug="nerve-blocks", body=[paragraph("<p>Careful advice.</p>")]
    )
    good = article.save_revision()
    good.publish()
    article.body = [paragraph("<p>Defaced text.</p>")]
    article.save_revision().publish()
    assert "Defaced text." in client.get("/blog/nerve-blocks/").content.decode()

    good.publish()
    html = client.get("/blog/nerve-blocks/").content.decode()
    assert "Careful advice." in html and "Defaced text." not in html
    assert article.revisions.count() == 2


def test_deleting_an_article_needs_the_confirmation_step(staff_client, blog_index):
    article = ArticlePageFactory(parent=blog_index, slug="nerve-blocks", title="Nerve blocks explained")
    confirmation = staff_client.get(f"/admin/pages/{article.pk}/delete/")
    assert confirmation.status_code == 200
    html = confirmation.content.decode()
    assert "Nerve blocks explained" in html and 'method="POST"' in html.replace("post", "POST")
    assert ArticlePage.objects.filter(pk=article.pk).exists()

    assert staff_client.post(f"/admin/pages/{article.pk}/delete/").status_code == 302
    assert not ArticlePage.objects.filter(pk=article.pk).exists()


@pytest.fixture
def injections(blog_index):
    category = Category.objects.create(name="Injections")
    ArticlePageFactory(parent=blog_index, title="Nerve blocks explained", categories=[category])
    ArticlePageFactory(parent=blog_index, title="Epidural steroid injections", categories=[category])
    return category


def test_a_category_that_articles_use_cannot_be_deleted(staff_client, injections):
    for request in (staff_client.get, staff_client.post):
        response = request(f"/admin/snippets/blog/category/delete/{injections.pk}/")
        assert response.status_code == 302
        assert response["Location"] == "/admin/snippets/blog/category/"
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages[-1] == (
        "“Injections” cannot be deleted: 2 articles use it (“Epidural steroid injections”, "
        "“Nerve blocks explained”). Move them to another category first."
    )
    assert Category.objects.filter(pk=injections.pk).exists()
    for article in ArticlePage.objects.all():
        assert [category.name for category in article.categories.all()] == ["Injections"]


def test_bulk_delete_keeps_categories_in_use(staff_client, injections):
    unused = Category.objects.create(name="Old topic")
    url = f"/admin/bulk/blog/category/delete/?id={injections.pk}&id={unused.pk}"
    response = staff_client.post(url)
    assert response.status_code == 302
    assert Category.objects.filter(pk=injections.pk).exists()
    assert Category.objects.filter(pk=unused.pk).exists()


def test_bulk_delete_removes_categories_not_in_use(staff_client, injections):
    unused = Category.objects.create(name="Old topic")
    staff_client.post(f"/admin/bulk/blog/category/delete/?id={unused.pk}")
    assert not Category.objects.filter(pk=unused.pk).exists()


def test_an_unused_category_can_be_deleted(staff_client, injections):
    unused = Category.objects.create(name="Old topic")
    assert staff_client.post(f"/admin/snippets/blog/category/delete/{unused.pk}/").status_code == 302
    assert not Category.objects.filter(pk=unused.pk).exists()
