"""The Clinical review workflow: authors submit, another clinician approves, the approval is the credit."""

from io import StringIO

import pytest
from bs4 import BeautifulSoup

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry

from blog.editorial.roles import CLINICAL_REVIEW, CLINICAL_REVIEWERS
from blog.importers.article_data import ArticleData, RichTextData
from blog.importers.writer import ArticleWriter
from blog.models import ArticlePage, ClinicalApproval, ClinicalReviewTask, Person
from tests.admin_forms import add_url, article_form, edit_url
from tests.factories import PersonFactory, UserFactory, approve_and_publish

pytestmark = pytest.mark.django_db

NOT_REVIEWED = "Not yet clinically reviewed"


@pytest.fixture
def written_by():
    return PersonFactory(name="Jordan Ellis", credentials="DPT")


def submit_new_article(client, user, blog_index, **form):
    client.force_login(user)
    response = client.post(add_url(blog_index), article_form(action="action-submit", **form))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return ArticlePage.objects.get(slug="heat-or-ice-for-back-pain")


def save_draft(client, user, article, **form):
    client.force_login(user)
    response = client.post(edit_url(article), article_form(**form))
    assert response.status_code == 302, response.context["form"].errors if response.context else response


def workflow_action_url(article, action="approve"):
    task_state = article.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[article.pk, action, task_state.pk])


def approve_as(client, user, article):
    client.force_login(user)
    return client.post(workflow_action_url(article), {"comment": ""})


def approve_in_editor_as(client, user, article, **form):
    client.force_login(user)
    return client.post(
        edit_url(article),
        article_form(action="action-workflow-action", **{"workflow-action-name": "approve"}, **form),
    )


def assert_refused(response):
    # Wagtail's admin answers a PermissionDenied with its "no permission" message on the dashboard.
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def public_text(client, article):
    client.logout()
    return " ".join(BeautifulSoup(client.get(article.url).content, "html.parser").main.get_text().split())


def assert_not_credited(client, article):
    article.refresh_from_db()
    assert not ClinicalApproval.objects.filter(page=article).exists()
    if article.live:
        text = public_text(client, article)
        assert NOT_REVIEWED in text and "Medically reviewed" not in text


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


def test_approving_publishes_the_submitted_revision_with_an_approval_record_of_it(
    client, review_blog_index, author_user, reviewer_user, written_by
):
    article = submit_new_article(client, author_user, review_blog_index, author=written_by)
    submitted = article.get_latest_revision()
    submitted_content = submitted.content

    response = approve_as(client, reviewer_user, article)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live and article.live_revision == submitted
    approval = ClinicalApproval.objects.get()
    assert (approval.page_id, approval.revision, approval.approved_by) == (
        article.pk,
        submitted,
        reviewer_user,
    )
    assert approval.reviewer.user == reviewer_user
    assert approval.reviewer.name == reviewer_user.get_full_name()
    assert approval.reviewed_on == timezone.localdate()
    # The audit trail is the approval, not a rewrite of what the author submitted.
    submitted.refresh_from_db()
    assert submitted.content == submitted_content
    assert article.revisions.count() == 1
    today = timezone.localdate().strftime("%B %-d, %Y")
    assert f"Medically reviewed by {approval.reviewer.name_with_credentials} on {today}" in public_text(
        client, article
    )


def test_the_approval_shows_in_the_pages_history(
    admin_client, client, review_blog_index, author_user, reviewer_user, written_by
):
    article = submit_new_article(client, author_user, review_blog_index, author=written_by)
    approve_as(client, reviewer_user, article)

    entry = PageLogEntry.objects.get(page=article, action="blog.clinical_approval")
    assert entry.user == reviewer_user and entry.revision == article.get_latest_revision()
    history = admin_client.get(reverse("wagtailadmin_pages:history", args=[article.pk]))
    assert f"Clinically approved by {reviewer_user.get_full_name()}" in history.content.decode()


def test_approval_uses_the_reviewers_own_person_snippet(
    client, review_blog_index, author_user, reviewer_user
):
    clinician = PersonFactory(name="Maya Okafor", credentials="MD", user=reviewer_user)
    article = submit_new_article(client, author_user, review_blog_index, author=PersonFactory())

    approve_as(client, reviewer_user, article)

    assert ClinicalApproval.objects.get().reviewer == clinician
    assert Person.objects.filter(user=reviewer_user).count() == 1


