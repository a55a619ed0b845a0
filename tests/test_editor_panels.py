"""The article editor puts categories and tags on the Content tab, next to the body."""

import re

from tests.admin_forms import edit_url
from tests.factories import ArticlePageFactory


def panels_by_tab(html):
    """Each tab's top-level panels, in the order the editor shows them."""
    tabs = {}
    for tab, panel in re.findall(r'id="panel-child-(content|promote)-([a-z_]+)-section"', html):
        tabs.setdefault(tab, []).append(panel)
    return tabs


def test_categories_and_tags_are_on_the_content_tab_right_after_the_body(admin_client, blog_index):
    article = ArticlePageFactory(parent=blog_index)

    html = admin_client.get(edit_url(article)).content.decode()

    tabs = panels_by_tab(html)
    assert tabs["content"][tabs["content"].index("body") + 1] == "categories_and_tags"
    assert "categories_and_tags" not in tabs["promote"]
    assert 'name="categories"' in html and 'name="tags"' in html
