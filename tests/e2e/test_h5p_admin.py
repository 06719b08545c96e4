"""H5P end to end through the Wagtail admin, with the project's own content type (H5P.HocVuSoTrueFalse 1.0, built
by ``courses.h5p.contenttype.sample_package``, the same bytes as ``manage.py build_h5p_sample``):

1. the demo editor (Editors) tries to upload the .h5p: refused, it would install a new library;
2. the demo reviewer (Moderators) uploads it: the library is installed;
3. the editor uploads the same .h5p again (library reused: content only, allowed), adds a lesson under a demo
   course, places the activity with the H5P block's snippet chooser, marks it required at 100 % and submits it
   for moderation (no publish button);
4. the reviewer approves, which publishes it;
5. the learner, on a phone, cannot complete the lesson yet, answers the question inside the player's iframe
   ("Sai", then "Kiểm tra"); the platform stores the xAPI statements and the score; the lesson can then be
   completed.
"""

import re

import pytest
from playwright.sync_api import expect

from courses.h5p.contenttype import SAMPLE_QUESTION, sample_package
from tests.e2e.privacy_notice import accept_privacy_notice

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "HocVuSo@2025"
EDITOR, REVIEWER, LEARNER = "bientap@hocvuso.vn", "kiemduyet@hocvuso.vn", "hocvien@hocvuso.vn"
COURSE_SLUG = "an-toan-tren-khong-gian-mang"
LESSON_TITLE = "Không đọc mã OTP cho người lạ"
ACTIVITY_TITLE = "Mã OTP và cuộc gọi lạ"
ADD_ACTIVITY = "/admin/snippets/h5p/h5pactivity/add/"


def admin_login(page, base_url, email):
    page.goto(f"{base_url}/admin/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/admin/login/"))
    accept_privacy_notice(page)  # the demo account's first sign-in: the privacy notice first
    expect(page).to_have_url(re.compile(r"/admin/$"))


def upload_activity(page, base_url, package, title):
    page.goto(f"{base_url}{ADD_ACTIVITY}")
    page.locator("#id_title").fill(title)
    page.locator("#id_package").set_input_files(
        {"name": "hocvuso-truefalse.h5p", "mimeType": "application/zip", "buffer": package}
    )
    page.get_by_role("button", name=re.compile(r"^(Lưu|Save)$")).first.click()


def player_settled(page, frame):
    """The player has started and its iframe stopped resizing (so the buttons below it no longer move)."""
    expect(page.locator(".h5p-player[data-h5p-ready]")).to_have_count(1)
    expect(frame.get_by_text(SAMPLE_QUESTION)).to_be_visible()
    iframe = page.locator(".h5p-player iframe")
    height = None
    for _ in range(50):
        current = iframe.evaluate("el => el.getBoundingClientRect().height")
        if current == height:
            return
        height = current
        page.wait_for_timeout(200)


def logout_admin(page):
    page.context.clear_cookies()


@pytest.fixture
def h5p_storage(settings, tmp_path):
    settings.H5P_ROOT = str(tmp_path / "h5p")
    from django.core.cache import cache

    cache.clear()
    return tmp_path / "h5p"


