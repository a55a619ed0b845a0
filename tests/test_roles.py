"""What each role may do in the admin: Authors write, Clinical reviewers approve, Site managers run it."""

import importlib

import pytest

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import GroupCollectionPermission, GroupPagePermission, Site
from wagtail.test.utils.form_data import rich_text

from blog.editorial.roles import AUTHORS, CLINICAL_REVIEW, CLINICAL_REVIEWERS, SITE_MANAGERS, set_up_home_page
from blog.models import ArticlePage, BlogIndexPage
from tests.admin_forms import add_url, article_form, edit_url, home_page_form
from tests.factories import CategoryFactory, PersonFactory

pytestmark = pytest.mark.django_db

NO_PERMISSION = "Sorry, you do not have permission to access this area."


def settings_url():
    return reverse(
        "wagtailsettings:edit", args=["blog", "clinicsettings", Site.objects.get(is_default_site=True).pk]
    )


def refused(response):
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def test_the_data_migration_creates_the_three_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= {AUTHORS, CLINICAL_REVIEWERS, SITE_MANAGERS}
    managers = Group.objects.get(name=SITE_MANAGERS)
    codenames = set(managers.permissions.values_list("codename", flat=True))
    assert {
        "change_clinicsettings",
        "delete_person",
        "publish_phonecontact",
        "add_redirect",
        "change_user",
    } <= codenames
    assert not Group.objects.get(name=AUTHORS).permissions.exclude(codename="access_admin").exists()


@pytest.fixture
def managed_home_page(home_page):
    """The home page as load_demo_content leaves it: open to the site managers."""
    set_up_home_page(home_page.pk)
    return home_page


def granted_on(page):
    return {
        (permission.group.name, permission.permission.codename)
        for permission in GroupPagePermission.objects.filter(page=page)
    }


def test_wagtails_default_editors_and_moderators_hold_no_permission_after_migrate():
    for name in ["Editors", "Moderators"]:
        assert not Permission.objects.filter(group__name=name).exists()
        assert not GroupPagePermission.objects.filter(group__name=name).exists()
        assert not GroupCollectionPermission.objects.filter(group__name=name).exists()


def test_the_upgrade_migration_takes_publishing_out_of_the_blog(review_blog_index, home_page):
    # A database as it was before: reviewers publishing on the blog index, Wagtail's groups as it makes them.
    publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
    GroupPagePermission.objects.create(
        group=Group.objects.get(name=CLINICAL_REVIEWERS), page=review_blog_index, permission=publish
    )
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    GroupPagePermission.objects.create(group=moderators, page=home_page.get_parent(), permission=publish)
    moderators.permissions.add(Permission.objects.get(codename="access_admin"))
    migration = importlib.import_module("blog.migrations.0008_roles_cannot_publish_in_the_blog")

    migration.take_publishing_out_of_the_blog(apps, schema_editor=None)

    assert (CLINICAL_REVIEWERS, "publish_page") not in granted_on(review_blog_index)
    assert (CLINICAL_REVIEWERS, "change_page") in granted_on(review_blog_index)
    assert not GroupPagePermission.objects.filter(group=moderators).exists()
    assert not moderators.permissions.exists()
    assert (SITE_MANAGERS, "publish_page") in granted_on(home_page)


def test_page_permissions_are_granted_on_the_blog_index_only(review_blog_index, managed_home_page):
    granted = granted_on(review_blog_index)
    assert (AUTHORS, "add_page") in granted and (AUTHORS, "change_page") in granted
    assert (CLINICAL_REVIEWERS, "add_page") in granted and (CLINICAL_REVIEWERS, "change_page") in granted
    assert not {codename for _, codename in granted} & {"publish_page", "bulk_delete_page"}
    assert not GroupPagePermission.objects.filter(
        group__name__in=[AUTHORS, CLINICAL_REVIEWERS], page=managed_home_page
    ).exists()
    assert {codename for group, codename in granted_on(managed_home_page) if group == SITE_MANAGERS} == {
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    }


def test_author_can_write_under_the_blog_index_but_not_elsewhere(client, review_blog_index, author_user):
    client.force_login(author_user)
    assert client.get(add_url(review_blog_index)).status_code == 200
    home = review_blog_index.get_parent()
    assert refused(client.get(f"/admin/pages/add/blog/blogindexpage/{home.pk}/"))


