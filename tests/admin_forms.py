"""POST data for Wagtail's article editor, as the admin's browser would send it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def article_form(
    *,
    title="Heat or ice for back pain?",
    slug="heat-or-ice-for-back-pain",
    body_html="<p>Ice helps in the first two days. Heat helps stiff muscles later on.</p>",
    author=None,
    medical_reviewer=None,
    last_reviewed="",
    references=(),
    categories=(),
    action=None,
    **fields,
):
    """Form data for the article editor; ``action`` is the button pressed, e.g. "action-publish"."""
    data = {
        "title": title,
        "slug": slug,
        "summary": "When to use heat and when to use ice for a sore back.",
        "body": streamfield([("paragraph", rich_text(body_html))]),
        "references": streamfield([("reference", reference) for reference in references]),
        "author": author.pk if author else "",
        "medical_reviewer": medical_reviewer.pk if medical_reviewer else "",
        "last_reviewed": last_reviewed,
        "tags": "",
        "comments": inline_formset([]),
        **fields,
    }
    if action:
        data[action] = "1"
    # A multiple-choice field posts one value per choice, which nested_form_data would number instead.
    return {**nested_form_data(data), "categories": [category.pk for category in categories]}


def add_url(blog_index):
    return f"/admin/pages/add/blog/articlepage/{blog_index.pk}/"


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def list_block(values):
    """A ListBlock's form data: one item per value, in order."""
    items = {
        str(index): {"value": value, "deleted": "", "order": index} for index, value in enumerate(values)
    }
    return {"count": len(values), **items}


def home_page_form(home, *, intro_html="", sections=(), action=None):
    """Form data for the home page editor; ``sections`` are (block type, {field: value}) with lists of
    chosen objects for the list fields."""
    data = {
        "title": home.title,
        "slug": home.slug,
        "intro": rich_text(intro_html),
        "sections": streamfield(
            [
                (
                    block_type,
                    {
                        name: list_block([item.pk for item in value]) if isinstance(value, list) else value
                        for name, value in fields.items()
                    },
                )
                for block_type, fields in sections
            ]
        ),
        "comments": inline_formset([]),
    }
    if action:
        data[action] = "1"
    return nested_form_data(data)
