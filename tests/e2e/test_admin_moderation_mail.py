"""Issue 16, done-when: an editor writes a lesson (the slug comes out ASCII), submits it; the reviewer requests
changes with a comment and the editor gets it by mail in Vietnamese; the editor resubmits; the reviewer schedules
publishing and approves with a comment; the mail says when it goes live, and "it is live" comes only once it is."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_editor_moderation import admin_login

pytestmark = pytest.mark.e2e

TITLE = "Giữ an toàn tài khoản Zalo: Đặt mật khẩu mạnh"
SLUG = "giu-an-toan-tai-khoan-zalo-dat-mat-khau-manh"
CHANGES = "Thêm ví dụ về tin nhắn giả mạo ngân hàng."
PRAISE = "Rõ ràng, dễ hiểu. Xuất bản sáng thứ Hai."


def new_page(browser):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    page.set_default_timeout(20_000)
    return page


def workflow_action(page, name, comment):
    page.get_by_role("button", name="Thao tác khác").click()
    page.get_by_role("button", name=name).click()
    modal = page.locator(".modal")
    expect(modal).to_be_visible()
    modal.locator("textarea[name=comment]").fill(comment)
    modal.locator("button[type=submit], input[type=submit]").first.click()
    expect(page.locator(".messages")).to_be_visible(timeout=40_000)


def mails_to(email):
    return [m for m in mail.outbox if m.to == [email]]


def test_editor_and_reviewer_moderation_mails(live_server, demo_site, browser, settings):
    from courses.models import CoursePage, LessonPage

    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    course = CoursePage.objects.get(slug="an-toan-tren-khong-gian-mang", locale__language_code="vi")
    editor_email, reviewer_email = "bientap@hocvuso.vn", "kiemduyet@hocvuso.vn"

    # The editor writes a lesson: the Vietnamese title gives an ASCII slug as it is typed.
    editor = new_page(browser)
    admin_login(editor, live_server.url, editor_email)
    editor.goto(f"{live_server.url}/admin/pages/add/courses/lessonpage/{course.pk}/")
    expect(editor.get_by_role("button", name="Lưu bản nháp")).to_be_visible()
    editor.locator("#id_title").press_sequentially(TITLE, delay=5)
    editor.locator("#id_title").blur()
    expect(editor.locator("#id_slug")).to_have_value(SLUG)
    editor.locator("button.c-sf-add-button").first.click()
    editor.get_by_text("Hướng dẫn từng bước", exact=True).first.click()
    editor.locator("#body-0-value-title").fill("Các bước đặt mật khẩu")
    editor.locator("#body-0-value-steps-0-value-title").fill("Mở Cài đặt, chọn Tài khoản và bảo mật")
    mail.outbox.clear()
    editor.get_by_role("button", name="Thao tác khác").click()
    editor.get_by_role("button", name=re.compile("Gửi duyệt: Kiểm duyệt nội dung")).click()
    expect(editor.locator(".messages")).to_be_visible(timeout=40_000)
    editor.context.close()  # one person in the admin at a time: SQLite's shared test database locks on overlaps
    lesson = LessonPage.objects.get(title=TITLE)
    assert lesson.slug == SLUG
    [to_review] = mails_to(reviewer_email)
    assert to_review.body.startswith("Chào anh/chị Phạm Quốc Bảo,") and "Lê Thu Hà đã gửi" in to_review.body

    # The reviewer requests changes with a comment; the editor reads it in Vietnamese.
    reviewer = new_page(browser)
    admin_login(reviewer, live_server.url, reviewer_email)
    reviewer.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    mail.outbox.clear()
    workflow_action(reviewer, re.compile("^Yêu cầu chỉnh sửa$"), CHANGES)
    reviewer.context.close()
    [changes] = mails_to(editor_email)
    assert changes.subject == f"Cần chỉnh sửa: “{TITLE}”"
    assert changes.body.startswith("Chào anh/chị Lê Thu Hà,")
    assert "Phạm Quốc Bảo đã yêu cầu chỉnh sửa" in changes.body and CHANGES in changes.body
    assert f"{live_server.url}/admin/pages/{lesson.pk}/edit/" in changes.body
    assert "Hello" not in changes.body and "localhost/" not in changes.body

    # The editor resubmits.
    editor = new_page(browser)
    admin_login(editor, live_server.url, editor_email)
    editor.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    editor.locator("#body-0-value-steps-0-value-title").fill("Mở Cài đặt > Tài khoản và bảo mật > Mật khẩu")
    editor.get_by_role("button", name="Thao tác khác").click()
    editor.get_by_role("button", name=re.compile("Gửi duyệt lại")).click()
    expect(editor.locator(".messages")).to_be_visible(timeout=40_000)
    editor.context.close()

    # The reviewer schedules publishing and approves with a comment: the page is not live yet.
    go_live = timezone.localtime(timezone.now() + dt.timedelta(days=3)).replace(hour=7, minute=30, second=0,
                                                                                microsecond=0)
    reviewer = new_page(browser)
    admin_login(reviewer, live_server.url, reviewer_email)
    reviewer.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    reviewer.locator("input[name=go_live_at]").evaluate("(el, v) => { el.value = v; }", f"{go_live:%Y-%m-%d %H:%M}")
    mail.outbox.clear()
    workflow_action(reviewer, re.compile("^Phê chuẩn với bình luận và xuất bản$"), PRAISE)
    reviewer.context.close()
    lesson.refresh_from_db()
    assert not lesson.live and lesson.go_live_at == go_live
    [approved] = mails_to(editor_email)
    assert approved.body.startswith("Chào anh/chị Lê Thu Hà,")
    assert PRAISE in approved.body
    assert f"lúc 07:30 ngày {go_live:%d/%m/%Y} (giờ Việt Nam)" in approved.body
    assert mails_to(editor_email) == [approved]  # no "it is live" yet

    # The scheduler's turn after the time: now it is live, and the editor hears of it.
    with mock.patch("django.utils.timezone.now", return_value=go_live + dt.timedelta(minutes=1)):
        call_command("publish_scheduled", verbosity=0)
    lesson.refresh_from_db()
    assert lesson.live
    live = mails_to(editor_email)[-1]
    assert live.subject == f"Đã xuất bản: “{TITLE}”"
    assert f"{live_server.url}{lesson.get_url()}" in live.body
