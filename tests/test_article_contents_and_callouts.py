"""The article page's contents list (three or more h2 headings, each linked) and the urgent-help callout."""

from bs4 import BeautifulSoup

from wagtail.rich_text import RichText

from tests.factories import ArticlePageFactory, paragraph


def article_with_headings(blog_index, *headings, **kwargs):
    body = [
        paragraph(f"<h2>{heading}</h2><p>Some words about {heading.lower()}.</p>") for heading in headings
    ]
    return ArticlePageFactory(parent=blog_index, body=body, **kwargs)


def contents_links(soup):
    nav = soup.find("nav", attrs={"aria-labelledby": "contents-heading"})
    return [] if nav is None else [(link["href"], link.get_text()) for link in nav.find_all("a")]


def test_three_headings_get_a_contents_list_whose_links_reach_each_heading(client, blog_index):
    article = article_with_headings(blog_index, "What sciatica is", "Easing it at home", "When to call us")

    soup = BeautifulSoup(client.get(article.url).content, "html.parser")

    links = contents_links(soup)
    assert [text for _, text in links] == ["What sciatica is", "Easing it at home", "When to call us"]
    body_headings = soup.select(".article__body h2")
    assert [f"#{heading['id']}" for heading in body_headings] == [href for href, _ in links]
    assert soup.find(id="contents-heading").get_text() == "On this page"


def test_two_headings_get_no_contents_list(client, blog_index):
    article = article_with_headings(blog_index, "What sciatica is", "When to call us")

    soup = BeautifulSoup(client.get(article.url).content, "html.parser")

    assert contents_links(soup) == []
    assert soup.find(id="contents-heading") is None


def test_headings_with_the_same_words_get_different_ids_and_never_take_the_pages_own(client, blog_index):
    article = ArticlePageFactory(
        parent=blog_index,
        body=[
            paragraph("<h2>Main</h2><p>One.</p><h2>Symptoms</h2><p>Two.</p>"),
            paragraph("<h2>Symptoms</h2><p>Three.</p><h2></h2><h2><b>Related</b> heading</h2>"),
        ],
    )

    soup = BeautifulSoup(client.get(article.url).content, "html.parser")

    ids = [element["id"] for element in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    expected = ["main-2", "symptoms", "symptoms-2", "related-heading-2"]
    assert [href for href, _ in contents_links(soup)] == [f"#{anchor}" for anchor in expected]
    assert [heading.get("id") for heading in soup.select(".article__body h2")] == [
        "main-2",
        "symptoms",
        "symptoms-2",
        None,
        "related-heading-2",
    ]


def callout(style, heading="", text="<p>Call 911 if your leg goes numb or you lose bladder control.</p>"):
    return ("callout", {"style": style, "heading": heading, "text": RichText(text)})


def test_urgent_callout_says_it_is_urgent_in_words_with_a_default_heading(client, blog_index):
    article = ArticlePageFactory(parent=blog_index, body=[paragraph(), callout("urgent")])

    soup = BeautifulSoup(client.get(article.url).content, "html.parser")

    box = soup.select_one(".article__body aside.callout--urgent")
    assert box["aria-label"] == "Urgent: Get help now"
    assert box.select_one(".callout__heading").get_text(" ", strip=True) == "Urgent Get help now"
    assert "Call 911 if your leg goes numb" in box.get_text()


def test_urgent_callout_keeps_the_editors_heading_and_a_note_stays_plain(client, blog_index):
    article = ArticlePageFactory(
        parent=blog_index,
        body=[callout("urgent", heading="Call 911 now if"), callout("note", heading="Good to know")],
    )

    soup = BeautifulSoup(client.get(article.url).content, "html.parser")

    urgent, note = soup.select(".article__body aside.callout")
    assert urgent["aria-label"] == "Urgent: Call 911 now if"
    assert "callout--urgent" not in note["class"] and note["aria-label"] == "Good to know"
    assert "Urgent" not in note.get_text()


def test_a_callout_saved_before_styles_existed_renders_as_a_note(client, blog_index):
    article = ArticlePageFactory(parent=blog_index, body=[paragraph()])
    raw = list(article.body.raw_data) + [
        {"type": "callout", "value": {"heading": "Old", "text": "<p>Older callout.</p>"}, "id": "old-callout"}
    ]
    article.body = raw
    article.save()

    soup = BeautifulSoup(client.get(article.url).content, "html.parser")

    assert soup.select_one("aside.callout")["aria-label"] == "Old"
    assert soup.select_one("aside.callout--urgent") is None
