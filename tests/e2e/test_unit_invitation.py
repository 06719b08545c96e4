"""Issue 14: a manager's roster invites a learner who registered on her own; she answers on her next sign-in, on
a phone, and nothing of hers changed before she did."""

from __future__ import annotations

import pytest

from tests.organisations.fixtures import *  # noqa: F403 - units, managers

PASSWORD = "Matkhau#2025"
SHOTS = "/tmp/e2e-invitation"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the migrated population groups
def test_invited_learner_accepts_on_her_phone(browser, phone_page, live_server, tree, manager_a, make_user, settings):
    import os

    from lms.accounts.models import User
    from lms.organisations.roster import roster_import

    settings.ACCOUNT_RATE_LIMITS_ENABLED = False
    from lms.privacy.models import Consent
    from lms.privacy.services import consent_record

    lan = make_user(email="lan@example.vn", full_name="Nguyễn Thị Lan", password=PASSWORD)
    consent_record(user=lan, context=Consent.Context.SIGNUP)  # she signed up herself, accepting the notice
    data = "Họ và tên,Email,Mã đơn vị\r\nTên Khác,lan@example.vn,C-A1\r\n".encode()
    roster_import(data=data, actor=manager_a, send=False)
    assert User.objects.get(pk=lan.pk).full_name == "Nguyễn Thị Lan"

    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").first.fill("lan@example.vn")
    page.get_by_label("Mật khẩu").first.fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/accounts/invitations/**")
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/invitation.png", full_page=True)
    assert page.get_by_role("heading", name="Phường Một").is_visible()
    accept = page.get_by_role("button", name="Đồng ý tham gia")
    box = accept.bounding_box()
    assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 360  # a thumb's target, on screen
    accept.click()
    page.wait_for_load_state()
    page.screenshot(path=f"{SHOTS}/accepted.png", full_page=True)
    assert page.get_by_text("Bạn đã tham gia Phường Một").is_visible()
    lan = User.objects.get(pk=lan.pk)
    assert (lan.commune, lan.full_name) == (tree["C-A1"], "Nguyễn Thị Lan")
