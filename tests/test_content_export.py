"""export_content / import_content: a round trip into an emptied database gives back identical content."""

import gzip
import io
import json

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from wagtail.actions.delete_page import DeletePageAction
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.models import Page, PageLogEntry, Revision

from blog.models import ArticlePage, Category, ClinicSettings, Person, PhoneContact
from tests.factories import ArticlePageFactory, PersonFactory, PhoneContactFactory, paragraph


@pytest.fixture(autouse=True)
def _forget_flushed_content_types():
    """flush recreates content types with new ids; once the test's transaction rolls back, the cached
    ones would point at rows that no longer exist."""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def content(blog_index, clinic_phone, django_user_model):
    django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
    editor = django_user_model.objects.create_user("editor", "editor@example.com", "pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    author = PersonFactory(name="Dr. Ana Ruiz", user=editor)
    injections = Category.objects.create(name="Injections", description="Shots that ease pain.")
    contact = PhoneContactFactory(label="Spine desk")
    contact.save_revision(user=editor).publish()
    article = ArticlePageFactory(
        parent=blog_index,
        slug="botox-for-migraine",
        title="Botox for migraine",
        categories=[injections],
        tags=["migraine", "botox"],
        author=author,
        body=[
            paragraph("<p>Botox can reduce how often migraines happen.</p>"),
            ("phone_contact", {"lead_in": "Call", "contact": contact, "trailing_text": "today."}),
        ],
    )
    article.save_revision(user=editor).publish()
    article.body = [paragraph("<p>A draft that is not published yet.</p>")]
    article.save_revision(user=editor)
    Redirect.objects.create(old_path="/old-botox", redirect_page=article)
    # Wagtail keeps the log entries of a deleted page, pointing at a page that no longer exists.
    withdrawn = ArticlePageFactory(parent=blog_index, slug="withdrawn")
    DeletePageAction(withdrawn, user=editor).execute(skip_permission_checks=True)
    assert PageLogEntry.objects.filter(page_id=withdrawn.pk, action="wagtail.delete").exists()
    Document.objects.create(title="Aftercare", file=ContentFile(b"Rest today.", name="aftercare.txt"))
    settings = ClinicSettings.for_site(blog_index.get_site())
    settings.disclaimer = "Talk to your doctor."
    settings.save()
    return article


def empty_the_database():
    connection.check_constraints()  # PostgreSQL will not TRUNCATE with this test's checks still pending
    call_command("flush", interactive=False, verbosity=0)


def export(path):
    out = io.StringIO()
    call_command("export_content", str(path), stdout=out)
    return out.getvalue(), {record["model"] for record in json.loads(path.read_text())["records"]}


def test_round_trip_into_an_emptied_database_gives_identical_content(content, client, tmp_path):
    page_before = client.get("/blog/botox-for-migraine/").content.decode()
    summary, exported_models = export(tmp_path / "before.json")
    assert "(5 pages, 3 revisions)" in summary
    for model in ("wagtailcore.page", "blog.articlepage", "wagtailcore.revision", "blog.category"):
        assert model in exported_models
    for model in ("blog.phonecontact", "blog.person", "blog.clinicsettings", "wagtailcore.site", "auth.user"):
        assert model in exported_models
    assert not exported_models & {"contenttypes.contenttype", "sessions.session", "wagtailsearch.indexentry"}

    empty_the_database()
    assert not Page.objects.exists() and not Revision.objects.exists()

    out = io.StringIO()
    call_command("import_content", str(tmp_path / "before.json"), interactive=False, stdout=out)
    assert "Imported" in out.getvalue()

    export(tmp_path / "after.json")
    assert (tmp_path / "after.json").read_bytes() == (tmp_path / "before.json").read_bytes()
    assert client.get("/blog/botox-for-migraine/").content.decode() == page_before
    article = ArticlePage.objects.get(slug="botox-for-migraine")
    assert article.revisions.count() == 2
    assert "not published yet" in str(article.get_latest_revision_as_object().body)
    assert "not published yet" not in page_before
    assert [a.slug for a in ArticlePage.objects.live().search("migraine")] == ["botox-for-migraine"]
    assert PhoneContact.objects.get(label="Spine desk").revisions.count() == 1
    assert Person.objects.get().user.username == "editor"
    assert client.get("/old-botox").status_code == 301


def test_importing_into_a_changed_database_restores_exactly_the_export(content, blog_index, tmp_path):
    export(tmp_path / "before.json")
    ArticlePageFactory(parent=blog_index, slug="written-after-the-export")
    Category.objects.filter(name="Injections").delete()
    get_user_model().objects.create_user("newcomer", "new@example.com", "pw")
    content.save_revision()

    call_command("import_content", str(tmp_path / "before.json"), interactive=False, stdout=io.StringIO())

    export(tmp_path / "after.json")
    assert (tmp_path / "after.json").read_bytes() == (tmp_path / "before.json").read_bytes()
    assert not ArticlePage.objects.filter(slug="written-after-the-export").exists()
    assert sorted(get_user_model().objects.values_list("username", flat=True)) == ["boss", "editor"]


def test_gzip_exports_round_trip_too(content, tmp_path):
    call_command("export_content", str(tmp_path / "content.json.gz"), stdout=io.StringIO())
    empty_the_database()
    call_command("import_content", str(tmp_path / "content.json.gz"), interactive=False, stdout=io.StringIO())
    assert ArticlePage.objects.get().title == "Botox for migraine"


def test_a_broken_export_changes_nothing(content, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('[{"model": "blog.category", "pk": 1, "fields": {"name": ')
    with pytest.raises(CommandError, match="is not complete JSON .*; nothing changed"):
        call_command("import_content", str(broken), interactive=False, stdout=io.StringIO())
    assert ArticlePage.objects.get().title == "Botox for migraine"
    assert Category.objects.filter(name="Injections").exists()


def site_census():
    return Page.objects.count(), get_user_model().objects.count(), Revision.objects.count()


def import_refused(path, message):
    before = site_census()
    with pytest.raises(CommandError, match=message) as refusal:
        call_command("import_content", str(path), interactive=False, stdout=io.StringIO())
    assert "\n" not in str(refusal.value)
    assert site_census() == before
    assert Page.objects.filter(depth=1).exists() and get_user_model().objects.filter(is_superuser=True)


def rewrite_export(path, change):
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "was not written by export_content"),
        (
            '[{"model": "blog.category", "pk": 9, "fields": {"name": "X", "slug": "x", "description": ""}}]',
            "was not written by export_content",
        ),
        (
            '{"format": "clinic-blog-content-export", "version": 1, "records": [], "counts": {}}',
            "has no root page and no site and no active superuser",
        ),
    ],
)
def test_anything_but_an_export_is_refused_and_changes_nothing(content, tmp_path, text, message):
    path = tmp_path / "fixture.json"
    path.write_text(text)
    import_refused(path, message)