def test_authors_direct_post_to_publish_leaves_the_article_unpublished(
    client, review_blog_index, author_user
):
    client.force_login(author_user)
    form = article_form(
        author=PersonFactory(),
        medical_reviewer=PersonFactory(),
        last_reviewed="2026-01-15",
        categories=[CategoryFactory()],
        action="action-publish",
    )
    client.post(add_url(review_blog_index), form)

    article = ArticlePage.objects.get(slug="heat-or-ice-for-back-pain")
    assert not article.live
    assert article.live_revision is None
    client.logout()
    assert client.get(article.url).status_code == 404

    # The same for an article that already exists: the edit view saves a draft and publishes nothing.
    client.force_login(author_user)
    client.post(f"/admin/pages/{article.pk}/edit/", form)
    article.refresh_from_db()
    assert not article.live
    assert article.live_revision is None
    assert article.revisions.count() == 2


def test_author_cannot_open_clinic_settings(client, author_user, review_blog_index):
    client.force_login(author_user)
    response = client.get(settings_url(), follow=True)
    assert NO_PERMISSION in response.content.decode()


@pytest.mark.parametrize("model", ["person", "category", "phonecontact"])
def test_author_cannot_open_snippet_delete_views(client, author_user, model):
    from blog.models import Category, Person, PhoneContact
    from tests.factories import PhoneContactFactory

    instance = {
        "person": lambda: PersonFactory(),
        "category": lambda: CategoryFactory(),
        "phonecontact": lambda: PhoneContactFactory(),
    }[model]()
    client.force_login(author_user)

    response = client.post(reverse(f"wagtailsnippets_blog_{model}:delete", args=[instance.pk]))

    assert refused(response)
    model_class = {"person": Person, "category": Category, "phonecontact": PhoneContact}[model]
    assert model_class.objects.filter(pk=instance.pk).exists()


def test_author_cannot_manage_users_or_redirects(client, author_user):
    client.force_login(author_user)
    assert refused(client.get(reverse("wagtailusers_users:index")))
    assert refused(client.get(reverse("wagtailredirects:index")))


def test_site_manager_runs_settings_snippets_redirects_and_users(
    client, site_manager_user, review_blog_index, verified_login
):
    person = PersonFactory()
    verified_login(client, site_manager_user)

    assert client.get(settings_url()).status_code == 200
    assert client.get(reverse("wagtailusers_users:index")).status_code == 200
    assert client.get(reverse("wagtailredirects:index")).status_code == 200
    response = client.post(reverse("wagtailsnippets_blog_person:delete", args=[person.pk]))
    assert response.status_code == 302
    assert not type(person).objects.filter(pk=person.pk).exists()


def test_site_manager_edits_and_publishes_the_home_page(
    client, site_manager_user, managed_home_page, verified_login
):
    verified_login(client, site_manager_user)

    response = client.post(
        edit_url(managed_home_page),
        home_page_form(managed_home_page, intro_html="<p>Open on Saturdays.</p>", action="action-publish"),
    )

    assert response.status_code == 302
    managed_home_page.refresh_from_db()
    assert "Open on Saturdays." in managed_home_page.intro


def test_site_managers_home_page_permissions_stop_at_the_blog_index(
    client, site_manager_user, review_blog_index, managed_home_page, verified_login
):
    from tests.factories import ArticlePageFactory

    article = ArticlePageFactory(parent=review_blog_index, live=False)
    verified_login(client, site_manager_user)

    assert refused(client.get(add_url(review_blog_index)))
    assert refused(client.get(edit_url(article)))
    assert refused(client.get(edit_url(review_blog_index)))
    assert refused(client.post(f"/admin/pages/{article.pk}/delete/"))
    assert ArticlePage.objects.filter(pk=article.pk).exists()


def test_blog_index_added_in_the_admin_gets_the_roles_and_workflow(admin_client, home_page):
    response = admin_client.post(
        f"/admin/pages/add/blog/blogindexpage/{home_page.pk}/",
        {"title": "Second blog", "slug": "second-blog", "intro": rich_text(""), "action-publish": "1"},
    )

    assert response.status_code == 302
    index = BlogIndexPage.objects.get(slug="second-blog")
    assert index.get_workflow().name == CLINICAL_REVIEW
    assert GroupPagePermission.objects.filter(page=index, group__name=AUTHORS).exists()
