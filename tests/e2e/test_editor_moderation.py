"""Issue 2, done-when: the demo editor writes a lesson with a step-by-step block in the Wagtail admin and
submits it for moderation; the demo reviewer publishes it; the public page shows it."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.privacy_notice import accept_privacy_notice

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "HocVuSo@2025"
TITLE = "Cập nhật ứng dụng VNeID lên phiên bản mới"
STEP = "Mở cửa hàng ứng dụng và tìm VNeID"


def admin_login(page, base_url, email):
    page.goto(f"{base_url}/admin/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/admin/login/"))
    accept_privacy_notice(page)  # the demo account's first sign-in: the privacy notice first
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_editor_submits_a_lesson_and_the_reviewer_publishes_it(live_server, demo_site, browser):
    from courses.models import CoursePage, LessonPage

    course = CoursePage.objects.get(slug="an-toan-tren-khong-gian-mang", locale__language_code="vi")

    # The editor writes a lesson with a step-by-step block…
    editor = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    editor.set_default_timeout(20_000)
    admin_login(editor, live_server.url, "bientap@hocvuso.vn")
    editor.goto(f"{live_server.url}/admin/pages/add/courses/lessonpage/{course.pk}/")
    editor.locator("#id_title").fill(TITLE)
    editor.locator("button.c-sf-add-button").first.click()
    editor.get_by_text("Hướng dẫn từng bước", exact=True).first.click()
    editor.locator("#body-0-value-title").fill("Các bước cập nhật")
    editor.locator("#body-0-value-steps-0-value-title").fill(STEP)

    # …and submits it to the moderators' workflow (the editor has no publish button).
    editor.get_by_role("button", name="Thao tác khác").click()
    expect(editor.get_by_role("button", name=re.compile("^Xuất bản$|^Publish$"))).to_have_count(0)
    editor.get_by_role("button", name=re.compile("Kiểm duyệt nội dung")).click()
    expect(editor.locator(".messages")).to_be_visible()

    lesson = LessonPage.objects.get(title=TITLE)
    assert not lesson.live
    assert lesson.current_workflow_state is not None
    assert lesson.current_workflow_state.status == "in_progress"
    editor.context.close()

    # The public cannot see it yet.
    anonymous = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    response = anonymous.goto(f"{live_server.url}{course.url}{lesson.slug}/")
    assert response.status == 404

    # The reviewer approves, which publishes it.
    reviewer = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    reviewer.set_default_timeout(20_000)
    admin_login(reviewer, live_server.url, "kiemduyet@hocvuso.vn")
    reviewer.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    reviewer.get_by_role("button", name="Thao tác khác").click()
    reviewer.get_by_role("button", name=re.compile(r"^(Phê chuẩn|Approve)\s*(và|and) (Xuất bản|publish)$", re.I)).click()
    expect(reviewer.locator(".messages")).to_be_visible()
    reviewer.context.close()

    lesson.refresh_from_db()
    assert lesson.live

    # The public page shows the new lesson and its step.
    response = anonymous.goto(f"{live_server.url}{lesson.url}")
    assert response.status == 200
    expect(anonymous.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(anonymous.locator("ol.steps")).to_contain_text(STEP)
    anonymous.context.close()
