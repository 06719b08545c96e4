"""Issue 14, official settings change only through review, in a real browser: the demo editor lowers the civil
servants' pass mark from 60 to 10 and submits it (no publish button; nothing applies); the demo reviewer
approves it from the edit page; the history names both."""

import re

import pytest
from playwright.sync_api import expect

from .test_editor_moderation import admin_login

pytestmark = pytest.mark.e2e


def test_editor_drafts_a_pass_mark_and_the_reviewer_approves_it(live_server, demo_site, browser):
    from demo.bank import CIVIL_SERVANT_SLUG
    from quizzes.models import Assessment

    test = Assessment.objects.get(slug=CIVIL_SERVANT_SLUG)
    assert test.pass_mark == 60
    edit_url = f"{live_server.url}/admin/snippets/quizzes/assessment/edit/{test.pk}/"

    editor = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    editor.set_default_timeout(20_000)
    admin_login(editor, live_server.url, "bientap@hocvuso.vn")
    editor.goto(edit_url)
    editor.locator("#id_pass_mark").fill("10")
    editor.get_by_role("button", name="Thao tác khác").click()
    expect(editor.get_by_role("button", name=re.compile("^Xuất bản$|^Publish$"))).to_have_count(0)
    editor.get_by_role("button", name=re.compile("Duyệt thiết lập bài kiểm tra")).click()
    expect(editor.locator(".messages")).to_be_visible()
    editor.context.close()

    test.refresh_from_db()
    assert test.pass_mark == 60
    assert test.current_workflow_state is not None and test.current_workflow_state.status == "in_progress"

    reviewer = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    reviewer.set_default_timeout(20_000)
    admin_login(reviewer, live_server.url, "kiemduyet@hocvuso.vn")
    reviewer.goto(edit_url)
    expect(reviewer.locator("#id_pass_mark")).to_have_value(re.compile(r"^10(\.0+)?$"))
    reviewer.get_by_role("button", name="Thao tác khác").click()
    reviewer.get_by_role("button", name=re.compile(r"^(Phê chuẩn|Approve)\s*(và|and) (Xuất bản|publish)$", re.I)).click()
    expect(reviewer.locator(".messages")).to_be_visible()

    test.refresh_from_db()
    assert test.pass_mark == 10

    reviewer.goto(f"{live_server.url}/admin/snippets/quizzes/assessment/history/{test.pk}/")
    expect(reviewer.locator("main")).to_contain_text("Lê Thu Hà")
    expect(reviewer.locator("main")).to_contain_text("Phạm Quốc Bảo")
    reviewer.context.close()
