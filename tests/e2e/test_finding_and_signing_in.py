"""Issue 15, "Finding things" and "Signing in", played on a 360 px phone: search without diacritics, the
standard tests from the header and the home page with an attempt in progress, a recommendation's filter kept across
the catalogue redirect; a second code asked too soon is a page that says when to retry, SMS codes are digits, a
family sharing one phone is told what works, and a forgotten password is reset by an SMS code."""

import re

import pytest
from playwright.sync_api import expect

from .test_standard_test import log_in

pytestmark = pytest.mark.e2e

PASSWORD = "Bảo-vệ#Tài-khoản-2025"
NEW_PASSWORD = "Mật-khẩu-mới#2026"


def test_finding_courses_and_tests_on_a_phone(live_server, demo_site, phone_page, make_user):
    from lms.organisations.models import PopulationGroup

    page = phone_page
    page.goto(f"{live_server.url}/")
    # The tests are in the header, for everyone.
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Bài kiểm tra").click()
    expect(page).to_have_url(re.compile(r"/quizzes/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bài kiểm tra kỹ năng số")

    # Typed without diacritics, the catalogue search finds "lừa đảo".
    page.get_by_role("link", name="Khóa học", exact=True).click()
    page.get_by_label("Tìm khóa học").fill("lua dao")
    page.get_by_role("button", name="Tìm khóa học").click()
    expect(page.locator("main .cards > li").first).to_contain_text("An toàn trên không gian mạng")

    # A test result's recommendation keeps its filter across /learn/courses/ → /khoa-hoc/.
    page.goto(f"{live_server.url}/learn/courses/?area=6")
    expect(page).to_have_url(re.compile(r"\?area=6$"))
    expect(page.get_by_label("Miền năng lực")).to_have_value("6")

    # A civil servant sees their own group's test first on the home page, then their attempt in the test list.
    user = make_user(full_name="Trần Thị Thu Hà", population_group=PopulationGroup.objects.get(code="civil-servant"))
    log_in(page.context, live_server, user)
    page.goto(f"{live_server.url}/")
    first = page.locator(".home-tests .quiz-list > li").first
    expect(first).to_contain_text("Bài kiểm tra chuẩn cho nhóm của bạn")
    expect(first).to_contain_text("cán bộ, công chức, viên chức")
    first.get_by_role("link").click()
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    expect(page).to_have_url(re.compile(r"/quizzes/attempt/\d+/$"))
    attempt_url = page.url
    page.get_by_role("link", name="Bài kiểm tra", exact=True).click()
    mine = page.locator(".quiz-list > li").first
    expect(mine).to_contain_text("Bạn đang làm dở bài này.")
    expect(mine).to_contain_text(re.compile(r"Còn (45|44) phút\."))
    mine.get_by_role("link", name="Tiếp tục làm bài").click()
    expect(page).to_have_url(attempt_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone


def sms_texts(sms_dir) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(sms_dir.iterdir())] if sms_dir.exists() else []


def last_code(sms_dir) -> str:
    return re.search(r"là (\S+)\.", sms_texts(sms_dir)[-1]).group(1)


def new_phone_page(browser):
    from .conftest import PHONE

    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    return context.new_page()


def test_signing_in_on_a_phone(live_server, browser, phone_page, make_user, settings, tmp_path):
    from django.core.cache import cache

    from lms.accounts.models import User

    cache.clear()
    settings.SMS_BACKEND = "lms.accounts.sms.file_backend"
    settings.SMS_FILE_PATH = sms = tmp_path / "sms"
    make_user(email="ba@example.vn", password=PASSWORD, phone="+84912345678", phone_verified=False)
    make_user(email="me@example.vn", password=PASSWORD, phone="+84987654321", phone_verified=True)
    page = phone_page

    # By phone: the number is not verified yet, a code comes by SMS: digits only, for a digits keypad.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email hoặc số điện thoại").fill("0912 345 678")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Nhập mã xác minh")).to_be_visible()
    assert re.fullmatch(r"\d{6}", last_code(sms))
    expect(page.get_by_label("Mã xác minh (trong tin nhắn SMS)")).to_have_attribute("inputmode", "numeric")

    # Then by email within the minute: a page that says when to try again, not a server error.
    other = new_phone_page(browser)
    other.goto(f"{live_server.url}/accounts/login/")
    other.get_by_label("Email hoặc số điện thoại").fill("ba@example.vn")
    other.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    other.get_by_role("button", name="Đăng nhập").click()
    expect(other.get_by_role("heading", name="Vui lòng đợi một chút")).to_be_visible()
    expect(other.get_by_role("alert")).to_contain_text(re.compile(r"Vui lòng thử lại sau 60 giây \(lúc \d\d:\d\d\)"))
    other.context.close()

    # A relative signs up with the family's phone, which has an account: the page says so plainly.
    family = new_phone_page(browser)
    family.goto(f"{live_server.url}/accounts/signup/")
    family.get_by_label(re.compile(r"^Họ và tên")).fill("Lê Văn Bình")
    family.get_by_label(re.compile(r"^Email")).fill("binh@example.vn")
    family.get_by_label(re.compile(r"^Số điện thoại")).fill("0987 654 321")
    family.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    family.get_by_label(re.compile(r"^Nhập lại mật khẩu")).fill(PASSWORD)
    family.get_by_label("Tôi đã đọc và đồng ý với Thông báo xử lý dữ liệu cá nhân").check()
    family.get_by_role("button", name="Đăng ký").click()
    expect(family.get_by_role("heading", name="Không nhận được mã?")).to_be_visible()
    expect(family.locator(".shared-phone")).to_contain_text("Mỗi số điện thoại chỉ dùng được cho một tài khoản")
    assert "để trống số điện thoại" in sms_texts(sms)[-1]  # what the shared phone receives
    family.get_by_role("button", name="Đăng ký lại, không dùng số điện thoại").click()
    expect(family).to_have_url(re.compile(r"/accounts/signup/$"))
    family.get_by_label(re.compile(r"^Họ và tên")).fill("Lê Văn Bình")
    family.get_by_label(re.compile(r"^Email")).fill("binh@example.vn")
    family.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    family.get_by_label(re.compile(r"^Nhập lại mật khẩu")).fill(PASSWORD)
    family.get_by_label("Tôi đã đọc và đồng ý với Thông báo xử lý dữ liệu cá nhân").check()
    family.get_by_role("button", name="Đăng ký").click()
    expect(family.get_by_role("button", name="Đăng xuất")).to_be_visible()
    assert User.objects.filter(email="binh@example.vn").exists()
    family.context.close()

    # A forgotten password, by SMS: phone → code → new password → signed in with it.
    reset = new_phone_page(browser)
    reset.goto(f"{live_server.url}/accounts/login/")
    reset.get_by_role("link", name="Quên mật khẩu? Nhận mã qua SMS").click()
    reset.get_by_label(re.compile(r"^Số điện thoại bạn dùng để đăng ký")).fill("0987 654 321")
    reset.get_by_role("button", name="Gửi mã").click()
    expect(reset.get_by_role("heading", name="Đặt mật khẩu mới")).to_be_visible()
    code = last_code(sms)
    assert re.fullmatch(r"\d{6}", code)
    reset.get_by_label(re.compile(r"^Mã trong tin nhắn SMS")).fill(code)
    reset.get_by_label(re.compile(r"^Mật khẩu mới")).fill(NEW_PASSWORD)
    reset.get_by_label(re.compile(r"^Nhập lại mật khẩu mới")).fill(NEW_PASSWORD)
    reset.get_by_role("button", name="Đặt mật khẩu mới").click()
    expect(reset.get_by_text("Đã đặt mật khẩu mới.")).to_be_visible()
    reset.get_by_label("Email hoặc số điện thoại").fill("0987654321")
    reset.get_by_label(re.compile(r"^Mật khẩu")).fill(NEW_PASSWORD)
    reset.get_by_role("button", name="Đăng nhập").click()
    expect(reset.get_by_role("button", name="Đăng xuất", exact=True)).to_be_visible()  # (the privacy notice comes first)
    assert reset.evaluate("document.documentElement.scrollWidth") <= 360
    reset.context.close()
