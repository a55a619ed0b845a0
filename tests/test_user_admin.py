"""Roles cannot climb: in Wagtail's users admin a site manager manages authors' accounts and nothing above."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from blog.editorial.roles import AUTHORS, CLINICAL_REVIEWERS, SITE_MANAGERS
from tests.factories import UserFactory
from tests.staff_sign_in import verified_login

pytestmark = pytest.mark.django_db

User = get_user_model()
ORIGINAL_PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a brand new passphrase 42"


def refused(response):
    # Wagtail's admin answers a PermissionDenied with a redirect to the dashboard and a "no permission" note.
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def group_ids(*names):
    return [group.pk for group in Group.objects.filter(name__in=names)]


def account_form(username, *, groups=(), password=NEW_PASSWORD, **fields):
    return {
        "username": username,
        "email": f"{username}@clinic-blog.invalid",
        "first_name": "Sam",
        "last_name": "Rivera",
        "password1": password,
        "password2": password,
        "groups": group_ids(*groups),
        "is_active": "on",
        **fields,
    }


def form_errors(response):
    assert response.status_code == 200, "the form was accepted"
    return response.context["form"].errors


def add_user(client, **form):
    return client.post(reverse("wagtailusers_users:add"), account_form("newcomer", **form))


def edit_user(client, user, **form):
    return client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]), account_form(user.username, **form)
    )


def bulk_action(client, action, users, data=None):
    url = reverse("wagtail_bulk_action", args=[User._meta.app_label, User._meta.model_name, action])
    query = "&".join([*(f"id={user.pk}" for user in users), f"next={reverse('wagtailusers_users:index')}"])
    return client.post(f"{url}?{query}", data or {}, follow=True)


@pytest.fixture
def manager_client(client, site_manager_user):
    verified_login(client, site_manager_user)
    return client


@pytest.fixture
def administrator():
    return UserFactory(username="administrator", is_superuser=True)


@pytest.fixture
def other_manager():
    return UserFactory(username="othermanager", groups=[SITE_MANAGERS])


def test_site_manager_adds_an_author(manager_client):
    response = add_user(manager_client, groups=[AUTHORS])

    assert response.status_code == 302
    newcomer = User.objects.get(username="newcomer")
    assert [group.name for group in newcomer.groups.all()] == [AUTHORS]
    assert not newcomer.is_superuser and not newcomer.is_staff


@pytest.mark.parametrize("flag", ["is_superuser", "is_staff"])
def test_site_manager_cannot_create_an_administrator_or_staff_account(manager_client, flag):
    errors = form_errors(add_user(manager_client, groups=[AUTHORS], **{flag: "on"}))

    assert errors["__all__"] == ["Only an administrator can give administrator or staff access."]
    assert not User.objects.filter(username="newcomer").exists()


@pytest.mark.parametrize("group", [CLINICAL_REVIEWERS, SITE_MANAGERS, "Moderators", "Editors"])
def test_site_manager_cannot_create_an_account_in_a_group_they_may_not_grant(manager_client, group):
    errors = form_errors(add_user(manager_client, groups=[group]))

    assert "groups" in errors
    assert not User.objects.filter(username="newcomer").exists()


def test_the_add_form_offers_a_site_manager_only_the_groups_they_may_grant(manager_client):
    form = manager_client.get(reverse("wagtailusers_users:add")).context["form"]

    assert [group.name for group in form.fields["groups"].queryset] == [AUTHORS]
    assert "is_superuser" not in form.fields


@pytest.mark.parametrize("target", ["administrator", "other_manager", "site_manager_user", "reviewer_user"])
def test_site_manager_cannot_edit_change_the_password_of_or_delete_accounts_above_an_author(
    manager_client, request, target
):
    user = request.getfixturevalue(target)
    groups_before = set(user.groups.all())

    assert refused(manager_client.get(reverse("wagtailusers_users:edit", args=[user.pk])))
    assert refused(
        edit_user(manager_client, user, groups=[CLINICAL_REVIEWERS, SITE_MANAGERS], is_superuser="on")
    )
    assert refused(manager_client.post(reverse("wagtailusers_users:delete", args=[user.pk])))

    user = User.objects.get(pk=user.pk)
    assert user.check_password(ORIGINAL_PASSWORD)
    assert set(user.groups.all()) == groups_before
    assert user.is_superuser == (target == "administrator")


def test_site_manager_cannot_give_an_author_a_group_they_may_not_grant(manager_client, author_user):
    errors = form_errors(edit_user(manager_client, author_user, groups=[AUTHORS, CLINICAL_REVIEWERS]))

    assert "groups" in errors
    assert [group.name for group in author_user.groups.all()] == [AUTHORS]


@pytest.mark.parametrize("flag", ["is_superuser", "is_staff"])
def test_site_manager_cannot_make_an_author_an_administrator_or_staff(manager_client, author_user, flag):
    form_errors(edit_user(manager_client, author_user, groups=[AUTHORS], **{flag: "on"}))

    author_user.refresh_from_db()
    assert not author_user.is_superuser and not author_user.is_staff
    assert author_user.check_password(ORIGINAL_PASSWORD)


def test_site_manager_resets_an_authors_password(manager_client, author_user):
    response = edit_user(manager_client, author_user, groups=[AUTHORS])

    assert response.status_code == 302
    author_user.refresh_from_db()
    assert author_user.check_password(NEW_PASSWORD)


def test_users_listing_links_a_site_manager_only_to_accounts_they_manage(
    manager_client, author_user, administrator, reviewer_user
):
    page = manager_client.get(reverse("wagtailusers_users:index")).content.decode()

    assert reverse("wagtailusers_users:edit", args=[author_user.pk]) in page
    assert reverse("wagtailusers_users:edit", args=[administrator.pk]) not in page
    assert reverse("wagtailusers_users:edit", args=[reviewer_user.pk]) not in page


@pytest.mark.parametrize("role", [CLINICAL_REVIEWERS, SITE_MANAGERS])
def test_site_manager_cannot_bulk_assign_a_role_they_may_not_grant(
    manager_client, site_manager_user, author_user, role
):
    response = bulk_action(
        manager_client, "assign_role", [author_user], {"role": Group.objects.get(name=role).pk}
    )

    assert f"only an administrator can give the “{role}” role" in response.content.decode()
    assert [group.name for group in author_user.groups.all()] == [AUTHORS]


def test_site_manager_cannot_bulk_assign_themselves_a_role(manager_client, site_manager_user):
    response = bulk_action(
        manager_client, "assign_role", [site_manager_user], {"role": group_ids(AUTHORS)[0]}
    )

    assert "you cannot manage the accounts of sitemanager" in response.content.decode()
    assert [group.name for group in site_manager_user.groups.all()] == [SITE_MANAGERS]


@pytest.mark.parametrize("target", ["administrator", "other_manager", "reviewer_user"])
@pytest.mark.parametrize("action, data", [("delete", {}), ("set_active_state", {"mark_as_active": "False"})])
def test_site_manager_cannot_bulk_delete_or_deactivate_accounts_above_an_author(
    manager_client, request, target, action, data
):
    user = request.getfixturevalue(target)

    bulk_action(manager_client, action, [user], data)

    assert User.objects.get(pk=user.pk).is_active


def test_site_manager_bulk_deactivates_an_author(manager_client, author_user):
    bulk_action(manager_client, "set_active_state", [author_user], {"mark_as_active": "False"})

    author_user.refresh_from_db()
    assert not author_user.is_active


def test_administrator_still_makes_administrators_and_clinical_reviewers(client, administrator, author_user):
    verified_login(client, administrator)

    assert add_user(client, groups=[CLINICAL_REVIEWERS], is_superuser="on").status_code == 302
    assert edit_user(client, author_user, groups=[CLINICAL_REVIEWERS]).status_code == 302

    assert User.objects.get(username="newcomer").is_superuser
    assert [group.name for group in author_user.groups.all()] == [CLINICAL_REVIEWERS]


def test_site_manager_cannot_open_the_groups_admin_to_widen_a_group(manager_client):
    authors = Group.objects.get(name=AUTHORS)

    assert refused(manager_client.get(reverse("wagtailusers_groups:index")))
    edit_authors = reverse("wagtailusers_groups:edit", args=[authors.pk])
    assert refused(manager_client.post(edit_authors, {"name": AUTHORS}))
