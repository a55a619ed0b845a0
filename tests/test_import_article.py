import shutil
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from django.core.management import CommandError, call_command

from blog.importers.plain_text import TITLE_MAX_LENGTH
from blog.models import ArticlePage, PhoneContact

SEED = (
    Path(__file__).resolve().parents[1]
    / "blog"
    / "demo_content"
    / "how-botox-can-help-in-pain-management.txt"
)


def run_import(*paths, **options):
    out = StringIO()
    call_command("import_article", *map(str, paths), stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


@pytest.fixture
def seed_article(blog_index, client):
    run_import(SEED)
    article = ArticlePage.objects.get()
    return article, BeautifulSoup(client.get(article.url).content, "html.parser")


def test_seed_article_keeps_its_title(seed_article):
    article, soup = seed_article
    assert article.title == "How Botox Can Help In Pain Management"
    assert soup.h1.get_text() == "How Botox Can Help In Pain Management"


def test_seed_conditions_are_one_bulleted_list(seed_article):
    _, soup = seed_article
    lists = soup.select(".article__body ul")
    assert len(lists) == 1
    assert [li.get_text() for li in lists[0].find_all("li")] == [
        "Muscle pain arising from chronic muscle spasm",
        "Neck pain in cervical dystonia",
        "Migraine headaches",
        "Nerve disorders resulting in blepharospasm",
        "Myofascial pain",
    ]


def test_seed_call_to_action_is_a_click_to_call_link(seed_article):
    _, soup = seed_article
    cta = soup.select_one(".article__body .phone-cta")
    assert cta.a["href"] == "tel:+19528412345"
    assert " ".join(cta.get_text().split()) == (
        "If you experience any of the symptoms listed above and are curious if Botox could help you, "
        "please call (952) 841-2345 to talk to a member of the Twin Cities Pain Clinic team."
    )


def test_seed_paragraphs_are_kept_whole(seed_article):
    _, soup = seed_article
    paragraphs = [p.get_text() for p in soup.select(".article__body > p:not(.phone-cta)")]
    assert len(paragraphs) == 6
    assert paragraphs[1].endswith(
        "No signal from the neurotransmitters, no contraction, no tension – no pain."
    )


def test_seed_is_posted_in_uncategorized(seed_article):
    article, soup = seed_article
    assert [c.name for c in article.categories.all()] == ["Uncategorized"]
    assert soup.select_one(".posted-in").get_text(" ", strip=True).startswith("Posted in Uncategorized")


def test_reimport_updates_the_same_page(blog_index):
    first = run_import(SEED)
    second = run_import(SEED)
    assert "created" in first and "updated" in second
    assert ArticlePage.objects.count() == 1
    assert PhoneContact.objects.count() == 1


def test_us_number_formats_share_one_phone_contact(blog_index, tmp_path):
    formats = ["952-841-2345", "(952) 841-2345", "952.841.2345", "+1 952 841 2345"]
    paths = []
    for index, number in enumerate(formats):
        path = tmp_path / f"article-{index}.txt"
        path.write_text(f"Article {index}\n\nSome text.\n\nPlease call {number} to book.\n", encoding="utf-8")
        paths.append(path)
    run_import(*paths)
    assert ArticlePage.objects.count() == 4
    contact = PhoneContact.objects.get()
    assert contact.phone_number.as_e164 == "+19528412345"
    for article in ArticlePage.objects.all():
        blocks = [block for block in article.body if block.block_type == "phone_contact"]
        assert [block.value["contact"].pk for block in blocks] == [contact.pk]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\n  \n", "is empty"),
        (b"\nNo title here\n\nBody.\n", "has no title"),
        (b"\xff\xfeTitle\n\nBody\n", "is not UTF-8"),
        (b"Only a title\n", "no body text"),
        (b"A" * 300 + b"\n\nBody.\n", "bad.txt: has a title of 300 characters; the limit is 255"),
        ("\u2013 ??? \u2013\n\nBody.\n".encode(), "bad.txt: has a title with no letter or digit"),
        (b"Title\n\nBody with a \x00 in it.\n", "bad.txt: has a NUL byte on line 3"),
        (b"Ti\x00tle\n\nBody.\n", "has a NUL byte on line 1"),
    ],
)
def test_bad_file_is_one_clear_error_and_writes_nothing(blog_index, tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run_import(path)
    assert ArticlePage.objects.count() == 0


def test_title_limit_is_the_page_title_field_limit():
    assert ArticlePage._meta.get_field("title").max_length == TITLE_MAX_LENGTH


def test_each_option_goes_on_past_every_bad_file_and_fails_at_the_end(blog_index, tmp_path):
    long_title = tmp_path / "long-title.txt"
    long_title.write_text("A" * 300 + "\n\nBody.\n", encoding="utf-8")
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"Title\n\nBody \x00.\n")
    good = tmp_path / "good.txt"
    good.write_text("Walking helps\n\nA short walk each day eases back pain.\n", encoding="utf-8")
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="2 of 4 files could not be imported"):
        call_command(
            "import_article",
            str(long_title),
            str(SEED),
            str(nul),
            str(good),
            each=True,
            stdout=out,
            stderr=err,
        )

    assert sorted(ArticlePage.objects.values_list("title", flat=True)) == [
        "How Botox Can Help In Pain Management",
        "Walking helps",
    ]
    assert err.getvalue().splitlines() == [
        f"skipped {long_title}: has a title of 300 characters; the limit is 255",
        f"skipped {nul}: has a NUL byte on line 3, which cannot be stored",
    ]
    assert out.getvalue().splitlines()[-1] == "2 created, 0 updated, 2 failed."