def test_an_export_of_another_format_version_is_refused(content, tmp_path):
    export(tmp_path / "content.json")
    rewrite_export(tmp_path / "content.json", lambda data: data.update(version=2))
    import_refused(tmp_path / "content.json", "is export format version 2; this site reads 1")


def test_an_export_whose_records_do_not_match_its_counts_is_refused(content, tmp_path):
    export(tmp_path / "content.json")

    def drop_a_revision(data):
        records = data["records"]
        records.remove(next(r for r in records if r["model"] == "wagtailcore.revision"))

    rewrite_export(tmp_path / "content.json", drop_a_revision)
    import_refused(tmp_path / "content.json", "2 wagtailcore.revision records where its manifest says 3;")


def test_records_of_models_the_site_does_not_export_are_refused(content, tmp_path):
    export(tmp_path / "content.json")

    def add_a_session(data):
        data["records"].append({"model": "sessions.session", "pk": "x", "fields": {}})
        data["counts"]["sessions.session"] = 1

    rewrite_export(tmp_path / "content.json", add_a_session)
    import_refused(tmp_path / "content.json", "holds sessions.session records, which this site does not")


def test_a_truncated_gzip_export_is_one_line_and_changes_nothing(content, tmp_path):
    call_command("export_content", str(tmp_path / "content.json.gz"), stdout=io.StringIO())
    whole = (tmp_path / "content.json.gz").read_bytes()
    (tmp_path / "truncated.json.gz").write_bytes(whole[: len(whole) // 2])
    import_refused(tmp_path / "truncated.json.gz", "is not a complete gzip file")
    (tmp_path / "not-gzip.json.gz").write_bytes(b"plain text, not gzip")
    import_refused(tmp_path / "not-gzip.json.gz", "is not a complete gzip file")


def test_corrupt_json_inside_gzip_is_one_line(content, tmp_path):
    with gzip.open(tmp_path / "corrupt.json.gz", "wt") as stream:
        stream.write('{"format": "clinic-blog-content-export", "version": 1, "records": [')
    import_refused(tmp_path / "corrupt.json.gz", "is not complete JSON")


def test_an_export_without_a_superuser_is_refused(content, tmp_path):
    get_user_model().objects.filter(is_superuser=True).update(is_superuser=False)
    export(tmp_path / "content.json")
    get_user_model().objects.filter(username="boss").update(is_superuser=True)
    import_refused(tmp_path / "content.json", "has no active superuser")


def test_an_import_that_loads_without_a_superuser_is_rolled_back(content, tmp_path, monkeypatch):
    """The check after loading, inside the transaction, holds even if the file check let one through."""
    get_user_model().objects.filter(is_superuser=True).update(is_active=False)
    export(tmp_path / "content.json")
    get_user_model().objects.filter(username="boss").update(is_active=True)
    monkeypatch.setattr("blog.content_backup._check_essentials", lambda records: None)
    import_refused(tmp_path / "content.json", "nothing changed. It holds no active superuser")


def test_refusal_on_the_command_line_is_one_line_and_a_failing_exit(tmp_path, run_manage_py):
    (tmp_path / "empty.json").write_text("[]")
    result = run_manage_py("import_content", str(tmp_path / "empty.json"), "--no-input")
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "was not written by export_content" in result.stderr


@pytest.mark.parametrize(
    ("command", "path", "message"),
    [
        ("import_content", "missing.json", "No export at"),
        ("export_content", "no-such-folder/content.json", "does not exist"),
        ("export_content", "content.xml", "Name the export .json or .json.gz"),
    ],
)
def test_bad_paths_are_one_clear_line(db, tmp_path, command, path, message):
    with pytest.raises(CommandError, match=message):
        call_command(command, str(tmp_path / path), stdout=io.StringIO())
