"""An H5P activity in a lesson, at phone size: the self-hosted player shows the fake "H5P.TestActivity 1.0"
library, clicking inside it sends an xAPI statement, the server keeps the best score, and the lesson's H5P
requirement (``activities_passed``) follows the block's threshold."""

import json

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.courses.conftest import build_course  # noqa: F401  (the course-tree fixture)
from tests.h5p.builders import build, upload

pytestmark = pytest.mark.e2e


@pytest.fixture
def h5p_lesson_block():
    """Until ``courses.blocks.LessonStreamBlock`` has ``h5p = H5PActivityBlock()``, add it for this test."""
    from courses.h5p.blocks import H5PActivityBlock
    from courses.models import LessonPage

    stream_block = LessonPage._meta.get_field("body").stream_block
    added = "h5p" not in stream_block.child_blocks
    if added:
        block = H5PActivityBlock()
        block.set_name("h5p")
        stream_block.child_blocks["h5p"] = block
    yield
    if added:
        del stream_block.child_blocks["h5p"]


def login(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def test_learner_plays_h5p_activity_on_phone(live_server, phone_page, build_course, h5p_lesson_block, make_user,  # noqa: F811
                                             settings, tmp_path):
    from courses.h5p.models import H5PResult, H5PStatement
    from courses.h5p.selectors import activities_passed
    from courses.h5p.services import h5p_import
    from courses.models import LessonPage

    settings.H5P_ROOT = str(tmp_path / "h5p")
    activity = h5p_import(source=upload(build()), title="Nhận diện tin nhắn lừa đảo")
    tree = build_course(lessons=1, check_in=0)
    lesson = tree["lessons"][0]
    lesson.body = json.dumps([
        {"type": "paragraph", "value": "<p>Hãy làm bài tập dưới đây.</p>"},
        {"type": "h5p", "value": {"activity": activity.pk, "title": "", "required": True, "pass_percent": 60}},
    ])
    lesson.save_revision().publish()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    # The block's chooser feeds Wagtail's reference index: the admin's usage view lists this lesson.
    from wagtail.models import ReferenceIndex

    assert ReferenceIndex.get_references_to(activity).filter(object_id=str(lesson.pk)).exists()
    learner = make_user()
    login(phone_page, live_server, learner)

    page = phone_page
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}{lesson.url}")
    expect(page.get_by_role("heading", name="Nhận diện tin nhắn lừa đảo")).to_be_visible()
    expect(page.get_by_text("Cần đạt ít nhất 60% để hoàn thành bài.")).to_be_visible()
    frame = page.frame_locator(".h5p-player iframe")
    low = frame.locator("button.h5p-test-low")
    expect(low).to_be_visible()
    assert not activities_passed(learner, lesson)

    with page.expect_response(lambda r: "/h5p/xapi/" in r.url and r.request.method == "POST") as posted:
        low.click()
    assert posted.value.status == 201
    expect(page.locator("[data-h5p-status]")).to_contain_text("30%")
    assert H5PResult.objects.get(user=learner, activity=activity).best_scaled == pytest.approx(0.3)
    assert not activities_passed(learner, lesson)

    with page.expect_response(lambda r: "/h5p/xapi/" in r.url and r.request.method == "POST") as posted:
        frame.locator("button.h5p-test-high").click()
    assert posted.value.status == 201
    expect(page.locator("[data-h5p-status]")).to_contain_text("90%")
    result = H5PResult.objects.get(user=learner, activity=activity)
    assert result.best_scaled == pytest.approx(0.9) and result.completed
    assert activities_passed(learner, lesson)
    # The statement's actor is the learner's account on this site, whatever the browser said.
    assert H5PStatement.objects.filter(user=learner).exists()
    # Phone width: the player fits, nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # After a reload the best score is shown by the server; no request ever left this server (no CDN).
    page.reload()
    expect(frame.locator("button.h5p-test-low")).to_be_visible()
    expect(page.locator("[data-h5p-status]")).to_contain_text("90%")
    outside = [url for url in requested if not url.startswith(live_server.url) and not url.startswith(("data:", "about:", "blob:"))]
    assert outside == []
    assert any("/static/h5p/player/main.bundle.js" in url for url in requested)
    assert any(f"/h5p/files/content/{activity.pk}/h5p.json" in url for url in requested)