def test_reviewer_cannot_approve_their_own_submission(client, review_blog_index, reviewer_user, written_by):
    article = submit_new_article(client, reviewer_user, review_blog_index, author=written_by)
    task = article.current_workflow_task

    assert "approve" not in [name for name, _, _ in task.get_actions(article, reviewer_user)]
    response = client.post(workflow_action_url(article), {"comment": ""})
    assert_refused(response)
    # The edit view treats an approval it does not offer as a plain save.
    approve_in_editor_as(client, reviewer_user, article, author=written_by)
    article.refresh_from_db()
    assert not article.live
    assert article.current_workflow_state is not None
    assert not ClinicalApproval.objects.exists()


def test_a_second_reviewer_can_approve_what_the_first_submitted(
    client, review_blog_index, reviewer_user, written_by
):
    article = submit_new_article(client, reviewer_user, review_blog_index, author=written_by)
    colleague = UserFactory(username="colleague", groups=[CLINICAL_REVIEWERS])

    approve_as(client, colleague, article)

    article.refresh_from_db()
    assert article.live and ClinicalApproval.objects.get().reviewer.user == colleague


def test_clinician_cannot_approve_an_article_credited_to_them(
    client, review_blog_index, author_user, reviewer_user
):
    themselves = PersonFactory(user=reviewer_user)
    article = submit_new_article(client, author_user, review_blog_index, author=themselves)

    response = approve_as(client, reviewer_user, article)

    assert_refused(response)
    assert_not_credited(client, article)
    assert not article.live


def test_reviewer_cannot_type_a_review_credit_into_the_editor(
    client, review_blog_index, reviewer_user, written_by
):
    """Attack: a reviewer writes an article as its author and credits another person as its reviewer."""
    themselves = PersonFactory(name="Sam Rivera", credentials="MD", user=reviewer_user)
    client.force_login(reviewer_user)

    editor = client.get(add_url(review_blog_index)).content.decode()
    assert 'name="medical_reviewer"' not in editor and 'name="last_reviewed"' not in editor

    client.post(
        add_url(review_blog_index),
        article_form(
            author=themselves,
            medical_reviewer=written_by,
            last_reviewed=timezone.localdate().isoformat(),
            action="action-publish",
        ),
    )

    article = ArticlePage.objects.get()
    assert_not_credited(client, article)
    assert f"Medically reviewed by {written_by.name_with_credentials}" not in public_text(client, article)


def test_reviewer_who_rewrote_the_submission_cannot_approve_it(
    client, review_blog_index, author_user, reviewer_user, written_by
):
    """Attack: an author submits; the reviewer saves a new body, then approves."""
    article = submit_new_article(client, author_user, review_blog_index, author=written_by)
    save_draft(
        client, reviewer_user, article, author=written_by, body_html="<p>Stop all your medication.</p>"
    )

    article.refresh_from_db()
    assert "approve" not in [
        name for name, _, _ in article.current_workflow_task.get_actions(article, reviewer_user)
    ]
    assert_refused(approve_as(client, reviewer_user, article))

    assert_not_credited(client, article)
    assert not article.live


