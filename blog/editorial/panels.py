"""Editor panels: what the article editor shows beside the fields."""

from wagtail.admin.panels import Panel

from blog.editorial.readability import TARGET_GRADE, reading_grade


class ReadingGradePanel(Panel):
    """The Flesch-Kincaid grade of the body as last saved, with the clinic's target.

    It reads the version being edited, so it updates each time a draft is saved.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "blog/panels/reading_grade.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["reading"] = reading_grade(self.instance) if self.instance.body else None
            context["target_grade"] = TARGET_GRADE
            return context


class ClinicalReviewPanel(Panel):
    """Who clinically approved the live version and when, read-only: the credit is earned in review."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "blog/panels/clinical_review.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            approval = page.clinical_approval if page.pk else None
            context["approval"] = approval
            context["edited_since"] = bool(approval) and page.latest_revision_id != approval.revision_id
            context["in_review"] = bool(page.pk) and page.workflow_in_progress
            return context
