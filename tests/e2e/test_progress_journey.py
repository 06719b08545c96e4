"""Issue 15, "Progress that means what it says": one completion rule everywhere, explicit *Bắt đầu học*, *Tiếp tục*
to the first incomplete lesson, sequential courses with locks, and the certificate shown where a completion or a
pass is confirmed (download, verify link, Zalo, Facebook, copy)."""

import json
import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.e2e.test_learner_journey import answer_check, correct_choices
from tests.e2e.test_standard_test import log_in

pytestmark = pytest.mark.e2e

SAFETY_SLUG = "an-toan-tren-khong-gian-mang"


def vi_course(slug):
    from courses.models import CoursePage

    return CoursePage.objects.get(slug=slug, locale__language_code="vi")


def test_a_passed_check_completes_the_lesson_moving_on_says_what_is_missing_and_continue_skips_nothing(
    live_server, demo_site, phone_page, make_user
):
    from courses.models import Enrollment, LessonCompletion

    course = vi_course(SAFETY_SLUG)
    lessons = list(course.lessons())
    learner = make_user(full_name="Hoàng Văn Bảy")
    page = phone_page
    log_in(page.context, live_server, learner)

    # Opening a lesson does not enrol: the lesson is readable, with a clear "Bắt đầu học" call and no check button.
    page.goto(f"{live_server.url}{lessons[0].url}")
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[0].title)
    start = page.locator(".start-course")
    expect(start).to_contain_text("Bạn đang đọc thử bài này")
    expect(page.locator(".check-form").get_by_role("button", name=re.compile("^Kiểm tra"))).to_have_count(0)
    assert not Enrollment.objects.filter(user=learner).exists()

    # "Bắt đầu học" (a double click enrols once) keeps the learner on the lesson they were reading.
    start.get_by_role("button", name="Bắt đầu học").dblclick()
    expect(page.locator(".messages")).to_contain_text("Bạn đã ghi danh khóa học")
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[0].title)
    assert Enrollment.objects.filter(user=learner).count() == 1

    # Passing the quick check completes the lesson, with no other button to press.
    answer_check(page, correct_choices(lessons[0]))
    expect(page.locator(".check-result")).to_contain_text("Đạt")
    expect(page.locator("#complete")).to_contain_text("Bạn đã hoàn thành bài học này")
    assert LessonCompletion.objects.filter(user=learner, lesson=lessons[0]).exists()

    # Lesson 2: "Bài tiếp theo" without passing its check says plainly what is missing, then moves on.
    page.get_by_role("link", name=re.compile("^Bài tiếp theo")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[1].title)
    expect(page.locator("#complete")).to_contain_text("chưa hoàn thành")
    page.get_by_role("button", name=re.compile("^Bài tiếp theo")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[2].title)
    warning = page.locator(".messages")
    expect(warning).to_contain_text(f"Bài “{lessons[1].title}” chưa hoàn thành")
    expect(warning).to_contain_text("Kiểm tra nhanh")
    assert not LessonCompletion.objects.filter(user=learner, lesson=lessons[1]).exists()

    # "Tiếp tục" opens the first incomplete lesson (2), not the last one opened (3), everywhere.
    page.goto(f"{live_server.url}/learn/my-learning/")
    expect(page.locator("main")).to_contain_text(f"Đã học 1/{len(lessons)} bài")
    page.get_by_role("link", name=f"Tiếp tục bài: {lessons[1].title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[1].title)
    page.goto(f"{live_server.url}{course.url}")
    expect(page.get_by_role("link", name=f"Tiếp tục bài: {lessons[1].title}")).to_be_visible()
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("link", name=f"Tiếp tục bài: {lessons[1].title}")).to_be_visible()


def test_a_sequential_course_shows_its_locks_and_a_locked_url_is_a_clear_page(
    live_server, demo_site, desktop_page, make_user
):
    from courses.models import CoursePage
    from courses.services import enrol

    course = vi_course(SAFETY_SLUG)
    CoursePage.objects.filter(translation_key=course.translation_key).update(sequential=True)
    lessons = list(course.lessons())
    learner = make_user()
    enrol(user=learner, course=course)
    page = desktop_page
    log_in(page.context, live_server, learner)

    page.goto(f"{live_server.url}{course.url}")
    items = page.locator(".lesson-list > li")
    expect(items.nth(0)).to_have_class(re.compile("lesson-current"))
    expect(items.nth(1)).to_have_class(re.compile("lesson-locked"))
    expect(items.nth(1)).to_contain_text(f"Chưa mở: hoàn thành bài “{lessons[0].title}” trước")
    expect(items.nth(1).get_by_role("link")).to_have_count(0)

    # The URL of a locked lesson, typed by hand: a page that says why, not the lesson.
    response = page.goto(f"{live_server.url}{lessons[2].url}")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bài học này chưa mở")
    expect(page.locator("main")).to_contain_text(f"hoàn thành bài “{lessons[1].title}” trước")
    expect(page.locator(".lesson-body")).to_have_count(0)

    # Lesson 1, passed: lesson 2 opens; "Bài tiếp theo" from an incomplete lesson 2 keeps the learner there.
    page.goto(f"{live_server.url}{lessons[0].url}")
    answer_check(page, correct_choices(lessons[0]))
    expect(page.locator("#complete")).to_contain_text("Bạn đã hoàn thành bài học này")
    page.get_by_role("link", name=re.compile("^Bài tiếp theo")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[1].title)
    page.get_by_role("button", name=re.compile("^Bài tiếp theo")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[1].title)
    expect(page.locator(".messages")).to_contain_text("bài tiếp theo mở khi bạn hoàn thành bài này")


