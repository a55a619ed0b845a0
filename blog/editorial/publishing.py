"""Who may do what in a blog index and its articles: a subtree apart, where articles go live by review only.

Wagtail's page permissions flow down the tree and cannot exclude a subtree, so the site managers' permissions
on the home page would otherwise reach the blog index below it. Inside a blog, therefore, only permissions
granted on a blog index (or below one) count, and none of them includes publishing: for everyone but
administrators (superusers) the Clinical review workflow is the only way an article goes live. Its approval
publishes without the publish permission (blog.editorial.workflow_finish).

Without "publish", Wagtail's own checks refuse every other path in one place: the editor's Publish button and
go-live scheduling (``can_publish``), creating and publishing at once (``can_publish_subpage``), bulk publish,
copy with "publish copies" and aliases (``can_publish_subpage`` at the destination), revert-and-publish (the
editor again), unpublishing, cancelling a schedule, privacy settings, reordering, and moving or deleting a
live article.
"""

from wagtail.models import PagePermissionTester


class BlogPagePermissionTester(PagePermissionTester):
    def __init__(self, user, page, blog_index_path):
        super().__init__(user, page)
        if user.is_active and not user.is_superuser:
            self.permissions = {
                # The action part of the codename ("add" for "add_page"), as Wagtail's tester keeps them.
                group_permission.permission.codename.rsplit("_", maxsplit=1)[0]
                for group_permission in self.permission_policy.get_cached_permissions_for_user(user)
                if page.path.startswith(group_permission.page.path)
                and group_permission.page.path.startswith(blog_index_path)
            } - {"publish"}
