"""The Clinical review workflow: authors submit, another clinician approves, the article records it."""

import pytest

from django.urls import reverse
from django.utils import timezone

from blog.models import ArticlePage, ClinicalReviewTask, Person
from blog.roles import CLINICAL_REVIEW, CLINICAL_REVIEWERS
from tests.admin_forms import add_url, article_form, edit_url
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def written_by():
    return PersonFactory(name="Jordan Ellis", credentials="DPT")


def submit_new_article(client, user, blog_index, **form):
    client.force_login(user)
    response = client.post(add_url(blog_index), article_form(action="action-submit", **form))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return ArticlePage.objects.get(slug="heat-or-ice-for-back-pain")


def workflow_action_url(article, action="approve"):
    task_state = article.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[article.pk, action, task_state.pk])


def approve_as(client, user, article):
    client.force_login(user)
    return client.post(workflow_action_url(article), {"comment": ""})


def assert_refused(response):
    # Wagtail's admin answers a PermissionDenied with its "no permission" message on the dashboard.
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def test_articles_under_the_blog_index_go_through_clinical_review(review_blog_index):
    workflow = review_blog_index.get_workflow()
    assert workflow.name == CLINICAL_REVIEW
    [task] = [task.specific for task in workflow.tasks]
    assert isinstance(task, ClinicalReviewTask)
    assert [group.name for group in task.groups.all()] == [CLINICAL_REVIEWERS]


def test_submitted_article_is_hidden_from_patients_and_reviewers_are_emailed(
    client, review_blog_index, author_user, reviewer_user, written_by, mailoutbox
):
    article = submit_new_article(client, author_user, review_blog_index, author=written_by)

    assert not article.live
    assert article.current_workflow_task.name == CLINICAL_REVIEW
    client.logout()
    assert client.get(article.url).status_code == 404
    [email] = [email for email in mailoutbox if reviewer_user.email in email.to]
    assert "Heat or ice for back pain?" in email.subject


def test_approving_publishes_with_the_reviewer_and_todays_date_and_no_extra_revision(
    client, review_blog_index, author_user, reviewer_user, written_by
):
    article = submit_new_article(client, author_user, review_blog_index, author=written_by)
    revisions_before = article.revisions.count()

    response = approve_as(client, reviewer_user, article)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live
    assert article.medical_reviewer.user == reviewer_user
    assert article.medical_reviewer.name == reviewer_user.get_full_name()
    assert article.last_reviewed == timezone.localdate()
    assert article.revisions.count() == revisions_before
    assert article.live_revision.as_object().medical_reviewer == article.medical_reviewer
    client.logout()
    page = client.get(article.url).content.decode()
    assert f"Medically reviewed by {article.medical_reviewer.name_with_credentials}" in page


def test_approval_uses_the_reviewers_own_person_snippet(
    client, review_blog_index, author_user, reviewer_user
):
    clinician = PersonFactory(name="Maya Okafor", credentials="MD", user=reviewer_user)
    article = submit_new_article(client, author_user, review_blog_index, author=PersonFactory())

    approve_as(client, reviewer_user, article)

    article.refresh_from_db()
    assert article.medical_reviewer == clinician
    assert Person.objects.filter(user=reviewer_user).count() == 1


def test_reviewer_cannot_approve_their_own_submission(client, review_blog_index, reviewer_user, written_by):
    article = submit_new_article(client, reviewer_user, review_blog_index, author=written_by)
    task = article.current_workflow_task

    assert "approve" not in [name for name, _, _ in task.get_actions(article, reviewer_user)]
    response = client.post(workflow_action_url(article), {"comment": ""})
    assert_refused(response)
    # The edit view treats an approval it does not offer as a plain save.
    client.post(
        edit_url(article),
        article_form(
            author=written_by, action="action-workflow-action", **{"workflow-action-name": "approve"}
        ),
    )
    article.refresh_from_db()
    assert not article.live
    assert article.current_workflow_state is not None


def test_a_second_reviewer_can_approve_what_the_first_submitted(
    client, review_blog_index, reviewer_user, written_by
):
    article = submit_new_article(client, reviewer_user, review_blog_index, author=written_by)
    colleague = UserFactory(username="colleague", groups=[CLINICAL_REVIEWERS])

    approve_as(client, colleague, article)

    article.refresh_from_db()
    assert article.live and article.medical_reviewer.user == colleague


def test_clinician_cannot_approve_an_article_credited_to_them(
    client, review_blog_index, author_user, reviewer_user
):
    themselves = PersonFactory(user=reviewer_user)
    article = submit_new_article(client, author_user, review_blog_index, author=themselves)

    response = approve_as(client, reviewer_user, article)

    assert_refused(response)
    article.refresh_from_db()
    assert not article.live


def test_approving_in_the_editor_records_the_review_on_the_edited_version(
    client, review_blog_index, author_user, reviewer_user, written_by
):
    article = submit_new_article(client, author_user, review_blog_index, author=written_by)

    client.force_login(reviewer_user)
    response = client.post(
        edit_url(article),
        article_form(
            author=written_by,
            body_html="<p>Ice helps in the first two days. Heat helps later. Stop if it hurts.</p>",
            action="action-workflow-action",
            **{"workflow-action-name": "approve"},
        ),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live
    assert article.medical_reviewer.user == reviewer_user
    assert "Stop if it hurts" in client.get(article.url).content.decode()


def test_requesting_changes_keeps_the_article_offline_and_tells_the_author(
    client, review_blog_index, author_user, reviewer_user, written_by, mailoutbox
):
    article = submit_new_article(client, author_user, review_blog_index, author=written_by)
    mailoutbox.clear()

    client.force_login(reviewer_user)
    client.post(workflow_action_url(article, "reject"), {"comment": "Add when to see a doctor."})

    article.refresh_from_db()
    assert not article.live and article.medical_reviewer is None
    assert article.current_workflow_state.status == "needs_changes"
    assert [author_user.email] in [email.to for email in mailoutbox]


def test_approval_without_an_author_is_refused(
    client, review_blog_index, author_user, reviewer_user, written_by
):
    article = submit_new_article(client, author_user, review_blog_index, author=written_by)
    # A later draft drops the author (drafts may); approving would publish that draft.
    draft = article.get_latest_revision_as_object()
    draft.author = None
    draft.save_revision(user=author_user)

    response = approve_as(client, reviewer_user, article)

    assert_refused(response)
    article.refresh_from_db()
    assert not article.live


def test_own_submissions_are_not_awaiting_the_reviewers_review(
    client, review_blog_index, reviewer_user, written_by
):
    article = submit_new_article(client, reviewer_user, review_blog_index, author=written_by)
    colleague = UserFactory(username="colleague", groups=[CLINICAL_REVIEWERS])
    task = article.current_workflow_task

    assert not task.get_task_states_user_can_moderate(reviewer_user).exists()
    assert list(task.get_task_states_user_can_moderate(colleague)) == [article.current_workflow_task_state]


def test_approving_in_the_editor_after_removing_the_author_is_a_field_error(
    client, review_blog_index, author_user, reviewer_user, written_by
):
    article = submit_new_article(client, author_user, review_blog_index, author=written_by)

    client.force_login(reviewer_user)
    response = client.post(
        edit_url(article),
        article_form(action="action-workflow-action", **{"workflow-action-name": "approve"}),
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["author"]
    article.refresh_from_db()
    assert not article.live
