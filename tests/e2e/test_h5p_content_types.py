"""Content types shaped like the real ones (``tests/h5p/contenttypes.py``) play in Chromium through the bundled
h5p-standalone, on a phone: each imports, shows, is answered, and its ``answered``/``completed`` statements are
stored with the score. A hostile SVG never runs, opened directly or inside a playing activity. A reviewer's patch
upgrade of a shared library leaves the activities made before it playing."""

import json

import pytest
from django.db import OperationalError
from django.test import Client
from playwright.sync_api import expect

from tests.courses.conftest import build_course  # noqa: F401  (the course-tree fixture)
from tests.e2e.test_h5p import h5p_lesson_block  # noqa: F401  (the lesson block fixture)
from tests.h5p import contenttypes as ct
from tests.h5p.builders import build, upload

pytestmark = pytest.mark.e2e


def login(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def lesson_with(tree, activity, index=0):
    from courses.models import LessonPage

    lesson = tree["lessons"][index]
    lesson.body = json.dumps([
        {"type": "paragraph", "value": "<p>Hãy làm bài tập dưới đây.</p>"},
        {"type": "h5p", "value": {"activity": activity.pk, "title": "", "required": True, "pass_percent": 100}},
    ])
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def answer(page, frame, kind):
    """Answer every question of ``kind`` correctly; return the responses of the xAPI posts that scored."""
    posts = []
    page.on("response", lambda r: posts.append(r) if "/h5p/xapi/" in r.url and r.request.method == "POST" else None)
    if kind == "choice":
        frame.get_by_role("button", name=ct.CORRECT_ANSWER).click()
    elif kind == "dragwords":
        for word in ct.WORDS:
            frame.get_by_role("button", name=word, exact=True).click()
    else:
        for question in ct.COLUMN_QUESTIONS:
            right = next(a["text"] for a in question["answers"] if a["correct"])
            frame.get_by_role("button", name=right).click()
    return posts


@pytest.mark.parametrize("kind", ct.KINDS)
def test_content_type_plays_and_score_is_stored(live_server, phone_page, build_course, h5p_lesson_block,  # noqa: F811
                                                make_user, settings, tmp_path, kind):
    from courses.h5p.models import H5PResult, H5PStatement
    from courses.h5p.selectors import activities_passed
    from courses.h5p.services import h5p_import

    settings.H5P_ROOT = str(tmp_path / "h5p")
    activity = h5p_import(source=upload(ct.package(kind)))
    lesson = lesson_with(build_course(lessons=1, check_in=0), activity)
    learner = make_user()
    login(phone_page, live_server, learner)
    page = phone_page
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and "/h5p/files/" in r.url else None)
    page.goto(f"{live_server.url}{lesson.url}")
    frame = page.frame_locator(".h5p-player iframe")
    expect(page.locator(".h5p-player[data-h5p-ready]")).to_have_count(1)
    # The libraries' CSS and the font from FontAwesome (three levels down) were loaded into the player.
    expect(frame.locator(".h5p-joubelui-button").first).to_be_visible()
    assert frame.locator(".h5p-joubelui-button").first.evaluate("e => getComputedStyle(e).minHeight") == "44px"
    posts = answer(page, frame, kind)
    expect(page.locator("[data-h5p-status]")).to_contain_text("100%")
    # "answered" shows the score; "completed" is posted right after it (one at a time): wait for it too.
    # SQLite's in-memory test database locks a table while the live server writes it: a read that meets the lock
    # is retried like the file database's busy timeout would.
    for _ in range(100):
        try:
            if H5PStatement.objects.filter(user=learner, sub_content=False, verb__endswith="/completed").exists():
                break
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
        page.wait_for_timeout(100)
    assert posts and all(r.status == 201 for r in posts)
    result = H5PResult.objects.get(user=learner, activity=activity)
    assert result.best_scaled == pytest.approx(1.0) and result.completed
    verbs = [s.verb.rsplit("/", 1)[-1] for s in H5PStatement.objects.filter(user=learner, sub_content=False)
             .order_by("pk")]
    assert verbs[-2:] == ["answered", "completed"]
    if kind == "column":  # the children's statements are stored as sub-content and do not score on their own
        assert H5PStatement.objects.filter(user=learner, sub_content=True).count() >= 2
    assert activities_passed(learner, lesson)
    assert failed == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def watch_for_script(page):
    """Every sign that a hostile SVG's code ran: a request to /pwned-…, or a dialog."""
    signs = []
    page.on("request", lambda request: signs.append(request.url) if "/pwned" in request.url else None)

    def dialog(d):
        signs.append(f"dialog: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    return signs


def test_hostile_svg_never_runs(live_server, desktop_page, build_course, h5p_lesson_block, make_user,  # noqa: F811
                                settings, tmp_path):
    from courses.h5p.services import h5p_import

    settings.H5P_ROOT = str(tmp_path / "h5p")
    activity = h5p_import(source=upload(build(ct.evil_files())))
    page = desktop_page
    signs = watch_for_script(page)

    # Control: the same file served without the project's headers does run here (so the watch below can see it).
    page.route(f"{live_server.url}/control.svg", lambda route: route.fulfill(
        status=200, content_type="image/svg+xml", body=ct.EVIL_SVG))
    page.route(f"{live_server.url}/pwned-*", lambda route: route.fulfill(status=204, body=""))
    page.goto(f"{live_server.url}/control.svg")
    page.wait_for_timeout(300)
    assert any("/pwned-script" in s for s in signs) and any("/pwned-onload" in s for s in signs)
    signs.clear()
    page.unroute(f"{live_server.url}/control.svg")

    # Opened directly: the library's copy (kept as it was, served sandboxed) and the content's (cleaned).
    for path in ("libraries/H5P.HvsChoice-1.0/images/evil.svg", f"content/{activity.pk}/content/images/evil.svg"):
        response = page.goto(f"{live_server.url}/h5p/files/{path}")
        assert response.headers["content-type"] == "image/svg+xml"
        assert "sandbox" in response.headers["content-security-policy"]
        page.mouse.move(150, 75)
        page.mouse.click(150, 75)
        page.wait_for_timeout(300)
    assert signs == []

    # Inside a playing activity: the SVGs in frames of the player's iframe, hovered and clicked.
    lesson = lesson_with(build_course(lessons=1, check_in=0), activity)
    login(page, live_server, make_user())
    page.goto(f"{live_server.url}{lesson.url}")
    frame = page.frame_locator(".h5p-player iframe")
    expect(frame.locator("iframe.h5p-hvs-frame")).to_have_count(2)
    for index in range(2):
        svg = frame.frame_locator("iframe.h5p-hvs-frame").nth(index).locator("rect")
        expect(svg).to_be_visible()
        svg.hover()
        svg.click()
    page.wait_for_timeout(500)
    assert signs == []
    # The activity still plays and scores.
    with page.expect_response(lambda r: "/h5p/xapi/" in r.url and r.request.method == "POST") as posted:
        frame.get_by_role("button", name=ct.CORRECT_ANSWER).click()
    assert posted.value.status == 201
    assert signs == []


def test_library_patch_upgrade_keeps_activities_playing(live_server, phone_page, browser, build_course,  # noqa: F811
                                                        h5p_lesson_block, make_user, settings, tmp_path):  # noqa: F811
    """Activity A runs on H5P.HvsChoice 1.0.0; a reviewer uploads a package with 1.0.1 (the library's code
    changes); A keeps playing, on the new patch, and a learner's answer is still stored."""
    from courses.h5p.models import H5PLibrary, H5PResult
    from courses.h5p.services import h5p_import

    settings.H5P_ROOT = str(tmp_path / "h5p")
    reviewer = make_user(groups=["Moderators"])
    first = h5p_import(source=upload(ct.package("choice")), user=reviewer, title="Trước nâng cấp")
    tree = build_course(lessons=2, check_in=0)
    lesson = lesson_with(tree, first)
    learner = make_user()
    login(phone_page, live_server, learner)
    phone_page.goto(f"{live_server.url}{lesson.url}")
    frame = phone_page.frame_locator(".h5p-player iframe")
    expect(frame.get_by_role("button", name=ct.CORRECT_ANSWER)).to_be_visible()
    expect(frame.locator(".h5p-hvs-choice.hvs-patched")).to_have_count(0)

    files = ct.files("choice")
    metadata = json.loads(files["H5P.HvsChoice-1.0/library.json"])
    metadata["patchVersion"] = 1
    files["H5P.HvsChoice-1.0/library.json"] = json.dumps(metadata).encode()
    files["H5P.HvsChoice-1.0/js/choice.js"] = ct.CHOICE_JS.replace(
        'box.classList.add("h5p-hvs-choice");', 'box.classList.add("h5p-hvs-choice", "hvs-patched");').encode()
    second = h5p_import(source=upload(build(files)), user=reviewer, title="Sau nâng cấp")
    library = H5PLibrary.objects.get(machine_name="H5P.HvsChoice")
    assert library.patch_version == 1
    assert first.libraries.filter(pk=library.pk).exists() and second.main_library_id == library.pk

    # A learner opening A after the upgrade (a fresh browser, nothing cached) gets the new patch, and it scores.
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", is_mobile=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    other = make_user()
    login(page, live_server, other)
    page.goto(f"{live_server.url}{lesson.url}")
    frame = page.frame_locator(".h5p-player iframe")
    expect(frame.locator(".h5p-hvs-choice.hvs-patched")).to_have_count(1)
    with page.expect_response(lambda r: "/h5p/xapi/" in r.url and r.request.method == "POST") as posted:
        frame.get_by_role("button", name=ct.CORRECT_ANSWER).click()
    assert posted.value.status == 201
    expect(page.locator("[data-h5p-status]")).to_contain_text("100%")
    assert H5PResult.objects.get(user=other, activity=first).best_scaled == pytest.approx(1.0)
    context.close()

    # The learner who had A open before the upgrade still answers in the page already loaded.
    with phone_page.expect_response(lambda r: "/h5p/xapi/" in r.url and r.request.method == "POST") as posted:
        phone_page.frame_locator(".h5p-player iframe").get_by_role("button", name=ct.CORRECT_ANSWER).click()
    assert posted.value.status == 201
    assert H5PResult.objects.get(user=learner, activity=first).best_scaled == pytest.approx(1.0)
