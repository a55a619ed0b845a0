"""load_demo_content: the seed article's author and review, the roles, and dev-only demo logins."""

import re
from io import StringIO

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from blog.editorial.roles import AUTHORS, CLINICAL_REVIEW, CLINICAL_REVIEWERS, SITE_MANAGERS
from blog.models import ArticlePage, BlogIndexPage

pytestmark = pytest.mark.django_db

SEED_SLUG = "how-botox-can-help-in-pain-management"


def load_demo(*args):
    out = StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def test_seed_article_has_a_demo_author_and_clinical_review(client):
    load_demo()

    article = ArticlePage.objects.get(slug=SEED_SLUG)
    assert article.author.name_with_credentials == "Jordan Ellis, DPT"
    approval = article.clinical_approval
    assert approval.reviewer.name_with_credentials == "Maya Okafor, MD"
    assert approval.revision == article.live_revision and approval.approved_by.username == "demo-reviewer"
    # The demo clinician's account approves but cannot sign in until --with-demo-users gives it a password.
    assert not approval.approved_by.has_usable_password()
    page = BeautifulSoup(client.get(article.url, HTTP_HOST="127.0.0.1:8000").content, "html.parser")
    byline = page.select_one(".byline")
    assert "Medically reviewed by Maya Okafor, MD" in byline.get_text(" ", strip=True)
    # Both demo people are on the team page, so the byline links to them.
    assert [link["href"] for link in byline.select("a")] == ["/team/jordan-ellis/", "/team/maya-okafor/"]


def test_running_it_again_keeps_one_review_and_one_of_each_person():
    load_demo()
    article = ArticlePage.objects.get(slug=SEED_SLUG)
    approval, revisions = article.clinical_approval, article.revisions.count()
    load_demo()

    article = ArticlePage.objects.get(slug=SEED_SLUG)
    assert article.clinical_approval == approval and article.revisions.count() == revisions
    assert article.author.authored_articles.count() == ArticlePage.objects.count()


def test_blog_index_is_behind_the_clinical_review_workflow():
    load_demo()

    assert BlogIndexPage.objects.get().get_workflow().name == CLINICAL_REVIEW


def test_demo_users_are_refused_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="development only"):
        load_demo("--with-demo-users")

    assert not get_user_model().objects.exists()


def test_demo_users_one_per_role_with_passwords_printed_once(settings):
    settings.DEBUG = True

    first = load_demo("--with-demo-users")
    second = load_demo("--with-demo-users")

    logins = dict(re.findall(r"login: (\S+) / (\S+)", first))
    assert set(logins) == {"demo-author", "demo-reviewer", "demo-site-manager"}
    users = {user.username: user for user in get_user_model().objects.all()}
    for username, group in [
        ("demo-author", AUTHORS),
        ("demo-reviewer", CLINICAL_REVIEWERS),
        ("demo-site-manager", SITE_MANAGERS),
    ]:
        assert users[username].check_password(logins[username])
        assert [g.name for g in users[username].groups.all()] == [group]
    assert users["demo-reviewer"].person.name == "Maya Okafor"
    assert "login:" not in second and "already exists" in second


def test_demo_logins_work_with_the_roles_permissions(settings, client, verified_login):
    settings.DEBUG = True
    load_demo("--with-demo-users")
    users = {user.username: user for user in get_user_model().objects.all()}
    article = ArticlePage.objects.get(slug=SEED_SLUG)
    home = article.get_parent().get_parent()

    for username in ["demo-author", "demo-reviewer"]:
        permissions = article.permissions_for_user(users[username])
        assert permissions.can_edit() and not permissions.can_publish()
        assert not home.permissions_for_user(users[username]).can_edit()
    manager = users["demo-site-manager"]
    assert home.permissions_for_user(manager).can_publish()
    assert not article.permissions_for_user(manager).can_edit()
    assert not article.permissions_for_user(manager).can_publish()

    verified_login(client, users["demo-site-manager"])
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200
    client.force_login(users["demo-reviewer"])
    assert client.get(f"/admin/pages/{article.pk}/edit/").status_code == 200
