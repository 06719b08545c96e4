"""Issue 8: the key pages, the H5P player and the Wagtail admin work under the Content-Security-Policy.

Every frame records ``securitypolicyviolation`` events, and the console is watched for CSP errors; both must stay
empty on each page, for a visitor, a learner (lesson with an H5P activity, the test page with autosave, the
result), a manager (dashboard, exports) and an editor (admin home, page editor).
"""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

RECORD = """
window.__cspViolations = window.__cspViolations || [];
document.addEventListener("securitypolicyviolation", function (e) {
  var sink = window.__cspViolations;
  try { if (window.top && window.top.__cspViolations) { sink = window.top.__cspViolations; } } catch (err) {}
  sink.push(e.violatedDirective + " " + e.blockedURI + " @ " + e.documentURI);
});
"""


@pytest.fixture
def watched_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.set_default_timeout(20_000)
    context.add_init_script(RECORD)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and "Content Security Policy" in m.text
            and page.console_errors.append(m.text))
    yield page
    context.close()


def login_as(page, live_server, email):
    from lms.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def assert_clean(page, url):
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__cspViolations || []")
    assert violations == [] and page.console_errors == [], (url, violations, page.console_errors)


def visit(page, live_server, path):
    response = page.goto(f"{live_server.url}{path}")
    assert response.status < 400, (path, response.status)
    assert_clean(page, path)
    return response


def h5p_lesson(settings, tmp_path):
    """A demo lesson with the test H5P activity appended (the demo content has none)."""
    from courses.h5p.services import h5p_import
    from courses.models import LessonPage
    from tests.h5p.builders import build, upload

    settings.H5P_ROOT = str(tmp_path / "h5p")
    activity = h5p_import(source=upload(build()), title="Hoạt động kiểm tra CSP")
    lesson = LessonPage.objects.live().filter(locale__language_code="vi").first()
    lesson.body.append(("h5p", {"activity": activity, "title": "", "required": False, "pass_percent": 0}))
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def test_key_pages_have_no_csp_violation(live_server, demo_site, watched_page, settings, tmp_path):
    from quizzes import services
    from quizzes.models import Assessment

    page = watched_page
    lesson = h5p_lesson(settings, tmp_path)

    # A visitor.
    response = visit(page, live_server, "/")
    assert "nonce-" in response.headers["content-security-policy"] or "'self'" in response.headers[
        "content-security-policy"]
    for path in ("/learn/courses/", "/quizzes/", "/verify/", "/accounts/login/", lesson.url):
        visit(page, live_server, path)
    # Canary: an injected inline script is blocked, and the recorder sees it (so an empty list means something).
    page.evaluate("""() => { var s = document.createElement("script"); s.textContent = "window.__ran = 1";
                             document.head.appendChild(s); }""")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in page.evaluate("window.__cspViolations"))
    page.evaluate("window.__cspViolations.length = 0")
    page.console_errors.clear()

    # A learner: the H5P player starts, the test page autosaves an answer, the result page draws its chart.
    login_as(page, live_server, "hocvien@hocvuso.vn")
    visit(page, live_server, "/learn/my-learning/")
    visit(page, live_server, lesson.url)
    expect(page.locator("[data-h5p-ready='1']").first).to_be_attached(timeout=20_000)
    page.frame_locator(".h5p-player iframe").first.locator("button.h5p-test-low").click()  # sends xAPI
    expect(page.locator("[data-h5p-status]").first).to_contain_text("%")
    assert_clean(page, lesson.url)
    from lms.accounts.models import User

    learner = User.objects.get(email="hocvien@hocvuso.vn")
    assessment = Assessment.objects.filter(is_published=True).first()
    attempt = services.attempt_start(assessment=assessment, user=learner)
    visit(page, live_server, f"/quizzes/attempt/{attempt.pk}/")
    page.locator("input[type=radio], input[type=checkbox]").first.check()
    expect(page.locator("[data-save-status], .save-status, [aria-live]").first).to_be_attached()
    page.wait_for_timeout(1500)  # the autosave request
    assert_clean(page, "attempt")
    services.attempt_submit(attempt=attempt, user=learner)
    visit(page, live_server, f"/quizzes/attempt/{attempt.pk}/result/")
    visit(page, live_server, "/certificates/")

    # A manager.
    login_as(page, live_server, "quanly@hocvuso.vn")
    for path in ("/manage/", "/manage/exports/", "/manage/roster/", "/certificates/manage/"):
        visit(page, live_server, path)

    # An editor in the Wagtail admin: home, the page tree, the editor of a lesson.
    login_as(page, live_server, "bientap@hocvuso.vn")
    visit(page, live_server, "/admin/")
    visit(page, live_server, f"/admin/pages/{lesson.get_parent().pk}/")
    visit(page, live_server, f"/admin/pages/{lesson.pk}/edit/")
    expect(page.get_by_role("button", name=re.compile("Lưu bản nháp|Save draft"))).to_be_visible()
    assert_clean(page, "page editor")
