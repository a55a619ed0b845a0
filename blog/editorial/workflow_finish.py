"""What happens when a page's workflow is approved: its latest revision is published.

Wagtail's own finish action publishes as the approving user and checks that user's publish permission, which
nobody but administrators holds in a blog (blog.editorial.publishing). Approval in the workflow is the
permission here, so the check is skipped. Named by WAGTAIL_FINISH_WORKFLOW_ACTION, which Wagtail imports
while its models load: this module imports nothing.
"""


def publish_approved_revision(workflow_state, user=None):
    workflow_state.content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)
