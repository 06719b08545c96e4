"""The privacy notice that demo accounts (created without consent) answer on their first sign-in (lms/privacy)."""

import re

from playwright.sync_api import expect


def accept_privacy_notice(page):
    """Call once the log-in form has been left: accept the notice if this is the account's first sign-in."""
    if "/accounts/privacy/consent/" in page.url:
        expect(page.get_by_role("heading", level=1)).to_contain_text("dữ liệu cá nhân")
        page.get_by_role("button", name="Tôi đồng ý").click()
        expect(page).not_to_have_url(re.compile(r"/accounts/privacy/consent/"))
