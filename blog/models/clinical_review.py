"""The clinical review step of the publishing workflow: a clinician approves, and the article records it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from wagtail.models import AbstractGroupApprovalTask

from .snippets import Person

APPROVE = "approve"


def approval_refusal(article, workflow_state, user):
    """Why ``user`` may not approve this article, or None.

    Nobody approves their own work: not the person who submitted it for review, and not the person
    credited as its author. Another clinician must read it first.
    """
    if workflow_state is not None and workflow_state.requested_by_id == user.pk:
        return "You submitted this article for review, so another clinical reviewer must approve it."
    author_id = getattr(article, "author_id", None)
    if author_id and Person.objects.filter(pk=author_id, user=user).exists():
        return "You are this article’s author, so another clinical reviewer must approve it."
    return None


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """Approval by the clinical reviewers' group that stamps the reviewer and date on the approved version.

    Wagtail publishes the latest revision when the workflow finishes, so the reviewer and date are written
    into that revision just before approving: the published article carries them, with no extra revision.
    """

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if not any(name == APPROVE for name, _, _ in actions):
            return actions
        article = getattr(obj, "specific_deferred", obj)
        if approval_refusal(article, getattr(obj, "current_workflow_state", None), user):
            actions = [action for action in actions if action[0] != APPROVE]
        return actions

    def get_task_states_user_can_moderate(self, user, **kwargs):
        # "Awaiting your review" on the dashboard leaves out what the reviewer submitted themselves.
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == APPROVE:
            self.record_review(task_state, user)
        return super().on_action(task_state, user, action_name, **kwargs)

    def record_review(self, task_state, user):
        workflow_state = task_state.workflow_state
        revision = workflow_state.content_object.get_latest_revision()
        article = revision.as_object()
        refusal = approval_refusal(article, workflow_state, user)
        if refusal:
            raise PermissionDenied(refusal)
        if not hasattr(article, "medical_reviewer"):
            return
        if article.author_id is None:
            raise PermissionDenied("Add the article’s author in the editor before approving it.")
        article.medical_reviewer = Person.objects.for_user(user)
        article.last_reviewed = timezone.localdate()
        revision.content = article.serializable_data()
        revision.save(update_fields=["content"])

    @classmethod
    def get_description(cls):
        return (
            "A member of the chosen groups reviews the article clinically. Approving publishes it and "
            "records the reviewer and today’s date on the article."
        )

    class Meta:
        verbose_name = "clinical review task"
        verbose_name_plural = "clinical review tasks"
