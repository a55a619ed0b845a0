"""The article editor's form: what an article needs before it can be submitted for review or published."""

from wagtail.admin.forms import WagtailAdminPageForm

from blog.models.snippets import Category


class ArticlePageForm(WagtailAdminPageForm):
    """The article editor's form: drafts save freely; review and publishing need an author.

    Wagtail relaxes required fields only when saving a draft, so a field made required here is needed to
    submit for review, approve or publish. The medical reviewer is not a field: the credit comes only from
    an approval in Clinical review (see ClinicalApproval).
    """

    REQUIRED_FROM_SUBMISSION = {
        "author": "Choose who wrote this article: it can’t be submitted for review or published without one.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.REQUIRED_FROM_SUBMISSION.items():
            if name in self.fields:
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = message

    def clean(self):
        cleaned_data = super().clean()
        # Every article sits in at least one category; an editor who picks none means "Uncategorized".
        if "categories" in self.fields and not cleaned_data.get("categories"):
            cleaned_data["categories"] = Category.objects.filter(pk=Category.objects.uncategorized().pk)
        return cleaned_data
