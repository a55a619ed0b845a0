"""Playwright driving Debian's Chromium against pytest-django's live server.

Without Chromium these tests skip with a clear reason locally; under CI (CI=true) they fail instead,
because a skipped browser test proves nothing.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the ORM beside it is safe in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium(django_db_setup):
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        reason = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (browser tests may not skip in CI)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    from django.db import connections

    wrappers = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        # Playwright leaves its event loop marked as running in this thread, so Django's connection
        # registry (an asgiref Local) switches to per-context storage and would hand later tests a fresh
        # connection object, without pytest-django's serialized data for serialized_rollback. Keep ours.
        for alias, wrapper in wrappers.items():
            connections[alias] = wrapper
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
