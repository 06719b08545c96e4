"""Browser journeys for the national identity against the real OpenID Connect provider on loopback
(tests/oidc/harness.py): first sign-in, linking an existing account (and undoing it), the provider down. The
protocol's attacks (tampered token, replayed code, wrong audience, rotated keys) are driven at the HTTP level in
tests/oidc/test_identity_flow.py."""

import pytest
from playwright.sync_api import expect

from lms.accounts import identity
from lms.accounts.models import User
from lms.accounts.selectors import is_identity_verified

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Matkhau#2025"


def provider_log_in(page, login: str) -> None:
    """The provider's own log-in page (any password)."""
    page.locator('input[name="login"]').fill(login)
    page.locator('input[name="password"]').fill("any")
    page.locator('button[type="submit"]').click()


def test_first_sign_in_with_the_national_identity(phone_page, live_server, identity_settings):
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Đăng nhập bằng VNeID").click()
    provider_log_in(page, "an")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoàn tất đăng ký bằng định danh quốc gia")
    expect(page.locator(".lead")).to_contain_text("Nguyễn Thị An")
    page.get_by_label("Email").fill("an.trinhduyet@example.vn")
    page.get_by_label("Tôi đã đọc và đồng ý").check()
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.goto(f"{live_server.url}/accounts/profile/")
    expect(page.locator('[data-identity-status="verified"]')).to_contain_text("Đã xác minh danh tính")
    user = User.objects.get(email="an.trinhduyet@example.vn")
    assert user.full_name == "Nguyễn Thị An" and is_identity_verified(user)


def test_link_an_existing_account_then_undo(phone_page, live_server, identity_settings, make_user):
    from lms.privacy.services import consent_record

    user = make_user(email="binh.trinhduyet@example.vn", full_name="Trần Bình")
    consent_record(user=user, context="login")
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.goto(f"{live_server.url}/accounts/profile/")
    expect(page.locator('[data-identity-status="unverified"]')).to_be_visible()
    page.get_by_role("button", name="Liên kết với định danh quốc gia").click()
    provider_log_in(page, "binh")  # prompt=login: the provider asks again, whatever session it had
    page.get_by_label("Mật khẩu").fill(PASSWORD)  # and the platform's own password: both proved
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator('[data-identity-status="verified"]')).to_be_visible()
    assert is_identity_verified(user)

    page.get_by_role("button", name="Huỷ liên kết định danh quốc gia").click()
    expect(page.locator(".messages")).to_contain_text(str(identity.UNLINKED))
    expect(page.locator('[data-identity-status="unverified"]')).to_be_visible()
    assert not is_identity_verified(user)


def test_provider_down_offers_the_other_ways_in(phone_page, live_server, identity_settings):
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    with identity_settings.down():
        page.get_by_role("button", name="Đăng nhập bằng VNeID").click()
        expect(page.locator(".messages")).to_contain_text(str(identity.PROVIDER_DOWN))
        expect(page).to_have_url(f"{live_server.url}/accounts/login/")
        expect(page.get_by_label("Email")).to_be_visible()  # the other way in, on the same page
    assert not User.objects.exists()
