"""Text in another language carries its own ``lang`` (and ``dir="rtl"`` for right-to-left scripts), so
screen readers read it with that language's voice: WCAG 3.1.2, Language of Parts."""

import pytest
from bs4 import BeautifulSoup

from django.core.exceptions import ValidationError

from wagtail.rich_text import RichText

from blog.editorial.readability import body_text
from blog.language_blocks import ForeignLanguageTextBlock
from blog.models import ArticlePage
from tests.factories import ArticlePageFactory, ContentPageFactory, foreign_language_text, paragraph

pytestmark = pytest.mark.django_db

ENGLISH = (
    "ATTENTION: If you speak another language, language assistance services, free of charge, are available."
)
TAGLINES = {
    "es": "ATENCIÓN: si habla español, tiene a su disposición servicios gratuitos de asistencia lingüística.",
    "hmn": "LUS CEEV: Yog tias koj hais lus Hmoob, cov kev pab txog lus, muaj kev pab dawb rau koj.",
    "zh-Hant": "注意：如果您使用繁體中文，您可以免費獲得語言援助服務。",
    "ar": "ملحوظة: إذا كنت تتحدث العربية، فإن خدمات المساعدة اللغوية تتوافر لك بالمجان.",
    "fa": "توجه: اگر به زبان فارسی گفتگو می کنید، تسهیلات زبانی بصورت رایگان برای شما فراهم می باشد.",
}
RIGHT_TO_LEFT = {"ar", "fa"}


def nearest_language(soup, text):
    """The element that sets the language ``text`` is read in: its closest ancestor with a lang."""
    return soup.find(string=text).find_parent(attrs={"lang": True})


def test_notice_page_marks_each_tagline_with_its_language_and_direction(client, home_page):
    page = ContentPageFactory(
        parent=home_page,
        title="Language assistance",
        body=[
            paragraph(f"<p>{ENGLISH}</p>"),
            *(foreign_language_text(code, f"<p>{text}</p>") for code, text in TAGLINES.items()),
        ],
    )

    response = client.get(page.url)

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    for code, text in TAGLINES.items():
        element = nearest_language(soup, text)
        assert element["lang"] == code, text
        assert element.get("dir") == ("rtl" if code in RIGHT_TO_LEFT else None), text
    english = nearest_language(soup, ENGLISH)
    assert (english.name, english["lang"]) == ("html", "en")


def test_bold_and_links_in_the_text_stay_inside_its_language(client, home_page):
    html = '<p><b>Español:</b> llame al <a href="tel:+19528412345">952-841-2345</a>.</p>'
    page = ContentPageFactory(parent=home_page, body=[foreign_language_text("es", html)])

    soup = BeautifulSoup(client.get(page.url).content, "html.parser")

    spanish = soup.select_one('.article__body [lang="es"]')
    assert spanish.select_one("b").get_text() == "Español:"
    assert spanish.select_one("a")["href"] == "tel:+19528412345"


@pytest.mark.parametrize(
    "code",
    [
        "xx",  # no such language
        "en",  # the page's own language: nothing to mark
        "zh",  # Chinese must say which script it is written in
        "es-419'><script>",
        "",
    ],
)
def test_block_refuses_a_language_it_does_not_offer(code):
    block = ForeignLanguageTextBlock()

    with pytest.raises(ValidationError):
        block.clean({"language": code, "text": RichText("<p>Hola.</p>")})


def test_block_keeps_an_offered_language_and_knows_which_way_it_runs():
    block = ForeignLanguageTextBlock()

    arabic = block.clean({"language": "ar", "text": RichText(f"<p>{TAGLINES['ar']}</p>")})
    hmong = block.clean({"language": "hmn", "text": RichText(f"<p>{TAGLINES['hmn']}</p>")})

    assert arabic["language"] == "ar" and arabic.is_right_to_left
    assert hmong["language"] == "hmn" and not hmong.is_right_to_left


def test_article_keeps_the_language_of_a_quoted_phrase_in_its_kept_body(client, blog_index, settings):
    settings.SHARED_LOOKUP_CACHE = True
    settings.PAGE_CACHE_SECONDS = 0
    article = ArticlePageFactory(
        parent=blog_index, body=[paragraph(), foreign_language_text("es", f"<p>{TAGLINES['es']}</p>")]
    )
    article.save_revision().publish()

    first, second = (BeautifulSoup(client.get(article.url).content, "html.parser") for _ in range(2))

    for soup in (first, second):  # rendered, then from the body kept for the live revision
        assert nearest_language(soup, TAGLINES["es"])["lang"] == "es"


def test_reading_grade_leaves_out_text_in_another_language():
    english = "<p>Ice helps in the first two days. Heat helps stiff muscles later.</p>"
    with_spanish = ArticlePage(
        body=[paragraph(english), foreign_language_text("es", f"<p>{TAGLINES['es']}</p>")]
    )

    assert body_text(with_spanish) == body_text(ArticlePage(body=[paragraph(english)]))
