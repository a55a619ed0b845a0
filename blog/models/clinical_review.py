"""Clinical review: the workflow task where a clinician approves an article, and the record of that approval.

The "Medically reviewed by" credit is earned, never typed: it exists only as a ClinicalApproval of one
revision, made by ``approve_revision``, and a page shows it only while that revision is the live one.
"""

import json
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from wagtail.fields import StreamField
from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask, Page, Revision

from .snippets import Person

APPROVE = "approve"
APPROVAL_LOG_ACTION = "blog.clinical_approval"
RICH_TEXT_BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')

# Keys of a page revision that are bookkeeping or placement, not what a patient reads. Comments are how a
# reviewer talks to the author, so adding one is not an edit of the article.
NOT_CONTENT = {
    "pk",
    "id",
    "page_ptr",
    "path",
    "depth",
    "numchild",
    "content_type",
    "owner",
    "first_published_at",
    "go_live_at",
    "expire_at",
    "comments",
    "wagtail_admin_comments",
}


class ClinicalApproval(models.Model):
    """A clinician's approval of exactly one revision of an article: who, as which account, and when."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="clinical_approvals")
    revision = models.OneToOneField(Revision, on_delete=models.CASCADE, related_name="clinical_approval")
    # The credit names a person; deleting that person would silently rewrite who reviewed the article.
    reviewer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="clinical_approvals")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="clinical_approvals"
    )
    approved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-approved_at"]

    def __str__(self):
        return f"{self.reviewer} approved revision {self.revision_id} on {self.reviewed_on:%Y-%m-%d}"

    @staticmethod
    def interval_days():
        """How long a review holds before the article is due for another."""
        return settings.CLINICAL_REVIEW_INTERVAL_DAYS

    @property
    def reviewed_on(self):
        """The clinic's calendar day of the approval: what the byline and JSON-LD call the review date."""
        return timezone.localdate(self.approved_at)

    @property
    def next_review_due(self):
        return self.reviewed_on + timedelta(days=self.interval_days())


def readers_content(content, model):
    """What a patient reads in a page's serialized ``content``: no bookkeeping, block ids or comments."""
    fields = {field.name: field for field in model._meta.get_fields()}
    readable = {}
    for key, value in content.items():
        field = fields.get(key)
        if key in NOT_CONTENT or field is None:
            continue
        if key == "tagged_items":
            readable[key] = sorted(item["tag"] for item in value)
            continue
        if not field.editable:
            continue
        if isinstance(field, StreamField):
            # A block's id changes when it is rebuilt, its text does not.
            value = _without_block_ids(json.loads(value) if isinstance(value, str) else value)
        readable[key] = value
    return readable


def _readers_content_of(revision):
    return readers_content(revision.content, revision.content_type.model_class())


