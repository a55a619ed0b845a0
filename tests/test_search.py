"""Search at /search/?q=: finds live public articles by any of their words, and never fails on odd input."""

from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from wagtail.models import PageViewRestriction

from blog.search.views import SEARCH_QUERY_MAX_LENGTH, clean_search_query
from tests.factories import (
    ArticlePageFactory,
    CategoryFactory,
    import_seed_article,
    paragraph,
    publish_changes,
)

SEED_TITLE = "How Botox Can Help In Pain Management"

# Raw query strings, sent as they are: percent-escapes included.
ODD_QUERIES = {
    "two thousand characters": "pain+" * 400,
    "one long word": "a" * 2000,
    "right to left": quote("ألم الظهر المزمن"),
    "hebrew": quote("כאב גב"),
    "emoji only": quote("😀🔥💉"),
    "combining marks": quote("Bo\u0301to\u0308x"),
    "nul": "pain%00botox",
    "lone surrogate bytes": "%ED%A0%80",
    "invalid utf-8": "%FF%FE",
    "double quote": quote('"'),
    "unbalanced quote": quote('botox "pain'),
    "star": quote("*"),
    "prefix star": quote("bot*"),
    "bare AND": "AND",
    "AND OR NOT": quote("AND OR NOT"),
    "minus": quote("-"),
    "negated word": quote("-botox"),
    "parenthesis": quote("("),
    "fts5 NEAR": quote("NEAR(botox pain"),
    "column filter": quote("title:botox"),
    "caret": quote("^botox"),
    "tsquery operators": quote("botox & | ! <-> :*"),
    "sql injection": quote("'; DROP TABLE wagtailcore_page; --"),
    "backslashes": quote("\\\\ \\"),
    "only spaces": "+++",
    "control characters": "%01%02%1B%7F",
}


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def result_titles(response):
    return [h2.get_text(strip=True) for h2 in soup_of(response).select(".article-list h2")]


def search(client, query, **params):
    return client.get("/search/", {"q": query, **params})


@pytest.fixture
def seed_article(blog_index):
    return import_seed_article()


def test_seed_article_is_found_by_a_word_only_in_its_body(seed_article, client):
    assert "acetylcholine" not in f"{seed_article.title} {seed_article.summary}".lower()

    assert result_titles(search(client, "acetylcholine")) == [SEED_TITLE]


def test_seed_article_is_found_by_its_category_name_straight_after_import(seed_article, client):
    assert result_titles(search(client, "Uncategorized")) == [SEED_TITLE]


def test_category_and_tags_published_later_are_searchable_at_once(seed_article, client):
    # Wagtail indexes a page before saving its categories and tags; blog.search.index re-indexes after.
    spasms = CategoryFactory(name="Spasticity", slug="spasticity")

    publish_changes(seed_article, categories=[spasms], tags=["neurotoxin"])

    assert result_titles(search(client, "spasticity")) == [SEED_TITLE]
    assert result_titles(search(client, "neurotoxin")) == [SEED_TITLE]
    assert result_titles(search(client, "Uncategorized")) == []


def test_renamed_category_is_searchable_by_its_new_name(seed_article, client):
    category = CategoryFactory(name="Injections", slug="injections")
    publish_changes(seed_article, categories=[category])

    category.name = "Therapeutic injections"
    category.save()

    assert result_titles(search(client, "therapeutic")) == [SEED_TITLE]


def test_search_covers_title_and_summary(blog_index, client):
    ArticlePageFactory(parent=blog_index, title="Acupuncture explained", summary="Thin needles, calm nerves.")

    assert result_titles(search(client, "acupuncture")) == ["Acupuncture explained"]
    assert result_titles(search(client, "needles")) == ["Acupuncture explained"]


def test_full_width_letters_find_the_article(seed_article, client):
    assert result_titles(search(client, "ａｃｅｔｙｌｃｈｏｌｉｎｅ")) == [SEED_TITLE]


def test_search_leaves_out_drafts_and_private_articles(blog_index, client):
    body = [paragraph("<p>Radiofrequency ablation calms a painful nerve.</p>")]
    ArticlePageFactory(parent=blog_index, title="Public", body=body)
    ArticlePageFactory(parent=blog_index, title="Draft", body=body).unpublish()
    private = ArticlePageFactory(parent=blog_index, title="Private", body=body)
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    assert result_titles(search(client, "radiofrequency")) == ["Public"]