def test_a_file_the_database_refuses_is_one_line_and_each_goes_on(blog_index, tmp_path, monkeypatch):
    """What only saving reveals (a constraint, a value the database rejects) is reported like a bad file."""
    from django.db import DataError

    from blog.importers.writer import ArticleWriter

    write = ArticleWriter.write

    def refuse_walking(self, data):
        if data.title == "Walking helps":
            raise DataError("value too long for type character varying(255)\nCONTEXT: details")
        return write(self, data)

    monkeypatch.setattr(ArticleWriter, "write", refuse_walking)
    refused = tmp_path / "walking.txt"
    refused.write_text("Walking helps\n\nA short walk each day eases back pain.\n", encoding="utf-8")

    with pytest.raises(CommandError, match=f"^{refused}: cannot be saved \\(value too long .*\\). Nothing"):
        run_import(SEED, refused)
    assert ArticlePage.objects.count() == 0

    err = StringIO()
    with pytest.raises(CommandError, match="1 of 2 files"):
        call_command("import_article", str(refused), str(SEED), each=True, stdout=StringIO(), stderr=err)
    assert (
        err.getvalue().strip()
        == f"skipped {refused}: cannot be saved (value too long for type character varying(255))"
    )
    assert list(ArticlePage.objects.values_list("title", flat=True)) == [
        "How Botox Can Help In Pain Management"
    ]


def test_missing_file_is_reported_and_nothing_is_written(blog_index, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run_import(SEED, tmp_path / "missing.txt")
    assert ArticlePage.objects.count() == 0


def test_each_option_imports_good_files_and_reports_bad_ones(blog_index, tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    with pytest.raises(CommandError, match="1 of 2 files"):
        run_import(SEED, bad, each=True)
    assert ArticlePage.objects.count() == 1


def test_command_line_failure_exits_non_zero_with_one_line(blog_index, tmp_path, run_manage_py):

    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = run_manage_py("import_article", str(bad))
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "is empty" in result.stderr


def test_seed_file_in_project_matches_shared_seed():
    shared = Path(__file__).resolve().parents[2] / "shared" / "seeds" / SEED.name
    if not shared.exists():
        pytest.skip("shared/ seeds are not beside this checkout")
    assert shutil.os.path.getsize(shared) == SEED.stat().st_size
    assert shared.read_bytes() == SEED.read_bytes()
