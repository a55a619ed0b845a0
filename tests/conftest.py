import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Images and documents written by a test go to a folder that disappears with it."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    from clinic_site.page_cache import http_cache, store

    def forget():
        cache.clear()
        # What the page cache remembers in-process (purges owed, tags of entries) goes with the cache.
        store.forget_process_state()
        http_cache.forget_process_state()

    forget()
    yield
    forget()


@pytest.fixture
def site_tree(db):
    from tests.factories import make_site_tree

    return make_site_tree()


@pytest.fixture
def home_page(site_tree):
    return site_tree[0]


@pytest.fixture
def blog_index(site_tree):
    return site_tree[1]


@pytest.fixture
def clinic_phone(home_page, django_capture_on_commit_callbacks):
    from blog.models import ClinicSettings
    from tests.factories import PhoneContactFactory

    # As if committed: the purges it causes run, as they would in production.
    with django_capture_on_commit_callbacks(execute=True):
        contact = PhoneContactFactory(phone_number="+19528412345", label="Main clinic line")
        clinic_settings = ClinicSettings.for_site(home_page.get_site())
        clinic_settings.phone_contact = contact
        clinic_settings.save()
    return contact


@pytest.fixture
def review_blog_index(blog_index):
    """The blog index as load_demo_content leaves it: open to the roles, behind Clinical review."""
    from blog.editorial.roles import set_up_blog_index

    set_up_blog_index(blog_index.pk)
    return blog_index


@pytest.fixture
def author_user(db):
    from blog.editorial.roles import AUTHORS
    from tests.factories import UserFactory

    return UserFactory(username="author", groups=[AUTHORS])


@pytest.fixture
def reviewer_user(db):
    from blog.editorial.roles import CLINICAL_REVIEWERS
    from tests.factories import UserFactory

    return UserFactory(username="reviewer", groups=[CLINICAL_REVIEWERS])


@pytest.fixture
def site_manager_user(db):
    from blog.editorial.roles import SITE_MANAGERS
    from tests.factories import UserFactory

    return UserFactory(username="sitemanager", groups=[SITE_MANAGERS])


@pytest.fixture
def verified_login(db):
    """Sign a user in with both factors (administrators and site managers need both to reach the admin)."""
    from tests.staff_sign_in import verified_login

    return verified_login


@pytest.fixture
def admin_client(admin_user, verified_login):
    """pytest-django's admin_client (its own Client, signed in as admin_user), verified as well."""
    from django.test import Client

    client = Client()
    verified_login(client, admin_user)
    return client


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Run a change the way it runs in production: purges happen once its transaction commits."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


@pytest.fixture
def run_manage_py(tmp_path):
    """Run ``manage.py`` as a shell would, on a database of its own; returns the finished process."""
    import subprocess
    import sys
    from pathlib import Path

    def run(*arguments):
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=Path(__file__).resolve().parents[1],
            capture_output=True,
            text=True,
            env={
                "DJANGO_SETTINGS_MODULE": "clinic_site.settings.test",
                "PATH": "/usr/bin:/bin",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
            },
            timeout=60,
        )

    return run


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory):
    """A running SeaweedFS and its media bucket (tests/seaweedfs.py), for the whole session."""
    from tests import seaweedfs

    process = seaweedfs.start(tmp_path_factory.mktemp("seaweedfs"))
    try:
        bucket = seaweedfs.Bucket(f"http://{seaweedfs.HOST}:{seaweedfs.S3_PORT}", seaweedfs.BUCKET)
        yield seaweedfs.wait_for_bucket(bucket, process)
    finally:
        seaweedfs.stop(process)


@pytest.fixture(params=[False, True], ids=["lookups-per-request", "shared-lookups"])
def page_cache_on(request, settings):
    """The full-page cache on, with the site and settings looked up per request or shared (Redis)."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.SHARED_LOOKUP_CACHE = request.param
