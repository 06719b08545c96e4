"""Issue 15, "Words, numbers and dates", done-when: a new citizen and a civil servant go through the main pages on a
360 px phone and on a desktop, first in Vietnamese, then in English (switched with the footer's picker), and on every
page visited:

- axe-core (the project's own copy, static/vendor/axe-core/) finds no serious or critical violation;
- the HTML arrives gzip-compressed, and on a phone nothing scrolls sideways;
- every date reads the language's one format (Vietnamese 05/12/2026, English 5 Dec 2026);
- a Vietnamese page has no English UI words left ("Forbidden", "Code:"…), an English page's header and footer no
  Vietnamese, the picker names each language in itself.

And each point of the issue on its page: the home title says the site name once; a course's duration is the same on
the catalogue and on the course page; the result of a failed test says why first, in one sentence, names the areas
in the page's language, and its chart keeps every label inside and never draws a bar short of its line green; the
certificate's links, the sitemap and the issuer's did:web are on the address the platform is served from; a page
the learner may not see says so in their language instead of "403 Forbidden".
"""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from .test_accessibility import BLOCKING, describe, log_in, overflow
from .test_standard_test import answer

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
COURSE_SLUG = "an-toan-tren-khong-gian-mang"
AXE_URL = "/static/vendor/axe-core/axe.min.js"

ANY_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2} [A-Z][a-z]{2} \d{4}\b")
DATE_FORMAT = {"vi": re.compile(r"^\d{2}/\d{2}/\d{4}$"), "en": re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}$")}
# English UI words that used to reach the Vietnamese pages (Django's and allauth's untranslated strings).
ENGLISH_LEFTOVERS = re.compile(r"\b(Forbidden|Code:|Password|Remember Me|minutes?|Bad Request|Not Found)\b")
VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáãèéìíòóõùúýÀÁÃÈÉÌÍÒÓÕÙÚÝĩũĨŨ\u1ea0-\u1ef9]")
ALLOWED_VIETNAMESE = ("Học vụ số", "Tiếng Việt")
MINUTES = re.compile(r"(\d+)\s*(?:phút|minutes?)")


