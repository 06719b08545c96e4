"""Issue 19, a manager reminds the people of their ward who have not passed a required test (Playwright, phone):
from the list of who has not met the requirement to the reminders page, one button, then each person's
last-reminded date; the learner in the ward gets the email, the one outside it does not."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.privacy_notice import accept_privacy_notice

pytestmark = pytest.mark.e2e

PASSWORD = "Matkhau#2025"


def test_manager_sends_reminders_and_sees_when_each_person_was_reminded(live_server, phone_page, settings, mailoutbox):
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from lms.accounts.models import User
    from lms.accounts.roles import MANAGERS, ensure_roles
    from lms.organisations.models import Requirement, Unit
    from lms.organisations.permissions import manager_assign
    from lms.organisations.roster import place_fields
    from lms.organisations.services import unit_create
    from quizzes.models import Assessment, Framework

    settings.REMINDER_QUIET_HOURS = ""  # the live server runs on the real clock
    ensure_roles()
    province = unit_create(parent=None, code="P-NN", name="Tỉnh Nhắc Nhở", kind=Unit.Kind.PROVINCE)
    ward = unit_create(parent=province, code="C-NN", name="Phường Nhắc Nhở", kind=Unit.Kind.COMMUNE)
    other = unit_create(parent=None, code="P-KHAC", name="Tỉnh Khác", kind=Unit.Kind.PROVINCE)
    manager = User.objects.create_user(email="quanly.nn@example.vn", password=PASSWORD, full_name="Quản Lý Phường")
    manager.groups.add(Group.objects.get(name=MANAGERS))
    manager_assign(user=manager, unit=ward)
    lan = User.objects.create_user(email="lan.nn@example.vn", password=PASSWORD, full_name="Phạm Thị Lan",
                                   **place_fields(Unit.objects.get(pk=ward.pk)))
    User.objects.create_user(email="khac.nn@example.vn", password=PASSWORD, full_name="Lê Văn Khác",
                             **place_fields(Unit.objects.get(pk=other.pk)))
    test = Assessment.objects.create(framework=Framework.objects.get(code="TT02-2025"), title="Bài kiểm tra chuẩn NN",
                                     slug="chuan-nn", pass_mark=60, is_published=True, live=True)
    Requirement.objects.create(title=test.title, content_type=ContentType.objects.get_for_model(Assessment),
                               object_id=test.pk, unit=None, deadline=timezone.localdate() + dt.timedelta(days=20))

    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email hoặc số điện thoại").fill(manager.email)
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    accept_privacy_notice(page)

    page.goto(f"{live_server.url}/manage/requirements/")
    page.get_by_role("link", name="Nhắc những người chưa hoàn thành").click()
    row = page.locator(f"tr[data-user='{lan.pk}']")
    expect(row.locator(".last-reminded")).to_have_text("Chưa nhắc")
    expect(page.locator("tbody tr")).to_have_count(1)  # the learner of another province is not listed
    page.get_by_role("button", name="Gửi lời nhắc đến 1 người chưa hoàn thành").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi lời nhắc đến 1 người")
    today = timezone.localdate().strftime("%d/%m/%Y")
    expect(row.locator(".last-reminded")).to_contain_text(today)
    assert [m.to for m in mailoutbox] == [[lan.email]]
    assert mailoutbox[0].subject == "Nhắc nhở từ cán bộ quản lý: Bài kiểm tra chuẩn NN"
