"""Write → review → publish in Wagtail's admin, in a real browser, as an Author and a Clinical reviewer."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from blog.editorial.roles import AUTHORS, CLINICAL_REVIEWERS, set_up_blog_index
from blog.models import ArticlePage, ClinicalApproval, ClinicSettings
from tests.factories import CategoryFactory, PersonFactory, PhoneContactFactory, UserFactory, make_site_tree

# Wagtail's admin loads a lot of JavaScript; on a shared two-core machine it can take a while.
ADMIN_TIMEOUT_MS = 60_000
PASSWORD = "correct horse battery staple"
WCAG_22_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
TITLE = "Heat or ice for back pain?"


@pytest.fixture
def review_site(live_server):
    """The demo site's shape, committed so the live server sees it: one author, one reviewer, two topics."""
    home, blog_index = make_site_tree()
    set_up_blog_index(blog_index.pk)
    contact = PhoneContactFactory(phone_number="+19528412345", label="Main clinic line")
    clinic_settings = ClinicSettings.for_site(home.get_site())
    clinic_settings.phone_contact = contact
    clinic_settings.save()
    CategoryFactory(name="Injections")
    CategoryFactory(name="Back pain")
    PersonFactory(name="Jordan Ellis", credentials="DPT")
    return {
        "blog_index": blog_index,
        "author": UserFactory(username="jordan", first_name="Jordan", last_name="Ellis", groups=[AUTHORS]),
        "reviewer": UserFactory(
            username="maya", first_name="Maya", last_name="Okafor", groups=[CLINICAL_REVIEWERS]
        ),
    }


def log_in(page, live_server, username):
    page.set_default_timeout(ADMIN_TIMEOUT_MS)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def write_and_submit_article(page, live_server, blog_index, artifacts_dir):
    page.goto(f"{live_server.url}/admin/pages/add/blog/articlepage/{blog_index.pk}/")
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", "When to use heat and when to use ice for a sore back.")

    body = page.locator("#panel-child-content-body-section")
    body.get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Paragraph").click()
    editor = body.locator(".DraftEditor-root [contenteditable=true]").first
    editor.click()
    editor.type("Ice helps in the first two days after an injury. Heat helps stiff muscles later on.")

    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Phone contact").click()
    body.get_by_role("button", name="Choose phone contact").click()
    page.locator(".modal-content").get_by_role("link", name=re.compile("Main clinic line")).click()
    expect(body.get_by_text("Main clinic line")).to_be_visible()

    page.locator("#id_author").locator("xpath=..").get_by_role("button", name="Choose person").click()
    page.locator(".modal-content").get_by_role("link", name=re.compile("Jordan Ellis")).click()
    expect(page.locator("#id_author")).not_to_have_value("")

    # Topics sit on the Content tab, after the body.
    page.get_by_label("Injections").check()
    page.get_by_label("Back pain").check()
    tag_input = page.locator("#id_tags + ul input")
    tag_input.fill("heat therapy")
    tag_input.press("Enter")

    page.screenshot(path=artifacts_dir / "review-workflow-editor.png", full_page=True)
    page.locator("footer [data-w-dropdown-target=toggle]").click()
    page.get_by_role("button", name="Submit to Clinical review").click()
    # Wagtail 8 autosaves drafts, so the page may already exist when Submit is pressed: the message
    # is then "has been submitted" rather than "created and submitted".
    expect(page.locator(".messages")).to_contain_text(re.compile(r"submitted for clinical review"))
    page_in_review = ArticlePage.objects.get(title=TITLE)
    assert page_in_review.workflow_in_progress


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_author_writes_reviewer_approves_reader_sees_the_review(
    live_server, chromium, review_site, artifacts_dir
):
    author_context = chromium.new_context(viewport={"width": 1280, "height": 900})
    reviewer_context = chromium.new_context(viewport={"width": 1280, "height": 900})
    reader_context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        author_page = author_context.new_page()
        log_in(author_page, live_server, "jordan")
        write_and_submit_article(author_page, live_server, review_site["blog_index"], artifacts_dir)

        article = ArticlePage.objects.get(title=TITLE)
        assert sorted(category.name for category in article.categories.all()) == ["Back pain", "Injections"]
        assert list(article.tags.names()) == ["heat therapy"]
        assert [block.block_type for block in article.body] == ["paragraph", "phone_contact"]
        reader = reader_context.new_page()
        assert reader.goto(f"{live_server.url}{article.url}").status == 404

        reviewer_page = reviewer_context.new_page()
        log_in(reviewer_page, live_server, "maya")
        reviewer_page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
        reviewer_page.locator("footer [data-w-dropdown-target=toggle]").click()
        reviewer_page.get_by_role("button", name="Approve and Publish", exact=True).click()
        expect(reviewer_page.locator(".messages")).to_contain_text(TITLE)

        # The approval is a record of the revision the reviewer approved, and that revision is what went live.
        article.refresh_from_db()
        approval = ClinicalApproval.objects.get(page=article)
        assert approval.approved_by == review_site["reviewer"] and approval.revision == article.live_revision
        reviewed_on = approval.reviewed_on.strftime("%B %-d, %Y")
        next_review = approval.next_review_due.strftime("%B %-d, %Y")

        response = reader.goto(f"{live_server.url}{article.url}")
        assert response.status == 200
        expect(reader.locator("h1")).to_have_text(TITLE)
        byline = reader.locator("header .byline").first
        expect(byline).to_contain_text("Written by Jordan Ellis, DPT")
        expect(byline).to_contain_text(f"Medically reviewed by Maya Okafor on {reviewed_on}")
        expect(reader.locator(".byline--review")).to_have_text(
            re.compile(rf"Last reviewed {reviewed_on}\s*·\s*Next review due {next_review}")
        )
        expect(reader.locator(".phone-cta a[href='tel:+19528412345']")).to_be_visible()
        reader.screenshot(path=artifacts_dir / "review-workflow-published.png", full_page=True)
        accessibility = Axe().run(reader, options=WCAG_22_AA)
        assert accessibility.violations_count == 0, accessibility.generate_report()
    finally:
        for context in (author_context, reviewer_context, reader_context):
            context.close()
