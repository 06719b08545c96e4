"""Playwright journeys in Debian's headless Chromium against pytest-django's live server.

Run with the rest of the suite; `make test` installs chromium when it is missing. Pages are driven at a
phone-sized viewport (360×740) unless a test asks otherwise.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures are still safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def browser(transactional_db, live_server):
    """Started per test, after the database: Playwright's sync API runs the test in its own greenlet context,
    and Django's connection must be set up (and its seed data restored) before that."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make chromium` (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_site(transactional_db, settings):
    """The full demo content (courses, accounts, question bank) loaded into the live server's database: by the
    command in the first test, from the copy of its result in the next ones (``tests/dbreset.py``)."""
    from django.db import connection

    from tests import dbreset

    settings.ACCOUNT_RATE_LIMITS_ENABLED = False
    dbreset.load_demo(connection, settings.MEDIA_ROOT)
    return True


# The OpenID Connect provider on loopback for the national identity journeys (one process per run).
from tests.oidc.harness import identity_settings, oidc_provider  # noqa: E402, F401