def test_reviewer_who_sent_it_back_rewrote_and_resubmitted_cannot_approve_it(
    client, review_blog_index, author_user, reviewer_user, written_by
):
    """Attack: the reviewer requests changes, rewrites the body, resubmits (resuming the review), approves."""
    article = submit_new_article(client, author_user, review_blog_index, author=written_by)
    client.force_login(reviewer_user)
    client.post(workflow_action_url(article, "reject"), {"comment": "Needs work."})
    response = client.post(
        edit_url(article),
        article_form(action="action-submit", author=written_by, body_html="<p>Stop all your medication.</p>"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.current_workflow_task_state is not None  # the rewrite is in review again

    assert_refused(approve_as(client, reviewer_user, article))

    assert_not_credited(client, article)
    assert not article.live


def test_reviewer_who_wrote_the_draft_cannot_approve_it_when_someone_else_submits(
    client, review_blog_index, author_user, reviewer_user, written_by
):
    """Attack: a reviewer ghost-writes the draft, an author presses Submit, the reviewer approves."""
    client.force_login(reviewer_user)
    response = client.post(
        add_url(review_blog_index),
        article_form(author=written_by, body_html="<p>Stop all your medication.</p>"),
    )
    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="heat-or-ice-for-back-pain")
    client.force_login(author_user)
    client.post(
        edit_url(article),
        article_form(action="action-submit", author=written_by, body_html="<p>Stop all your medication.</p>"),
    )
    article.refresh_from_db()
    assert article.current_workflow_task_state is not None

    assert_refused(approve_as(client, reviewer_user, article))

    assert_not_credited(client, article)


def test_autosave_over_the_approved_version_starts_a_new_revision(
    client, review_blog_index, author_user, reviewer_user, written_by, admin_client
):
    """Attack: after approval the author saves over the approved live revision (what autosave posts), then
    an administrator publishes the latest version: the approved text must still be what was approved."""
    article = submit_new_article(client, author_user, review_blog_index, author=written_by)
    approve_as(client, reviewer_user, article)
    article.refresh_from_db()
    approved = article.live_revision
    assert ClinicalApproval.objects.get().revision == approved and approved.user == author_user

    client.force_login(author_user)
    form = article_form(author=written_by, body_html="<p>Stop all your medication.</p>")
    form.update(overwrite_revision_id=str(approved.pk), loaded_revision_id=str(approved.pk))
    assert client.post(edit_url(article), form).status_code == 302
    bulk_publish = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    admin_client.post(f"{bulk_publish}?id={article.pk}", {"include_descendants": ""})

    approved.refresh_from_db()
    assert "Stop all your medication" not in str(approved.content["body"])
    article.refresh_from_db()
    assert article.revisions.count() == 2 and article.live_revision != approved
    text = public_text(client, article)
    assert "Stop all your medication" in text and NOT_REVIEWED in text and "Medically reviewed" not in text


def test_reviewer_cannot_approve_while_rewriting_in_the_editor(
    client, review_blog_index, author_user, reviewer_user, written_by
):
    article = submit_new_article(client, author_user, review_blog_index, author=written_by)

    approve_in_editor_as(
        client, reviewer_user, article, author=written_by, body_html="<p>Stop all your medication.</p>"
    )

    assert_not_credited(client, article)
    assert not article.live
    assert article.get_latest_revision().user == reviewer_user  # saved as a draft for someone else to review


def test_reviewer_who_only_saved_without_changes_can_still_approve(
    client, review_blog_index, author_user, reviewer_user, written_by
):
    article = submit_new_article(client, author_user, review_blog_index, author=written_by)
    save_draft(client, reviewer_user, article, author=written_by)
    assert article.revisions.count() == 2

    approve_as(client, reviewer_user, article)

    article.refresh_from_db()
    assert article.live and article.live_revision == ClinicalApproval.objects.get().revision


def test_another_reviewer_approves_a_colleagues_rewrite(
    client, review_blog_index, author_user, reviewer_user, written_by
):
    article = submit_new_article(client, author_user, review_blog_index, author=written_by)
    save_draft(client, reviewer_user, article, author=written_by, body_html="<p>Ice first, heat later.</p>")
    colleague = UserFactory(username="colleague", groups=[CLINICAL_REVIEWERS])

    approve_as(client, colleague, article)

    article.refresh_from_db()
    assert article.live and ClinicalApproval.objects.get().reviewer.user == colleague
    assert "Ice first, heat later." in public_text(client, article)


def test_swapping_the_author_after_submission_does_not_let_them_approve(
    client, review_blog_index, author_user, reviewer_user, written_by
):
    """Attack: credited as author, refused; changes the author field, saves, approves."""
    themselves = PersonFactory(user=reviewer_user)
    article = submit_new_article(client, author_user, review_blog_index, author=themselves)
    assert_refused(approve_as(client, reviewer_user, article))

    save_draft(client, reviewer_user, article, author=written_by)
    assert_refused(approve_as(client, reviewer_user, article))
    approve_in_editor_as(client, reviewer_user, article, author=written_by)

    assert_not_credited(client, article)
    assert not article.live


def test_requesting_changes_keeps_the_article_offline_and_tells_the_author(
    client, review_blog_index, author_user, reviewer_user, written_by, mailoutbox
):
    article = submit_new_article(client, author_user, review_blog_index, author=written_by)
    mailoutbox.clear()

    client.force_login(reviewer_user)
    client.post(workflow_action_url(article, "reject"), {"comment": "Add when to see a doctor."})

    article.refresh_from_db()
    assert not article.live and not ClinicalApproval.objects.exists()
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

    response = approve_in_editor_as(client, reviewer_user, article)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["author"]
    article.refresh_from_db()
    assert not article.live


def test_the_credit_stays_with_the_live_revision_and_goes_with_a_direct_republish(
    admin_client, client, review_blog_index, author_user, reviewer_user, written_by
):
    article = submit_new_article(client, author_user, review_blog_index, author=written_by)
    approve_as(client, reviewer_user, article)

    # A draft waiting for review does not touch what patients read, nor its credit.
    save_draft(client, author_user, article, author=written_by, body_html="<p>New advice.</p>")
    assert "Medically reviewed by" in public_text(client, article)

    # An administrator may publish directly, but that version carries no credit.
    admin_client.post(edit_url(article), article_form(author=written_by, action="action-publish"))
    article.refresh_from_db()
    assert article.live_revision != ClinicalApproval.objects.get().revision
    text = public_text(client, article)
    assert NOT_REVIEWED in text and "Medically reviewed" not in text


def test_the_editor_shows_the_credit_read_only(
    client, review_blog_index, author_user, reviewer_user, written_by
):
    client.force_login(author_user)
    client.post(add_url(review_blog_index), article_form(author=written_by))
    article = ArticlePage.objects.get(slug="heat-or-ice-for-back-pain")
    assert NOT_REVIEWED in client.get(edit_url(article)).content.decode()
    client.post(edit_url(article), article_form(action="action-submit", author=written_by))
    assert "Awaiting clinical review." in client.get(edit_url(article)).content.decode()

    approve_as(client, reviewer_user, article)

    client.force_login(author_user)
    editor = client.get(edit_url(article)).content.decode()
    assert f"Medically reviewed by {reviewer_user.get_full_name()}" in editor
    assert 'name="medical_reviewer"' not in editor


def import_article(path):
    out = StringIO()
    call_command("import_article", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def article_file(tmp_path):
    path = tmp_path / "pacing.txt"
    path.write_text("Pacing your day\n\nRest before you are tired.\n", encoding="utf-8")
    return path


def test_import_over_a_reviewed_article_saves_a_draft_and_keeps_the_reviewed_text_live(
    client, blog_index, reviewer_user, written_by, article_file
):
    """Attack: import_article over a reviewed article would republish unreviewed text as reviewed."""
    import_article(article_file)
    article = approve_and_publish(ArticlePage.objects.get(), reviewer_user, author=written_by)
    reviewed_revision = article.live_revision

    article_file.write_text("Pacing your day\n\nStop all your medication.\n", encoding="utf-8")
    out = import_article(article_file)

    article.refresh_from_db()
    assert article.live_revision == reviewed_revision and article.has_unpublished_changes
    assert "Stop all your medication." in str(article.get_latest_revision().content["body"])
    assert "saved a draft awaiting clinical review of “Pacing your day”" in out
    assert "1 clinically reviewed, so saved as drafts awaiting clinical review" in out
    text = public_text(client, article)
    assert "Rest before you are tired." in text and "Stop all your medication." not in text
    assert f"Medically reviewed by {reviewer_user.get_full_name()}" in text


def test_the_wordpress_writer_holds_updates_of_a_reviewed_article_as_drafts(
    blog_index, reviewer_user, written_by
):
    data = ArticleData(title="Pacing your day", status="live", body=[RichTextData("<p>Rest first.</p>")])
    article = approve_and_publish(
        ArticleWriter(blog_index).write(data).page, reviewer_user, author=written_by
    )

    changed = ArticleData(title="Pacing your day", status="live", body=[RichTextData("<p>Run first.</p>")])
    result = ArticleWriter(blog_index).write(changed)

    assert result.held_for_review and not result.created
    assert any("saved as a draft for a clinical reviewer" in warning for warning in result.warnings)
    article.refresh_from_db()
    assert "Rest first." in str(article.live_revision.content["body"])


def test_reimporting_identical_content_creates_no_revision(
    blog_index, reviewer_user, written_by, article_file
):
    import_article(article_file)
    article = ArticlePage.objects.get()
    unreviewed_revisions = article.revisions.count()

    assert "unchanged “Pacing your day”" in import_article(article_file)
    assert article.revisions.count() == unreviewed_revisions

    article = approve_and_publish(article, reviewer_user, author=written_by)
    revisions = article.revisions.count()
    out = import_article(article_file)

    assert "1 unchanged: no new revision." in out
    assert article.revisions.count() == revisions
    article.refresh_from_db()
    assert not article.has_unpublished_changes and article.clinical_approval is not None
