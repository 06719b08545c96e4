"""Accessibility and reach (issue 8), in headless Chromium:

- axe-core (vendored in static/vendor/axe-core/, `npm run build:axe`), loaded from the project's own static files,
  finds no serious or critical violation on the home page, the catalogue, a lesson, the standard test, its result,
  the certificate verification page and the manager dashboard, at 360 px and on a desktop;
- every learner page fits 360 px (no horizontal scroll) and every image has an alt attribute, with normal text
  and with the larger-text option turned on through its button;
- a keyboard-only learner skips to the content, goes through the main navigation to a lesson, passes its
  knowledge check, answers a test question and submits the test, seeing a focus indicator all the way;
- the test timer speaks to screen readers only at 10, 5 and 1 minute left (page.clock drives the countdown).
"""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
AXE_URL = "/static/vendor/axe-core/axe.min.js"
BLOCKING = ("serious", "critical")
COURSE_SLUG = "an-toan-tren-khong-gian-mang"


def log_in(context, live_server, user):
    """The user's session cookie in the browser context (the log-in form has its own tests)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])


def axe_violations(page, live_server) -> list[dict]:
    """axe-core's violations on the page as it is now (all rules axe runs by default: WCAG 2.x A/AA and best practice)."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(url=live_server.url + AXE_URL)
    return page.evaluate("() => axe.run(document, {resultTypes: ['violations'], iframes: false}).then(r => r.violations)")


