"""Browser tests: Playwright drives Debian's chromium (never a downloaded browser).

Without chromium these tests are skipped, unless REQUIRE_BROWSER=1 (as in CI), where a
missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "browser-demo-2563"

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the
# fixtures are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    if not shutil.which(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"chromium not found at {CHROMIUM}")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db, settings, tmp_path):  # type: ignore[no-untyped-def]
    from moralprovince.demo.services import load_demo

    # The demo uploads news photos and survey files: into the test's own folder.
    settings.MEDIA_ROOT = tmp_path
    load_demo(password=DEMO_PASSWORD)


@pytest.fixture
def page(browser, live_server, demo):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit] >> nth=-1")
    page.wait_for_url("**/")
