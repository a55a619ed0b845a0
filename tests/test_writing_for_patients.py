"""Writing for patients: reading grade in the editor, descriptive link text, the accessibility checker."""

from unittest import mock

import pytest
from bs4 import BeautifulSoup

from blog.editorial.readability import TARGET_GRADE, body_text, reading_grade
from blog.models import ArticlePage
from tests.admin_forms import add_url, article_form, edit_url
from tests.factories import ArticlePageFactory, PersonFactory, paragraph

pytestmark = pytest.mark.django_db

PLAIN = "<p>Ice helps in the first two days. Heat helps stiff muscles later. Stop if it hurts more.</p>"
DENSE = (
    "<p>Intramuscular botulinum neurotoxin administration demonstrates considerable therapeutic efficacy "
    "regarding refractory musculoskeletal nociceptive conditions, particularly cervical dystonia and "
    "chronic myofascial syndromes, according to contemporary systematic investigations.</p>"
)


def test_plain_language_meets_the_target_and_dense_prose_does_not():
    plain = reading_grade(ArticlePage(body=[paragraph(PLAIN)]))
    dense = reading_grade(ArticlePage(body=[paragraph(DENSE)]))

    assert plain.grade <= TARGET_GRADE and plain.meets_target
    assert dense.grade > TARGET_GRADE and not dense.meets_target
    assert plain.words == 17


def test_grade_counts_body_prose_but_not_references():
    reference = {
        "title": "Pharmacological neuromodulation of refractory musculoskeletal nociception",
        "source": "International Journal of Anaesthesiology",
        "year": 2021,
        "url": "",
    }
    without = ArticlePage(body=[paragraph(PLAIN)])
    with_references = ArticlePage(body=[paragraph(PLAIN)], references=[("reference", reference)])

    assert reading_grade(with_references) == reading_grade(without)
    assert "Pharmacological" not in body_text(with_references)


def test_headings_and_list_items_count_as_sentences():
    article = ArticlePage(
        body=[paragraph("<h2>What to expect</h2><ul><li>A small needle</li><li>Ice</li></ul>")]
    )

    assert body_text(article) == "What to expect. A small needle. Ice."


def test_grade_is_computed_offline_without_downloading_dictionaries():
    with mock.patch("nltk.download", side_effect=AssertionError("tried to download")) as download:
        grade = reading_grade(ArticlePage(body=[paragraph(DENSE)]))

    assert grade.grade > TARGET_GRADE
    download.assert_not_called()


def test_editor_shows_the_reading_grade_and_target(admin_client, blog_index):
    article = ArticlePageFactory(parent=blog_index, body=[paragraph(DENSE)])
    expected = reading_grade(article)

    page = BeautifulSoup(admin_client.get(edit_url(article)).content, "html.parser")

    panel = page.select_one("[data-reading-grade]")
    assert panel["data-reading-grade"] == str(expected.grade)
    text = " ".join(panel.get_text().split())
    assert f"Reading grade {expected.grade}" in text
    assert "Above the clinic’s target of grade 8 or below" in text


@pytest.mark.parametrize("link_text", ["click here", "Read more…", "here", "More", "link", "CLICK HERE!"])
def test_vague_link_text_is_an_error_on_the_paragraph(admin_client, review_blog_index, link_text):
    body = f'<p>Our guide explains the procedure, <a href="https://example.org/guide">{link_text}</a>.</p>'

    response = admin_client.post(add_url(review_blog_index), article_form(body_html=body))

    assert response.status_code == 200
    body_errors = response.context["form"].errors["body"].as_data()[0]
    [paragraph_error] = body_errors.block_errors.values()
    assert "doesn’t say where the link goes" in paragraph_error.messages[0]
    assert not ArticlePage.objects.exists()


def test_descriptive_link_text_is_accepted(admin_client, review_blog_index):
    body = '<p>Read <a href="https://example.org/guide">our guide to nerve blocks</a> before you come in.</p>'

    response = admin_client.post(add_url(review_blog_index), article_form(body_html=body))

    assert response.status_code == 302
    assert ArticlePage.objects.exists()


def test_accessibility_checker_stays_in_the_userbar(admin_client, blog_index):
    article = ArticlePageFactory(parent=blog_index, author=PersonFactory())

    page = admin_client.get(article.url).content.decode()

    assert 'id="checker-trigger"' in page
