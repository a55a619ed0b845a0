"""Panels on the admin dashboard."""

from wagtail.admin.ui.components import Component

from blog.editorial.review_due import articles_due_for_review, review_interval_days

SHOWN_ON_DASHBOARD = 20


class ArticlesDueForReviewPanel(Component):
    """Live articles whose clinical review is missing or older than the review interval, oldest first."""

    name = "articles_due_for_review"
    template_name = "blog/admin/articles_due_for_review.html"
    # After Wagtail's "Awaiting your review" (220): reviews already requested come first.
    order = 230

    def get_context_data(self, parent_context):
        due = articles_due_for_review()
        shown = list(due[:SHOWN_ON_DASHBOARD])
        total = due.count()
        return {
            "articles": [(article, article.clinical_approval) for article in shown],
            "total": total,
            "more": total - len(shown),
            "interval_days": review_interval_days(),
        }
