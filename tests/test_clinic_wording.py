"""Staff read "submitted for clinical review", never "moderation", in the admin and its emails; the
emails' links use WAGTAILADMIN_BASE_URL (which `make run` sets to the address it serves)."""

import re
from gettext import GNUTranslations
from html import unescape
from pathlib import Path

from django.contrib.messages import get_messages

from tests.admin_forms import add_url, article_form
from tests.factories import PersonFactory

LOCALE = Path(__file__).resolve().parents[1] / "clinic_site" / "locale" / "en" / "LC_MESSAGES"


def test_submitting_an_article_says_clinical_review_to_the_author_and_in_the_reviewers_email(
    client, settings, review_blog_index, author_user, reviewer_user, mailoutbox
):
    settings.WAGTAILADMIN_BASE_URL = "http://clinic.test:8131"
    client.force_login(author_user)

    editor = client.get(add_url(review_blog_index)).content.decode()
    response = client.post(
        add_url(review_blog_index), article_form(action="action-submit", author=PersonFactory())
    )

    assert "moderation" not in editor.lower()
    [message] = [unescape(str(message).split("\n", 1)[0]) for message in get_messages(response.wsgi_request)]
    assert message == "Page 'Heat or ice for back pain?' created and submitted for clinical review."
    emails = [email for email in mailoutbox if reviewer_user.email in email.to]
    assert emails
    for email in emails:
        html = "".join(content for content, _ in email.alternatives)
        for text in (email.subject, email.body, html):
            assert "moderation" not in text.lower()
        assert "submitted for clinical review" in email.body
        links = re.findall(r"https?://[^\s\"<]+", email.body)
        assert links and all(link.startswith("http://clinic.test:8131/admin/") for link in links)


def test_the_compiled_wording_matches_its_source():
    source = (LOCALE / "django.po").read_text()
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', source, re.MULTILINE)
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalog = GNUTranslations(compiled)

    def unescape(text):
        return text.replace('\\"', '"').replace("\\\\", "\\")

    assert len(pairs) > 20
    for msgid, msgstr in pairs:
        assert catalog.gettext(unescape(msgid)) == unescape(msgstr)
        assert "moderation" not in msgstr.lower()