def _without_block_ids(value):
    if isinstance(value, list):
        return [_without_block_ids(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_block_ids(item) for key, item in value.items() if key != "id"}
    if isinstance(value, str):
        # Rich text's paragraph keys are the editor's, regenerated on a save; the words are the content.
        return RICH_TEXT_BLOCK_KEY.sub("", value)
    return value


def _is_credited_author(article, user):
    return bool(article.author_id) and Person.objects.filter(pk=article.author_id, user=user).exists()


def _changed_content_since_last_approval(revision, user):
    """Whether ``user`` wrote or changed the article's content in a revision saved since its last clinical
    approval, up to ``revision``: before submission (a ghost-written draft), after it, or in a rewrite that
    resumed the review."""
    same_page = Revision.objects.filter(
        content_type_id=revision.content_type_id, object_id=revision.object_id
    )
    last_approval = (
        ClinicalApproval.objects.filter(page_id=revision.object_id, revision_id__lt=revision.pk)
        .order_by("-revision_id")
        .first()
    )
    since = same_page.filter(pk__lte=revision.pk).order_by("pk")
    previous = None
    if last_approval is not None:
        since = since.filter(pk__gt=last_approval.revision_id)
        previous = _readers_content_of(last_approval.revision)
    for saved in since:
        current = _readers_content_of(saved)
        if saved.user_id == user.pk and current != previous:
            return True
        previous = current
    return False


def approval_refusal(revision, user, workflow_state=None):
    """Why ``user`` may not approve ``revision``, or None.

    Nobody approves their own work: not who submitted it for review, not the author credited on any
    version submitted in this review or on the one being approved, and not anyone who wrote or changed its
    content since it was last approved (before or after submission). Another clinician must read it first.
    """
    if not (user.is_superuser or ClinicalReviewTask.objects.filter(active=True, groups__user=user).exists()):
        return "Only a clinical reviewer can approve an article."
    submitted = [revision]
    if workflow_state is not None:
        if workflow_state.requested_by_id == user.pk:
            return "You submitted this article for review, so another clinical reviewer must approve it."
        # Every version put before a reviewer in this review: the first submission and any resubmission.
        task_states = workflow_state.task_states.select_related("revision")
        submitted += [task_state.revision for task_state in task_states if task_state.revision is not None]
    if any(_is_credited_author(version.as_object(), user) for version in submitted):
        return "You are this article’s author, so another clinical reviewer must approve it."
    if _changed_content_since_last_approval(revision, user):
        return (
            "You wrote or changed this article since it was last clinically approved, so another clinical "
            "reviewer must approve it."
        )
    article = revision.as_object()
    if getattr(article, "author_id", True) is None:
        return "Add the article’s author in the editor before approving it."
    return None


def approve_revision(revision, user, workflow_state=None):
    """Record that ``user`` clinically approved ``revision``: the only way a review credit comes to exist.

    Used by the Clinical review task and by anything else that needs a reviewed article (demo content,
    factories), so the same rules hold everywhere. The revision's content is left as it was submitted;
    the approval and an entry in the page's history are the audit trail.
    """
    refusal = approval_refusal(revision, user, workflow_state)
    if refusal:
        raise PermissionDenied(refusal)
    reviewer = Person.objects.for_user(user)
    approval = ClinicalApproval.objects.create(
        page_id=revision.object_id, revision=revision, reviewer=reviewer, approved_by=user
    )
    log(
        instance=revision.content_object.specific,
        action=APPROVAL_LOG_ACTION,
        user=user,
        revision=revision,
        data={"reviewer": reviewer.name_with_credentials, "revision_id": revision.pk},
    )
    return approval


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """Approval by the clinical reviewers' group of the revision before them, kept as a ClinicalApproval.

    Wagtail publishes the page's latest revision when the workflow finishes; the approval is made on that
    same revision, with the page row locked, and checked to be the one that went live.
    """

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if not any(name == APPROVE for name, _, _ in actions):
            return actions
        revision = obj.get_latest_revision()
        workflow_state = getattr(obj, "current_workflow_state", None)
        if revision is None or approval_refusal(revision, user, workflow_state):
            actions = [action for action in actions if action[0] != APPROVE]
        return actions

    def get_task_states_user_can_moderate(self, user, **kwargs):
        # "Awaiting your review" on the dashboard leaves out what the reviewer submitted themselves.
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name != APPROVE:
            return super().on_action(task_state, user, action_name, **kwargs)
        workflow_state = task_state.workflow_state
        # No save may slip in between the approval and the publish that follows it.
        page = Page.objects.select_for_update().get(pk=workflow_state.object_id)
        approval = approve_revision(page.get_latest_revision(), user, workflow_state)
        result = super().on_action(task_state, user, action_name, **kwargs)
        workflow_state.refresh_from_db(fields=["status"])
        page.refresh_from_db(fields=["live_revision"])
        approval.revision.refresh_from_db(fields=["approved_go_live_at"])
        published_now = workflow_state.status == workflow_state.STATUS_APPROVED and (
            approval.revision.approved_go_live_at is None
        )
        if published_now and page.live_revision_id != approval.revision_id:
            raise PermissionDenied("The version that would go live is not the one you approved.")
        return result

    @classmethod
    def get_description(cls):
        return (
            "A member of the chosen groups reviews the article clinically. Approving publishes the version "
            "they read and credits them as its medical reviewer."
        )

    class Meta:
        verbose_name = "clinical review task"
        verbose_name_plural = "clinical review tasks"