def describe(name: str, violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{name}] {v['impact']}: {v['id']} – {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary[:300]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more elements")
    return "\n".join(lines)


def assert_no_blocking_violation(page, live_server, name: str) -> None:
    blocking = [v for v in axe_violations(page, live_server) if v["impact"] in BLOCKING]
    assert not blocking, "axe-core found serious or critical violations:\n" + describe(name, blocking)


def overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0: no horizontal scroll)."""
    return page.evaluate("() => document.scrollingElement.scrollWidth - window.innerWidth")


def images_without_alt(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('img:not([alt])')].map(i => i.outerHTML.slice(0, 120))")


@pytest.fixture
def audited(demo_site):
    """The demo with what the audited pages need: a finished standard test (its result), an open one, a course
    certificate, plus the users who see them. Returns (pages, users): pages maps a name to (path, user key)."""
    from certificates.services import certificate_issue_for_course
    from courses.models import CoursePage
    from demo.bank import CIVIL_SERVANT_SLUG
    from lms.accounts.models import User
    from quizzes.models import Assessment
    from quizzes.services import attempt_answer, attempt_start, attempt_submit

    learner = User.objects.get(email="congchuc@hocvuso.vn")
    users = {"learner": learner, "manager": User.objects.get(email="quanly@hocvuso.vn"), "anonymous": None}
    course = CoursePage.objects.get(slug=COURSE_SLUG, locale__language_code="vi")
    lesson = course.lessons()[0]
    standard = Assessment.objects.get(slug=CIVIL_SERVANT_SLUG)
    finished = attempt_start(assessment=standard, user=learner)
    for item in finished.items.all()[:10]:
        choices = item.version.data.get("choices") or []
        if item.version.qtype in ("single", "truefalse") and choices:
            attempt_answer(attempt=finished, user=learner, position=item.position,  # the page's opaque ids
                           getlist=lambda name, i=item: [next(iter(i.aliases["choices"]))])
    attempt_submit(attempt=finished, user=learner)
    current = attempt_start(assessment=standard, user=learner)
    certificate, _ = certificate_issue_for_course(user=learner, course=course)
    pages = {
        "home": ("/", "learner"),
        "catalogue": ("/khoa-hoc/", "learner"),
        "lesson": (lesson.url, "learner"),
        "standard test": (f"/quizzes/attempt/{current.pk}/", "learner"),
        "summary before submitting": (f"/quizzes/attempt/{current.pk}/submit/", "learner"),
        "test result": (f"/quizzes/attempt/{finished.pk}/result/", "learner"),
        "certificate verification": (f"/verify/{certificate.serial}/", "anonymous"),
        "manager dashboard": ("/manage/", "manager"),
        "saved courses": ("/learn/my-learning/saved/", "learner"),  # issue 20
    }
    learner_pages = {
        **{k: v for k, v in pages.items() if k != "manager dashboard"},
        "course": (course.url, "learner"),
        "my learning": ("/learn/my-learning/", "learner"),
        "tests": ("/quizzes/", "learner"),
        "test detail": (f"/quizzes/{CIVIL_SERVANT_SLUG}/", "learner"),
        "my certificates": ("/certificates/", "learner"),
        "profile": ("/accounts/profile/", "learner"),
        "verification form": ("/verify/", "anonymous"),
        "log-in": ("/accounts/login/", "anonymous"),
        "sign-up": ("/accounts/signup/", "anonymous"),
    }
    return pages, learner_pages, users


def contexts_by_user(browser, live_server, users, **options):
    out = {}
    for key, user in users.items():
        context = browser.new_context(locale="vi-VN", **options)
        context.set_default_timeout(20_000)
        if user is not None:
            log_in(context, live_server, user)
        out[key] = context
    return out


def test_axe_finds_no_serious_or_critical_violation(live_server, audited, browser):
    pages, _, users = audited
    failures, notes, checked = [], [], 0
    for label, options in (("360px", {"viewport": PHONE, "is_mobile": True, "has_touch": True}),
                           ("desktop", {"viewport": DESKTOP})):
        contexts = contexts_by_user(browser, live_server, users, **options)
        try:
            for name, (path, who) in pages.items():
                page = contexts[who].new_page()
                response = page.goto(live_server.url + path)
                assert response.status == 200, f"{name} ({path}): HTTP {response.status}"
                if name == "catalogue" and label == "desktop":
                    page.locator("details.filter-more > summary").click()  # the folded filters are audited too
                violations = axe_violations(page, live_server)
                checked += 1
                blocking = [v for v in violations if v["impact"] in BLOCKING]
                if blocking:
                    failures.append(describe(f"{name} {label} {path}", blocking))
                rest = [v for v in violations if v["impact"] not in BLOCKING]
                if rest:
                    notes.append(describe(f"{name} {label} {path}", rest))
                if checked == 1:  # the harness sees a violation when there is one: grey on white, an unnamed link
                    page.evaluate("""() => { const p = document.createElement('p'); p.textContent = 'Mờ';
                        p.style.color = '#bbb'; const a = document.createElement('a'); a.href = '/';
                        document.querySelector('main').append(p, a); }""")
                    seeded = {v["id"] for v in axe_violations(page, live_server) if v["impact"] in BLOCKING}
                    assert {"color-contrast", "link-name"} <= seeded, f"axe missed seeded violations: {seeded}"
                page.close()
        finally:
            for context in contexts.values():
                context.close()
    if notes:
        print("axe, moderate and minor (not failing):\n" + "\n".join(notes))
    assert checked == 2 * len(pages)
    assert not failures, "axe-core found serious or critical violations:\n" + "\n".join(failures)


def test_learner_pages_fit_360px_with_normal_and_larger_text(live_server, audited, browser):
    _, learner_pages, users = audited
    contexts = contexts_by_user(browser, live_server, users, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        def sweep(text_size):
            problems = []
            for name, (path, who) in learner_pages.items():
                page = contexts[who].new_page()
                page.goto(live_server.url + path)
                if (extra := overflow(page)) > 0:
                    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                        .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""")
                    problems.append(f"{name} ({path}), {text_size} text: {extra}px too wide; widest: {wide}")
                if missing := images_without_alt(page):
                    problems.append(f"{name} ({path}): images without alt: {missing}")
                page.close()
            return problems

        problems = sweep("normal")

        # The larger-text option, turned on with its own button (a cookie for each browser context).
        sizes = {}
        for who, context in contexts.items():
            page = context.new_page()
            page.goto(live_server.url + "/")
            before = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('h1, h2')).fontSize)")
            toggle = page.get_by_role("button", name="Chữ lớn hơn")
            expect(toggle).to_have_attribute("aria-pressed", "false")
            toggle.click()
            expect(page.locator("html")).to_have_class(re.compile(r"\btext-large\b"))
            expect(toggle).to_have_attribute("aria-pressed", "true")  # a toggle keeps its name
            after = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('h1, h2')).fontSize)")
            sizes[who] = (before, after)
            page.close()
        for who, (before, after) in sizes.items():
            assert after >= before * 1.2, f"{who}: larger text is not larger ({before}px → {after}px)"
        problems += sweep("larger")
    finally:
        for context in contexts.values():
            context.close()
    assert not problems, "\n".join(problems)


