import pytest
from bs4 import BeautifulSoup

from blog.models import Category
from tests.factories import ArticlePageFactory


@pytest.fixture
def admin_client(client, django_user_model, verified_login):
    verified_login(client, django_user_model.objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


def test_uncategorized_exists_after_migrations(db):
    assert Category.objects.get(slug="uncategorized").name == "Uncategorized"


def test_slug_is_made_from_the_name(admin_client):
    response = admin_client.post(
        "/admin/snippets/blog/category/add/", {"name": "Nerve & Joint Pain", "slug": "", "description": ""}
    )
    assert response.status_code == 302
    assert Category.objects.get(name="Nerve & Joint Pain").slug == "nerve-joint-pain"


def test_duplicate_slug_is_a_field_error(admin_client):
    Category.objects.create(name="Injections")
    response = admin_client.post(
        "/admin/snippets/blog/category/add/", {"name": "Injections (new)", "slug": "injections"}
    )
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors


def test_uncategorized_cannot_be_deleted_from_the_admin(admin_client):
    uncategorized = Category.objects.get(slug="uncategorized")
    response = admin_client.post(f"/admin/snippets/blog/category/delete/{uncategorized.pk}/", follow=True)
    assert Category.objects.filter(slug="uncategorized").exists()
    assert "cannot be deleted" in response.content.decode()


def posted_in(client, article):
    """The article's "Posted in …" line as a reader sees it (the category names are archive links)."""
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    return " ".join(soup.select_one(".posted-in").get_text().split())


def test_article_without_categories_shows_uncategorized(blog_index, client):
    article = ArticlePageFactory(parent=blog_index, categories=[])
    assert posted_in(client, article) == "Posted in Uncategorized."


def test_article_lists_its_categories(blog_index, client):
    injections, nerves = Category.objects.create(name="Injections"), Category.objects.create(name="Nerves")
    article = ArticlePageFactory(parent=blog_index, categories=[injections, nerves])
    assert posted_in(client, article) == "Posted in Injections, Nerves."