def test_editor_places_the_projects_own_h5p_and_the_learner_passes_it(
    live_server, demo_site, h5p_storage, desktop_page, phone_page
):
    from django.contrib.auth import get_user_model

    from courses.h5p.models import H5PActivity, H5PLibrary, H5PResult, H5PStatement
    from courses.models import CoursePage, LessonCompletion, LessonPage

    base = live_server.url
    package = sample_package()
    course = CoursePage.objects.get(slug=COURSE_SLUG, locale__language_code="vi")
    admin = desktop_page

    # 1. The editor may not install the new library.
    admin_login(admin, base, EDITOR)
    upload_activity(admin, base, package, ACTIVITY_TITLE)
    expect(admin.locator("body")).to_contain_text("Chỉ người có quyền “Cài thư viện H5P” mới làm được")
    assert not H5PActivity.objects.exists() and not H5PLibrary.objects.exists()
    logout_admin(admin)

    # 2. The reviewer uploads the same package, which installs H5P.HocVuSoTrueFalse 1.0.
    admin_login(admin, base, REVIEWER)
    upload_activity(admin, base, package, "Mã OTP (cài thư viện)")
    expect(admin.locator(".messages")).to_be_visible()
    library = H5PLibrary.objects.get()
    assert (library.machine_name, library.version) == ("H5P.HocVuSoTrueFalse", "1.0.0")
    assert (h5p_storage / "libraries" / "H5P.HocVuSoTrueFalse-1.0" / "truefalse.js").is_file()
    logout_admin(admin)

    # 3. The editor uploads it (content only now), then writes a lesson that requires it.
    admin_login(admin, base, EDITOR)
    upload_activity(admin, base, package, ACTIVITY_TITLE)
    expect(admin.locator(".messages")).to_be_visible()
    activity = H5PActivity.objects.get(title=ACTIVITY_TITLE)
    assert activity.main_library == library and H5PLibrary.objects.count() == 1

    admin.goto(f"{base}/admin/pages/add/courses/lessonpage/{course.pk}/")
    admin.locator("#id_title").fill(LESSON_TITLE)
    admin.locator("button.c-sf-add-button").first.click()
    admin.get_by_text("Hoạt động tương tác (H5P)", exact=True).first.click()
    admin.locator("#body-0-value-activity-chooser").get_by_role("button", name=re.compile(r"^(Chọn|Choose)")).click()
    modal = admin.locator(".modal")
    expect(modal).to_be_visible()
    modal.get_by_role("link", name=ACTIVITY_TITLE, exact=True).click()
    expect(modal).to_be_hidden()
    expect(admin.locator("#body-0-value-activity-chooser")).to_contain_text(ACTIVITY_TITLE)
    admin.locator("#body-0-value-required").check()
    admin.locator("#body-0-value-pass_percent").fill("100")
    admin.get_by_role("button", name="Thao tác khác").click()
    expect(admin.get_by_role("button", name=re.compile("^Xuất bản$|^Publish$"))).to_have_count(0)
    admin.get_by_role("button", name=re.compile("Kiểm duyệt nội dung")).click()
    expect(admin.locator(".messages")).to_be_visible()
    lesson = LessonPage.objects.get(title=LESSON_TITLE)
    assert not lesson.live and lesson.current_workflow_state.status == "in_progress"
    block = lesson.get_latest_revision_as_object().body[0]
    assert block.block_type == "h5p"
    assert (block.value["activity"].pk, block.value["required"], block.value["pass_percent"]) == (activity.pk, True, 100)
    logout_admin(admin)

    # 4. The reviewer approves, which publishes the lesson.
    admin_login(admin, base, REVIEWER)
    admin.goto(f"{base}/admin/pages/{lesson.pk}/edit/")
    admin.get_by_role("button", name="Thao tác khác").click()
    admin.get_by_role("button", name=re.compile(r"^(Phê chuẩn|Approve)\s*(và|and) (Xuất bản|publish)$", re.I)).click()
    expect(admin.locator(".messages")).to_be_visible()
    lesson.refresh_from_db()
    assert lesson.live

    # 5. The learner, on a phone.
    page = phone_page
    learner = get_user_model().objects.get(email=LEARNER)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email hoặc số điện thoại").fill(LEARNER)
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    accept_privacy_notice(page)

    page.goto(f"{base}{lesson.url}")
    expect(page.get_by_role("heading", level=1)).to_have_text(LESSON_TITLE)
    page.locator(".start-course").get_by_role("button", name="Bắt đầu học").click()  # enrolment is explicit
    expect(page.get_by_role("heading", level=1)).to_have_text(LESSON_TITLE)
    expect(page.get_by_text("Cần đạt ít nhất 100% để hoàn thành bài.")).to_be_visible()
    frame = page.frame_locator(".h5p-player iframe")
    player_settled(page, frame)

    # Not yet: the end of the lesson says what is missing (the required activity), and nothing is recorded.
    expect(page.locator("#complete")).to_contain_text("chưa hoàn thành: bạn còn cần làm đạt hoạt động")
    assert not LessonCompletion.objects.filter(user=learner).exists()

    stored = []
    page.on("response", lambda r: stored.append(r.status) if "/h5p/xapi/" in r.url else None)
    frame.get_by_role("button", name="Sai", exact=True).click()
    frame.get_by_role("button", name="Kiểm tra").click()
    for _ in range(100):  # "answered" then "completed", posted one after the other
        if len(stored) >= 2:
            break
        page.wait_for_timeout(100)
    assert stored == [201, 201]
    expect(frame.get_by_text("Chính xác!")).to_be_visible()
    expect(page.locator("[data-h5p-status]")).to_contain_text("100%")

    verbs = sorted(s.verb.rsplit("/", 1)[-1] for s in H5PStatement.objects.filter(user=learner, activity=activity))
    assert verbs == ["answered", "completed"]
    answered = H5PStatement.objects.get(user=learner, activity=activity, verb__endswith="/answered")
    assert answered.scaled == 1.0 and answered.success is True
    assert answered.statement["actor"]["account"]["name"] == str(learner.pk)
    result = H5PResult.objects.get(user=learner, activity=activity)
    assert result.best_scaled == 1.0 and result.completed and result.success

    # Passing the required activity completed the lesson (the one rule: its required items are passed).
    assert LessonCompletion.objects.filter(user=learner, lesson__title=LESSON_TITLE).exists()
    page.reload()
    expect(page.locator("[data-h5p-status]")).to_contain_text("100%")
    player_settled(page, frame)
    expect(page.get_by_text("Bạn đã hoàn thành bài học này.")).to_be_visible()
    expect(page.locator("[data-h5p-status]")).to_contain_text("Đã đạt")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