def expect_certificate_panel(page, certificate):
    panel = page.locator("#certificate")
    expect(panel).to_contain_text(certificate.display_serial)
    expect(panel.get_by_role("link", name="Tải bản PDF")).to_be_visible()
    expect(panel.get_by_role("link", name="Trang kiểm tra chứng nhận")).to_have_attribute("href", certificate.verify_url)
    shared = quote(certificate.verify_url, safe="")
    expect(panel.get_by_role("link", name="Chia sẻ qua Zalo")).to_have_attribute("href", re.compile(re.escape(shared)))
    expect(panel.get_by_role("link", name="Chia sẻ lên Facebook")).to_have_attribute(
        "href", f"https://www.facebook.com/sharer/sharer.php?u={shared}")
    expect(panel.locator(".cert-share-url")).to_have_value(certificate.verify_url)
    panel.get_by_role("button", name="Sao chép liên kết").click()
    expect(panel.locator(".cert-copied")).to_have_text("Đã sao chép đường dẫn.")
    with page.expect_download() as download:
        panel.get_by_role("link", name="Tải bản PDF").click()
    assert download.value.suggested_filename == f"{certificate.display_serial}.pdf"


def test_completing_a_course_shows_the_certificate_at_once(live_server, demo_site, phone_page, make_user):
    from certificates.models import Certificate
    from courses.models import CourseIndexPage, CoursePage, LessonPage, Topic

    index = CourseIndexPage.objects.filter(locale__language_code="vi").first()
    course = index.add_child(instance=CoursePage(
        title="Nhận diện tin nhắn giả mạo", slug="nhan-dien-tin-nhan-gia-mao", summary="Một bài học ngắn.",
        topic=Topic.objects.get(slug="an-toan-tren-mang"),
    ))
    course.save_revision().publish()
    lesson = course.add_child(instance=LessonPage(title="Bài 1: Tin nhắn giả mạo ngân hàng", slug="bai-1"))
    lesson.save_revision().publish()
    learner = make_user(full_name="Đỗ Thị Mai")
    page = phone_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in(page.context, live_server, learner)

    page.goto(f"{live_server.url}{CoursePage.objects.get(pk=course.pk).url}")
    page.get_by_role("button", name="Bắt đầu học").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
    page.get_by_role("button", name="Hoàn thành bài học").click()

    # The course page confirms it, with the certificate itself, not only a congratulation.
    expect(page.locator(".messages")).to_contain_text("Chúc mừng")
    certificate = Certificate.objects.get(user=learner, kind=Certificate.Kind.COURSE)
    expect_certificate_panel(page, certificate)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_passing_a_test_shows_the_certificate_on_the_result_page(live_server, phone_page, make_user):
    from django.test import Client
    from django.urls import reverse

    from certificates.models import Certificate
    from demo.bank import CIVIL_SERVANT_SLUG, load_demo_bank
    from quizzes import services as quiz_services
    from quizzes.models import Assessment
    from tests.quizzes.answers import right_fields

    load_demo_bank()
    learner = make_user(full_name="Vũ Văn Tâm")
    assessment = Assessment.objects.get(slug=CIVIL_SERVANT_SLUG)
    attempt = quiz_services.attempt_start(assessment=assessment, user=learner)
    client = Client()
    client.force_login(learner)
    for item in attempt.items.select_related("version"):  # every answer right, through the answer endpoint
        body = {"position": item.position, "fields": right_fields(item)}
        response = client.post(reverse("quizzes:answer", args=[attempt.pk]), json.dumps(body),
                               content_type="application/json")
        assert response.status_code == 200
    page = phone_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in(page.context, live_server, learner)
    page.goto(f"{live_server.url}{reverse('quizzes:attempt', args=[attempt.pk])}")
    page.get_by_role("button", name="Nộp bài").click()
    page.get_by_role("button", name="Xác nhận nộp bài").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả bài kiểm tra")
    certificate = Certificate.objects.get(user=learner, kind=Certificate.Kind.ASSESSMENT)
    expect_certificate_panel(page, certificate)
