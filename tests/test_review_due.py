"""Keeping content current: articles due for clinical review, on the dashboard and from the command line."""

import csv
from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from bs4 import BeautifulSoup

from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone

from blog.editorial.dashboard import ArticlesDueForReviewPanel
from blog.editorial.review_due import articles_due_for_review
from tests.factories import ArticlePageFactory, PersonFactory, approve_and_publish, publish_changes

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.localdate() - timedelta(days=days)


def reviewed_article(blog_index, reviewer, days, **fields):
    """A live article its reviewer approved ``days`` ago, through the workflow's approval function."""
    article = ArticlePageFactory(parent=blog_index, author=PersonFactory(), **fields)
    approved_at = timezone.make_aware(datetime.combine(days_ago(days), time(12)))
    return approve_and_publish(article, reviewer, approved_at=approved_at)


@pytest.fixture
def reviewer():
    return PersonFactory(name="Maya Okafor", credentials="MD")


@pytest.fixture
def articles(blog_index, reviewer):
    return {
        "never": ArticlePageFactory(parent=blog_index, title="Never reviewed"),
        "overdue": reviewed_article(blog_index, reviewer, 400, title="Overdue"),
        "long overdue": reviewed_article(blog_index, reviewer, 900, title="Long overdue"),
        "current": reviewed_article(blog_index, reviewer, 10, title="Current"),
        "draft": ArticlePageFactory(parent=blog_index, title="Draft", live=False),
    }


def run_command(*args):
    out, err = StringIO(), StringIO()
    call_command("articles_due_for_review", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_due_articles_are_live_never_or_long_ago_reviewed_oldest_first(articles):
    assert [article.title for article in articles_due_for_review()] == [
        "Never reviewed",
        "Long overdue",
        "Overdue",
    ]


def test_a_direct_republish_after_the_review_counts_as_never_reviewed(articles):
    publish_changes(articles["current"], summary="Edited and published without a new review.")

    assert [article.title for article in articles_due_for_review()][:2] == ["Current", "Never reviewed"]


def test_a_review_on_the_cutoff_day_is_due(blog_index, reviewer, settings):
    reviewed_article(blog_index, reviewer, settings.CLINICAL_REVIEW_INTERVAL_DAYS, title="Due today")
    reviewed_article(blog_index, reviewer, settings.CLINICAL_REVIEW_INTERVAL_DAYS - 1, title="Due tomorrow")

    assert [article.title for article in articles_due_for_review()] == ["Due today"]


def test_review_interval_comes_from_settings(articles, settings):
    settings.CLINICAL_REVIEW_INTERVAL_DAYS = 5

    assert "Current" in [article.title for article in articles_due_for_review()]


def test_dashboard_panel_lists_due_articles_with_edit_links_and_reviewers(client, author_user, articles):
    client.force_login(author_user)

    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")

    panel = soup.select_one("#articles-due-for-review-section")
    assert panel.h2.get_text(strip=True) == "Articles due for clinical review"
    rows = [
        [" ".join(cell.get_text().split()) for cell in row.select("td")] for row in panel.select("tbody tr")
    ]
    assert rows == [
        ["Never reviewed", "Never", "None"],
        ["Long overdue", days_ago(900).isoformat(), "Maya Okafor, MD"],
        ["Overdue", days_ago(400).isoformat(), "Maya Okafor, MD"],
    ]
    assert panel.find("a", string="Overdue")["href"] == f"/admin/pages/{articles['overdue'].pk}/edit/"


@pytest.mark.parametrize("count", [3, 30])
def test_dashboard_panel_queries_do_not_grow_with_the_number_of_articles(
    blog_index, reviewer, django_assert_num_queries, count
):
    for number in range(count):
        reviewed_article(blog_index, reviewer, 400 + number)
    request = RequestFactory().get("/admin/")

    with django_assert_num_queries(2):
        html = ArticlesDueForReviewPanel().render_html({"request": request})

    assert html.count("/edit/") == min(count, 20)
    assert f"{count} in all" in html


def test_command_prints_the_same_list_with_a_summary(articles):
    out, _ = run_command()

    lines = out.splitlines()
    assert [line.split(" · ")[0].split(maxsplit=1)[1] for line in lines[:-1]] == [
        "Never reviewed",
        "Long overdue",
        "Overdue",
    ]
    assert lines[0].startswith("never")
    assert f"/admin/pages/{articles['never'].pk}/edit/" in lines[0]
    assert (
        lines[-1]
        == "3 live articles are due for clinical review (never reviewed, or not in the last 365 days)."
    )


def test_command_csv_has_a_header_and_one_row_per_article(articles, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://blog.clinic.example/"
    out, err = run_command("--format", "csv", "--days", "5")

    rows = list(csv.DictReader(StringIO(out)))
    assert [row["title"] for row in rows] == ["Never reviewed", "Long overdue", "Overdue", "Current"]
    assert rows[3] == {
        "last_reviewed": days_ago(10).isoformat(),
        "title": "Current",
        "medical_reviewer": "Maya Okafor, MD",
        "edit_url": f"https://blog.clinic.example/admin/pages/{articles['current'].pk}/edit/",
    }
    assert "4 live articles are due" in err


def test_command_with_nothing_due_says_so(blog_index):
    out, _ = run_command()

    assert (
        out == "0 live articles are due for clinical review (never reviewed, or not in the last 365 days).\n"
    )


def test_command_refuses_a_negative_interval(articles):
    with pytest.raises(CommandError, match="--days must be zero or a positive number of days"):
        run_command("--days", "-1")