class Walk:
    """One person's browser: visits pages and checks what every page must satisfy."""

    def __init__(self, page, live_server, language, phone):
        self.page, self.live_server, self.language, self.phone = page, live_server, language, phone
        self.visited: list[str] = []

    def goto(self, path, name, *, status=200):
        """``path`` as the Vietnamese page has it; the English one is under /en/ (i18n_patterns)."""
        if self.language == "en" and not path.startswith(("/en/", "/verify/", "/.well-known/")):
            path = "/en" + path
        response = self.page.goto(self.live_server.url + path)
        assert response.status == status, f"{name} ({path}): HTTP {response.status}"
        self.check(name, response)
        return response

    def check(self, name, response=None):
        page = self.page
        where = f"{name} [{self.language}, {'360px' if self.phone else 'desktop'}] {page.url}"
        self.visited.append(where)
        if response is not None:  # the browser asked for gzip; the HTML came compressed
            assert response.headers.get("content-encoding") == "gzip", f"{where}: HTML not compressed"
        expect(page.locator("html"), where).to_have_attribute("lang", self.language)
        if not page.evaluate("() => !!window.axe"):
            page.add_script_tag(url=self.live_server.url + AXE_URL)
        violations = page.evaluate("() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
        blocking = [v for v in violations if v["impact"] in BLOCKING]
        assert not blocking, "axe-core found serious or critical violations:\n" + describe(where, blocking)
        if self.phone:
            assert overflow(page) <= 0, f"{where}: {overflow(page)}px wider than the phone"
        text = page.locator("body").inner_text()
        for date in ANY_DATE.findall(text):
            assert DATE_FORMAT[self.language].match(date), f"{where}: date {date!r} is not in the {self.language} format"
        options = page.locator("#lang-select option").all_inner_texts()
        assert options == ["Tiếng Việt", "English"], f"{where}: language picker {options}"
        if self.language == "vi":
            leftover = ENGLISH_LEFTOVERS.findall(page.locator("main").inner_text())
            assert not leftover, f"{where}: English left in the Vietnamese page: {leftover}"
        else:
            chrome = page.locator(".site-header").inner_text() + "\n" + page.locator(".site-footer").inner_text()
            for allowed in ALLOWED_VIETNAMESE:
                chrome = chrome.replace(allowed, "")
            assert not VIETNAMESE_LETTERS.search(chrome), f"{where}: Vietnamese in the English header/footer: {chrome}"

    def switch_language(self, code):
        """The footer's picker, as a learner uses it."""
        self.page.locator("#lang-select").select_option(code)
        self.page.locator(".lang-form button[type=submit]").click()
        self.language = code
        expect(self.page.locator("html")).to_have_attribute("lang", code)


@pytest.fixture
def people(demo_site, live_server, settings):
    """A new citizen (no group, nothing done yet but one finished course) and the demo civil servant. The platform
    is served where the live server listens: what `make run` passes as SERVED_URL."""
    from certificates.services import certificate_issue_for_course
    from courses.models import CoursePage
    from lms.accounts.models import User
    from lms.organisations.models import PopulationGroup

    settings.BASE_URL = settings.CERT_BASE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.BASE_URL_SET = False
    course = CoursePage.objects.get(slug=COURSE_SLUG, locale__language_code="vi")
    citizen = User.objects.create_user(email="ba-lan@example.vn", password="Bà-Lan#2026", full_name="Nguyễn Thị Lan",
                                       population_group=PopulationGroup.objects.get(code="adult"))
    civil_servant = User.objects.get(email="congchuc@hocvuso.vn")
    for user in (citizen, civil_servant):
        certificate_issue_for_course(user=user, course=course)
    return {"citizen": citizen, "civil servant": civil_servant, "course": course}


def new_walk(browser, live_server, user, phone):
    context = browser.new_context(locale="vi-VN", **(PHONE if phone else DESKTOP))
    context.set_default_timeout(20_000)
    log_in(context, live_server, user)
    return Walk(context.new_page(), live_server, "vi", phone)


def minutes_in(text) -> int:
    found = MINUTES.search(text)
    assert found, text
    return int(found.group(1))


def walk_learning_pages(walk, course):
    """Home, catalogue, course, lesson, my learning, certificates, account: in the walk's language."""
    from courses.models import CourseIndexPage

    page, language = walk.page, walk.language
    localized = course.get_translation(course.locale.__class__.objects.get(language_code=language))
    home_path = "/" if language == "vi" else "/en/"
    walk.goto(home_path, "home")
    title = page.title()
    assert title.count(settings.WAGTAIL_SITE_NAME) == 1, title
    if language == "vi":
        assert title == settings.WAGTAIL_SITE_NAME

    catalogue = CourseIndexPage.objects.get(locale__language_code=language)
    walk.goto(catalogue.url, "catalogue")
    card = page.locator(".cards > li", has=page.get_by_role("link", name=localized.title, exact=True))
    catalogue_minutes = minutes_in(card.locator(".meta").inner_text())

    card.get_by_role("link", name=localized.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(localized.title)
    walk.check("course")
    course_minutes = minutes_in(page.locator(".course-header .meta").inner_text())
    assert catalogue_minutes == course_minutes, (catalogue_minutes, course_minutes)

    walk.goto(localized.lessons()[0].url, "lesson")
    walk.goto("/learn/my-learning/", "my learning")
    walk.goto("/certificates/", "my certificates")
    share = page.locator(".cert-share-url").first
    url = share.input_value()
    assert url.startswith(walk.live_server.url + "/verify/"), url  # the served address, not 127.0.0.1:8000
    if language == "vi":  # /verify/ has no language prefix: it is served in Vietnamese (not part of this walk's fix)
        walk.goto(url.removeprefix(walk.live_server.url), "certificate verification")
    walk.goto("/accounts/profile/", "account")


@pytest.mark.parametrize("phone", [True, False], ids=["360px", "desktop"])
def test_citizen_walks_the_main_pages_in_both_languages(live_server, browser, people, phone):
    walk = new_walk(browser, live_server, people["citizen"], phone)
    walk_learning_pages(walk, people["course"])
    walk.goto("/quizzes/", "tests")
    walk.switch_language("en")
    walk_learning_pages(walk, people["course"])
    walk.goto("/quizzes/", "tests")
    # The sitemap and the issuer's DID are on the served address too.
    sitemap = walk.page.request.get(live_server.url + "/sitemap.xml").text()
    assert f"<loc>{live_server.url}/" in sitemap and "http://localhost/" not in sitemap
    did = walk.page.request.get(live_server.url + "/.well-known/did.json").json()
    host = live_server.url.split("://", 1)[1]
    assert did["id"] == "did:web:" + host.replace(":", "%3A"), did["id"]
    assert len(walk.visited) == 17, walk.visited


def result_checks(walk):
    """The result of a failed test: why first, areas in the page's language, a chart that shows what it says."""
    page = walk.page
    first = page.locator("main h1 + *")
    expect(first).to_have_id("fail-reason")
    sentence = first.inner_text().strip()
    assert sentence.endswith(".") and sentence.count(". ") == 0, sentence  # one sentence
    assert sentence.startswith("Chưa đạt vì" if walk.language == "vi" else "Not passed because"), sentence
    names = page.locator(".quiz-profile-table tbody th").all_inner_texts()
    assert len(names) == 6
    if walk.language == "en":
        assert not [n for n in names if VIETNAMESE_LETTERS.search(n)], names
    chart_checks(page)


def chart_checks(page):
    rows = page.evaluate("""() => {
        const svg = document.querySelector('svg.quiz-chart'), box = svg.viewBox.baseVal;
        return [...svg.querySelectorAll('.quiz-chart-row')].map(g => {
            const value = g.querySelector('.quiz-chart-value').getBBox();
            const label = g.querySelector('.quiz-chart-label').getBBox();
            const bar = g.querySelector('.quiz-chart-bar');
            return {area: g.dataset.area, text: g.querySelector('.quiz-chart-value').textContent,
                    right: Math.max(value.x + value.width, label.x + label.width), limit: box.x + box.width,
                    bar: bar.width.baseVal.value, line: g.querySelector('.quiz-chart-pass').x1.baseVal.value,
                    low: bar.classList.contains('quiz-chart-bar-low')};
        });
    }""")
    assert len(rows) == 6
    for row in rows:
        assert row["right"] <= row["limit"] + 0.5, f"label of area {row['area']} cut: {row}"
        if row["text"] != "–":
            assert row["low"] == (row["bar"] < row["line"] - 0.01), f"area {row['area']} coloured wrongly: {row}"
    return rows


@pytest.mark.parametrize("phone", [True, False], ids=["360px", "desktop"])
def test_civil_servant_takes_the_standard_test_in_both_languages(live_server, browser, people, phone):
    from demo.bank import CIVIL_SERVANT_SLUG
    from quizzes.models import Attempt

    user = people["civil servant"]
    Attempt.objects.filter(user=user).delete()  # the demo's own attempts: this walk takes the test from the start
    walk = new_walk(browser, live_server, user, phone)
    page = walk.page
    walk.goto("/quizzes/", "tests")
    walk.goto(f"/quizzes/{CIVIL_SERVANT_SLUG}/", "test detail")
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    expect(page).to_have_url(re.compile(r"/quizzes/attempt/\d+/$"))
    walk.check("test")
    questions = page.locator("fieldset.quiz-question")
    for n in range(3):  # three answers out of thirty: a fail
        answer(questions.nth(n))
    page.get_by_role("button", name="Nộp bài").click()
    walk.check("summary before submitting")
    page.get_by_role("button", name="Xác nhận nộp bài").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả bài kiểm tra")
    walk.check("result")
    result_checks(walk)
    result_url = page.url

    # A page the civil servant may not see says so in Vietnamese.
    walk.goto("/manage/", "forbidden", status=403)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bạn không có quyền xem trang này")

    walk_learning_pages(walk, people["course"])

    # English, from the result page (the picker takes the learner to the same page in English).
    page.goto(result_url)
    walk.switch_language("en")
    expect(page).to_have_url(result_url.replace(live_server.url, live_server.url + "/en"))
    walk.check("result")
    result_checks(walk)
    walk.goto(f"/quizzes/{CIVIL_SERVANT_SLUG}/", "test detail")
    walk.goto("/quizzes/", "tests")
    walk.goto("/manage/", "forbidden", status=403)
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have permission to see this page")
    walk_learning_pages(walk, people["course"])
    assert len(walk.visited) == 25, walk.visited


def test_result_chart_full_bars_and_bars_below_the_line(live_server, browser, people):
    """A result with a 100% area and an area below the test's pass mark that has no minimum of its own: the 100%
    label was cut by the chart's edge and the short bar was green."""
    from demo.bank import CIVIL_SERVANT_SLUG
    from quizzes.models import Assessment, Attempt
    from quizzes.services import attempt_start, attempt_submit

    user = people["citizen"]
    attempt = attempt_start(assessment=Assessment.objects.get(slug=CIVIL_SERVANT_SLUG), user=user)
    attempt_submit(attempt=attempt, user=user)
    attempt.refresh_from_db()
    result = attempt.result
    scores = [100.0, 40.0, 100.0, 55.0, 80.0, 100.0]
    for area, score in zip(result["areas"], scores, strict=True):
        area.update(score=score, percent=score, questions=area["questions"] or 5, pass_mark=None, passed=None)
    result.update(score=70.0, pass_mark=60.0, passed=False)
    Attempt.objects.filter(pk=attempt.pk).update(result=result)
    for phone in (True, False):
        walk = new_walk(browser, live_server, user, phone)
        walk.goto(f"/quizzes/attempt/{attempt.pk}/result/", "result")
        rows = chart_checks(walk.page)
        assert [r["text"] for r in rows] == ["100%", "40%", "100%", "55%", "80%", "100%"]
        assert [r["low"] for r in rows] == [False, True, False, True, False, False]
        walk.page.context.close()