def focus_info(page) -> dict:
    return page.evaluate("""() => {
        const e = document.activeElement, s = getComputedStyle(e);
        return {tag: e.tagName.toLowerCase(), type: e.type || '', id: e.id, cls: String(e.className || ''),
                text: (e.innerText || e.value || '').trim().slice(0, 80), name: e.name || '',
                label: e.labels && e.labels[0] ? e.labels[0].innerText.trim() : '',
                inNav: !!e.closest('nav.site-nav'), checked: !!e.checked,
                outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow};
    }""")


def assert_focus_visible(info):
    style, width = info["outline"].split()
    assert style != "none" and float(width.rstrip("px")) >= 2, f"no visible focus indicator on {info}"


def tab_to(page, predicate, limit=120, backwards=False):
    """Press Tab (or Shift+Tab) until the focused element matches; each stop must show a focus indicator."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        info = focus_info(page)
        if info["tag"] not in ("body", "main"):
            assert_focus_visible(info)
        if predicate(info):
            return info
    raise AssertionError(f"not reached with the keyboard in {limit} presses (last focus: {focus_info(page)})")


def test_keyboard_only_learner(live_server, demo_site, browser):
    from courses.models import CoursePage
    from demo.bank import CIVIL_SERVANT_SLUG
    from lms.accounts.models import User
    from quizzes.models import Assessment, Attempt
    from quizzes.services import attempt_start

    learner = User.objects.get(email="congchuc@hocvuso.vn")
    course = CoursePage.objects.get(slug=COURSE_SLUG, locale__language_code="vi")
    lesson = course.lessons()[0]
    correct = [[c["text"] for c in q["choices"] if c["correct"]]
               for block in lesson.knowledge_checks() for q in block.value["questions"]]
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    context.set_default_timeout(20_000)
    log_in(context, live_server, learner)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        # First Tab: the skip link, visible and outlined; Enter moves focus to the main content.
        info = tab_to(page, lambda i: True, limit=1)
        assert "skip-link" in info["cls"], info
        box = page.locator(".skip-link").bounding_box()
        assert box and box["x"] >= 0 and box["width"] > 0, f"the skip link is not on screen when focused: {box}"
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "main"

        # Back up to the main navigation, follow "Khóa học" to the catalogue, then the course.
        tab_to(page, lambda i: i["inNav"] and i["text"] == "Khóa học", backwards=True)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert "/khoa-hoc/" in page.url
        tab_to(page, lambda i: i["tag"] == "a" and i["text"] == course.title)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
        tab_to(page, lambda i: i["tag"] == "button" and i["text"] == "Bắt đầu học")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)

        # The knowledge check: Space ticks a box or picks a radio button, arrow keys move within a radio group,
        # Tab goes to the next question, Enter on "Kiểm tra" submits.
        info = tab_to(page, lambda i: i["tag"] == "input" and i["type"] in ("radio", "checkbox"))
        for answers in correct:
            group = info["name"]
            for _ in range(12):  # a question has a handful of choices
                if info["name"] != group:
                    break
                if info["type"] == "checkbox":
                    if (info["label"] in answers) != info["checked"]:
                        page.keyboard.press("Space")
                    page.keyboard.press("Tab")
                elif info["label"] in answers:
                    page.keyboard.press("Space")
                    page.keyboard.press("Tab")
                else:
                    page.keyboard.press("ArrowDown")
                info = focus_info(page)
                assert_focus_visible(info)
            else:
                raise AssertionError(f"question {group}: none of {answers} reached with the keyboard (focus: {info})")
        if not (info["tag"] == "button" and info["text"].startswith("Kiểm tra")):
            tab_to(page, lambda i: i["tag"] == "button" and i["text"].startswith("Kiểm tra"))
        page.keyboard.press("Enter")
        expect(page.locator(".check-result")).to_contain_text("Đạt")
        assert_no_blocking_violation(page, live_server, "lesson with its check answered")

        # The standard test: answer the first question and submit, with the keyboard only.
        assessment = Assessment.objects.get(slug=CIVIL_SERVANT_SLUG)
        attempt = attempt_start(assessment=assessment, user=learner)
        page.goto(f"{live_server.url}/quizzes/attempt/{attempt.pk}/")
        first = page.locator("fieldset.quiz-question").first
        info = tab_to(page, lambda i: i["tag"] in ("input", "select") and i["type"] != "hidden")
        if info["type"] in ("radio", "checkbox"):
            page.keyboard.press("Space")
        elif info["tag"] == "select":
            page.keyboard.press("ArrowDown")
        else:
            page.keyboard.type("3")
        expect(first.locator(".quiz-status")).to_have_text("Đã lưu")
        tab_to(page, lambda i: i["tag"] == "button" and i["text"] == "Nộp bài", limit=400)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Trước khi nộp bài")  # the summary first
        assert_no_blocking_violation(page, live_server, "summary before submitting")
        tab_to(page, lambda i: i["tag"] == "button" and i["text"] == "Xác nhận nộp bài", limit=200)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả bài kiểm tra")
        assert_no_blocking_violation(page, live_server, "result after a keyboard submit")
        attempt.refresh_from_db()
        assert attempt.state == Attempt.State.SUBMITTED
        assert attempt.items.filter(position=1, response__isnull=False).exists()
    finally:
        context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the migrated framework and groups
def test_timer_speaks_only_at_thresholds(live_server, browser, make_user):
    """The visible countdown is silent (role=timer, aria-live=off); the polite region says 10, 5 and 1 minute once each."""
    from django.utils import timezone

    from demo.bank import CIVIL_SERVANT_SLUG, load_demo_bank
    from quizzes.models import Assessment
    from quizzes.services import attempt_start

    load_demo_bank()
    learner = make_user(full_name="Lê Văn Bình")
    attempt = attempt_start(assessment=Assessment.objects.get(slug=CIVIL_SERVANT_SLUG), user=learner)
    attempt.deadline = timezone.now() + timedelta(minutes=12)
    attempt.save(update_fields=["deadline"])
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    context.set_default_timeout(20_000)
    log_in(context, live_server, learner)
    page = context.new_page()
    try:
        page.clock.install()
        page.goto(f"{live_server.url}/quizzes/attempt/{attempt.pk}/")
        timer, region = page.locator("#quiz-timer"), page.locator("#quiz-timer-alert")
        expect(timer).to_have_attribute("role", "timer")
        expect(timer).to_have_attribute("aria-live", "off")
        expect(region).to_have_attribute("aria-live", "polite")
        page.clock.run_for(1000)
        expect(region).to_have_text("")
        # Record every change of the live region (what a screen reader would say), and how often the timer changed.
        page.evaluate("""() => {
            window.__said = []; window.__ticks = 0;
            const region = document.getElementById('quiz-timer-alert');
            new MutationObserver(() => window.__said.push([region.textContent,
                document.getElementById('quiz-timer').textContent])).observe(region, {childList: true, subtree: true, characterData: true});
            new MutationObserver(() => window.__ticks++).observe(document.getElementById('quiz-timer'),
                {childList: true, subtree: true, characterData: true});
        }""")
        left = int(timer.get_attribute("data-seconds-left"))
        assert 11 * 60 < left <= 12 * 60
        page.clock.run_for((left - 600 - 20) * 1000)  # to 10:20 left: nothing said yet
        assert page.evaluate("() => window.__said") == []
        page.clock.run_for(60_000)   # crosses 10:00
        page.clock.run_for(240_000)  # to 5:20
        page.clock.run_for(60_000)   # crosses 5:00
        page.clock.run_for(240_000)  # to 0:20, crossing 1:00
        said = page.evaluate("() => window.__said")
        ticks = page.evaluate("() => window.__ticks")
        assert [text for text, _ in said] == ["Còn 10 phút.", "Còn 5 phút.", "Còn 1 phút."], said
        assert [shown for _, shown in said] == ["10:00", "5:00", "1:00"], said
        assert ticks >= 500, f"the visible countdown changed only {ticks} times"

        # A page opened with 7 minutes left says so once, then stays quiet until 5 minutes.
        attempt.deadline = timezone.now() + timedelta(minutes=7)
        attempt.save(update_fields=["deadline"])
        page.goto(f"{live_server.url}/quizzes/attempt/{attempt.pk}/")
        page.clock.run_for(2000)
        expect(page.locator("#quiz-timer-alert")).to_have_text("Còn chưa đến 10 phút.")
        page.clock.run_for(60_000)
        expect(page.locator("#quiz-timer-alert")).to_have_text("Còn chưa đến 10 phút.")
    finally:
        context.close()
