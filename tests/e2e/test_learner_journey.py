"""Issue 2, done-when: a citizen on a phone signs up, finds the online-safety course through the catalogue
filter, completes two lessons including a knowledge check, logs out, logs in again and is offered
"continue" at the right lesson with the right progress."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PASSWORD = "Bảo-vệ#Tài-khoản-2025"


def correct_choices(lesson):
    """The correct choice texts per question of the lesson's knowledge checks (what a learner should tick)."""
    return [
        [choice["text"] for choice in question["choices"] if choice["correct"]]
        for block in lesson.knowledge_checks()
        for question in block.value["questions"]
    ]


def answer_check(page, answers):
    """Tick exactly the given choices (a re-shown form keeps the previous answers ticked)."""
    for box in page.locator(".check-form input[type=checkbox]").all():
        box.uncheck()
    for texts in answers:
        for text in texts:
            page.locator("label.choice", has_text=text).first.locator("input").check()
    page.get_by_role("button", name=re.compile("^Kiểm tra")).click()


def test_citizen_signs_up_learns_two_lessons_and_resumes(live_server, demo_site, phone_page):
    from courses.models import CoursePage

    course = CoursePage.objects.get(slug="an-toan-tren-khong-gian-mang", locale__language_code="vi")
    lessons = list(course.lessons())
    assert len(lessons) >= 4
    page = phone_page

    # Sign up with a Vietnamese name.
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label(re.compile(r"^Họ và tên")).fill("Phạm Thị Hồng Nhung")
    page.get_by_label(re.compile(r"^Email")).fill("hongnhung@example.vn")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Nhập lại mật khẩu")).fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    # Without consent to the privacy notice there is no account: the form says what to do.
    expect(page.locator(".errorlist")).to_contain_text("Thông báo xử lý dữ liệu cá nhân")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Nhập lại mật khẩu")).fill(PASSWORD)
    page.get_by_label("Tôi đã đọc và đồng ý với Thông báo xử lý dữ liệu cá nhân").check()
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()

    # Find the online-safety course through the catalogue's topic filter.
    page.get_by_role("link", name="Khóa học", exact=True).click()
    page.get_by_text("Lọc theo chủ đề").click()  # the filters fold away on a phone
    page.get_by_label("Chủ đề").select_option(label="An toàn trên mạng")
    page.get_by_role("button", name="Tìm khóa học").click()
    results = page.locator(".cards > li")
    expect(results).to_have_count(1)
    results.get_by_role("link", name=course.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)

    # Start the course: it opens the first lesson.
    page.get_by_role("button", name="Bắt đầu học").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[0].title)

    # Lesson 1: the end of the lesson says what is missing before the check is passed (issue 15).
    expect(page.locator("#complete")).to_contain_text("Kiểm tra nhanh")

    # One wrong answer is not a pass…
    first_question = lessons[0].knowledge_checks()[0].value["questions"][0]
    wrong = next(c["text"] for c in first_question["choices"] if not c["correct"])
    answer_check(page, [[wrong], *correct_choices(lessons[0])[1:]])
    expect(page.locator(".check-result")).to_contain_text("Chưa đạt")

    # …the right answers are, and passing the check completes the lesson.
    answer_check(page, correct_choices(lessons[0]))
    expect(page.locator(".check-result")).to_contain_text("Đạt")
    expect(page.locator("#complete")).to_contain_text("Bạn đã hoàn thành bài học này")
    page.get_by_role("link", name=re.compile("^Bài tiếp theo")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[1].title)

    # Lesson 2.
    answer_check(page, correct_choices(lessons[1]))
    expect(page.locator(".check-result")).to_contain_text("Đạt")
    expect(page.locator("#complete")).to_contain_text("Bạn đã hoàn thành bài học này")
    page.get_by_role("link", name=re.compile("^Bài tiếp theo")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[2].title)

    # Log out, log in again.
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("link", name="Đăng nhập")).to_be_visible()
    page.get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Email hoặc số điện thoại").fill("hongnhung@example.vn")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()

    # "My learning" offers to continue at lesson 3 with 2 of N lessons done.
    page.goto(f"{live_server.url}/learn/my-learning/")
    total = len(lessons)
    percent = round(200 / total)
    in_progress = page.locator("main")
    expect(in_progress).to_contain_text(course.title)
    expect(in_progress).to_contain_text(f"{percent}%")
    continue_link = in_progress.get_by_role("link", name=re.compile(re.escape(lessons[2].title)))
    expect(continue_link).to_be_visible()
    continue_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[2].title)

    # The course page says the same.
    page.goto(f"{live_server.url}{course.url}")
    expect(page.locator("main")).to_contain_text(f"{percent}%")
    expect(page.locator("main")).to_contain_text(lessons[2].title)