def test_results_come_ten_a_page_and_pages_keep_the_query(blog_index, client):
    for n in range(12):
        ArticlePageFactory(parent=blog_index, title=f"Sciatica note {n}")

    first = search(client, "sciatica")
    second = search(client, "sciatica", page="2")

    assert len(result_titles(first)) == 10
    assert len(result_titles(second)) == 2
    assert set(result_titles(first)).isdisjoint(result_titles(second))
    assert soup_of(first).select_one("a[rel=next]")["href"] == "?q=sciatica&page=2"
    assert soup_of(second).select_one("a[rel=prev]")["href"] == "?q=sciatica"
    assert "12 articles found." in soup_of(first).main.get_text()


def test_empty_query_shows_the_search_form(blog_index, client):
    for response in [client.get("/search/"), search(client, ""), search(client, "   ")]:
        soup = soup_of(response)
        assert response.status_code == 200
        assert soup.select_one("main form[role=search] input[name=q]") is not None
        assert soup.select(".article-list") == []
        assert "Type a word or two" in soup.main.get_text()


def test_no_match_says_so(seed_article, client):
    response = search(client, "zzyzx")

    assert response.status_code == 200
    assert "0 articles found." in soup_of(response).main.get_text()
    assert "No articles matched your search." in soup_of(response).main.get_text()


@pytest.mark.parametrize("raw_query", ODD_QUERIES.values(), ids=ODD_QUERIES.keys())
def test_odd_query_gets_a_normal_page(seed_article, client, raw_query):
    response = client.get(f"/search/?q={raw_query}")

    assert response.status_code == 200
    soup = soup_of(response)
    assert len(soup.find_all("h1")) == 1
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"


def test_long_query_is_cut_and_still_searches(seed_article, client):
    response = client.get("/search/?q=" + "acetylcholine+" * 150)

    assert len(response.context["search_query"]) <= SEARCH_QUERY_MAX_LENGTH
    assert result_titles(response) == [SEED_TITLE]


def test_search_pages_are_noindex_and_listings_are_not(blog_index, client):
    assert soup_of(client.get("/search/")).select_one('meta[name="robots"]')["content"] == "noindex"
    assert soup_of(search(client, "pain")).select_one('meta[name="robots"]')["content"] == "noindex"
    assert soup_of(client.get("/blog/")).select_one('meta[name="robots"]') is None


def test_every_page_links_to_search_from_its_header_menu(seed_article, client):
    for url in ["/", "/blog/", seed_article.url, "/no-such-page/"]:
        menu = soup_of(client.get(url)).select_one("header nav .site-nav__list--inline")
        assert [a["href"] for a in menu.select("a") if a.get_text() == "Search"] == ["/search/"], url


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ('botox "pain', "botox pain"),
        ("NEAR(botox*", "NEAR botox"),
        ("back-pain", "back pain"),
        ("ｂｏｔｏｘ", "botox"),
        ("e\u0301", "\u00e9"),  # composed, as text is stored
        ("ألم😀الظهر", "ألم الظهر"),
        ("pain\x00botox", "pain botox"),
        ("\ud800", ""),
        ("\ufffd", ""),
    ],
)
def test_query_keeps_only_words(raw, cleaned):
    assert clean_search_query(raw) == cleaned


def test_question_in_plain_words_finds_the_article(seed_article, client):
    assert result_titles(search(client, "can botox help my stiff neck")) == [SEED_TITLE]


def test_best_match_comes_first(seed_article, blog_index, client):
    ArticlePageFactory(parent=blog_index, title="Gentle stretching", summary="Stretching for a stiff neck.")

    assert result_titles(search(client, "botox acetylcholine neck"))[0] == SEED_TITLE


def test_search_page_has_one_search_box_labelled_and_holding_the_query(blog_index, client):
    forms = soup_of(search(client, "back pain")).select("form[role=search]")

    assert len(forms) == 1
    field = forms[0].select_one("input[name=q]")
    assert field["value"] == "back pain"
    label = forms[0].find("label", attrs={"for": field["id"]})
    assert label.get_text() == "Search articles and clinic pages" and "visually-hidden" not in label["class"]
