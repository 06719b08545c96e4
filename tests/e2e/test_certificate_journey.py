"""Certificates, done-when: a learner on a phone completes a short course, downloads the certificate's PDF from
"Chứng nhận của tôi", scans its QR code and sees the public verification page say the certificate is valid."""

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.privacy_notice import accept_privacy_notice

pytestmark = pytest.mark.e2e

LEARNER, PASSWORD, LEARNER_NAME = "hocvien@hocvuso.vn", "HocVuSo@2025", "Nguyễn Thị Lan"
COURSE_TITLE = "Chứng nhận đầu tiên: nhận diện tin nhắn lừa đảo"


@pytest.fixture
def short_course(demo_site):
    """A published course of one lesson without a knowledge check, under the demo catalogue."""
    from courses.models import CourseIndexPage, CoursePage, LessonPage, Topic

    index = CourseIndexPage.objects.filter(locale__language_code="vi").first()
    course = index.add_child(instance=CoursePage(
        title=COURSE_TITLE, slug="chung-nhan-dau-tien", summary="Một bài học ngắn để nhận chứng nhận.",
        topic=Topic.objects.get(slug="an-toan-tren-mang"),
    ))
    course.save_revision().publish()
    lesson = course.add_child(instance=LessonPage(title="Bài 1: Tin nhắn giả mạo ngân hàng", slug="bai-1"))
    lesson.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk), LessonPage.objects.get(pk=lesson.pk)


def qr_url_from_pdf(path: Path, text: str, tmp_path: Path) -> tuple[str, str]:
    """The URL in the certificate's QR code, and how it was read.

    Preferred path: render the page with pdftoppm (poppler-utils) and decode the QR code with zbarimg (zbar-tools).
    Fallback, when either tool is missing: the URL the PDF prints under the QR code (``text``), so the journey is
    still checked instead of skipped; the path taken is returned and shown in the assertion messages."""
    if shutil.which("pdftoppm") and shutil.which("zbarimg"):
        subprocess.run(["pdftoppm", "-png", "-r", "200", "-singlefile", str(path), str(tmp_path / "page")], check=True)
        scanned = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "page.png")],
                                 capture_output=True, text=True, check=False)
        urls = [line.strip() for line in scanned.stdout.splitlines() if line.strip()]
        assert len(urls) == 1, f"expected one QR code on the page, zbarimg read {urls!r} ({scanned.stderr!r})"
        return urls[0], "qr: pdftoppm + zbarimg"
    printed = re.search(r"https?://\S+/verify/[0-9A-Z-]+/", text)
    assert printed, f"no verification URL printed in the PDF: {text!r}"
    return printed.group(0), "printed text (pdftoppm/zbarimg not installed)"


def test_learner_completes_a_short_course_downloads_the_pdf_and_verifies_it_by_its_qr_code(
    live_server, demo_site, short_course, phone_page, settings, tmp_path
):
    from certificates.models import Certificate

    # The QR code and the printed URL use the public origin: here, the live server's.
    settings.BASE_URL = settings.CERT_BASE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    course, lesson = short_course
    page = phone_page

    # Log in with the demo learner's account.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email hoặc số điện thoại").fill(LEARNER)
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    accept_privacy_notice(page)

    # Start the course (enrolment is explicit) and complete its only lesson.
    page.goto(f"{live_server.url}{lesson.url}")
    expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
    page.locator(".start-course").get_by_role("button", name="Bắt đầu học").click()
    page.get_by_role("button", name="Hoàn thành bài học").click()
    expect(page.locator(".messages")).to_contain_text(COURSE_TITLE)
    certificate = Certificate.objects.get(user__email=LEARNER, achievement_key=str(course.translation_key))
    assert certificate.learner_name == LEARNER_NAME

    # "Chứng nhận của tôi" (the header's "Chứng nhận" link): download the PDF.
    page.get_by_role("link", name="Chứng nhận", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chứng nhận của tôi")
    item = page.locator(".cert-item", has=page.get_by_role("heading", name=COURSE_TITLE))
    expect(item.locator(".cert-serial")).to_have_text(certificate.display_serial)
    expect(item.locator(".cert-share-url")).to_have_value(certificate.verify_url)  # the share link
    with page.expect_download() as download_info:
        item.get_by_role("link", name=re.compile(r"^Tải bản PDF")).click()
    download = download_info.value
    assert download.suggested_filename == f"{certificate.display_serial}.pdf"
    pdf_path = tmp_path / "certificate.pdf"
    download.save_as(pdf_path)
    data = pdf_path.read_bytes()
    assert data.startswith(b"%PDF")
    text = PdfReader(pdf_path).pages[0].extract_text()
    assert LEARNER_NAME in text
    assert certificate.display_serial in text

    # Scan the QR code and open what it says, as a phone camera would.
    url, how = qr_url_from_pdf(pdf_path, text, tmp_path)
    print(f"QR URL read by: {how}")
    assert url == certificate.verify_url, how
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != live_server.url:  # a BASE_URL other than the live server's
        url = live_server.url + parts.path
    page.goto(url)
    status = page.get_by_role("status").filter(has_text="hợp lệ")
    expect(status).to_contain_text("Chứng nhận hợp lệ")
    expect(page.locator(".cert-facts")).to_contain_text(LEARNER_NAME)
    expect(page.locator(".cert-facts")).to_contain_text(certificate.display_serial)
