"""A lesson video in Debian's Chromium at phone size: the generated clip, transcoded by the real task, plays in the
browser's own player (H.264 MP4: Debian's Chromium plays it, checked with ``canPlayType``); nothing of the video is
fetched before play and the page stays within the lesson budget; the seconds played are recorded, seeking ahead
does not count, another device resumes where the learner stopped, and the required 90% completes the lesson only
once it is met."""

import json

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.courses.conftest import build_course  # noqa: F401  (the course-tree fixture)
from tests.e2e.test_accessibility import assert_no_blocking_violation
from tests.video.conftest import CAPTIONS_VI, clips, make_video, video_block, video_root  # noqa: F401

pytestmark = pytest.mark.e2e

BUDGET = 150 * 1024


def login(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def _time(page):
    return page.evaluate("document.querySelector('video').currentTime")


def _wait_for(page, script, arg=None, timeout=20.0):
    """Poll ``script`` (a function of ``arg``) until it is true (``wait_for_function`` evaluates a string, which the
    site's CSP forbids)."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"timed out waiting for {script}"
        page.wait_for_timeout(50)


def _play_until(page, seconds):
    page.evaluate("() => { const el = document.querySelector('video'); el.muted = true; return el.play(); }")
    _wait_for(page, "s => document.querySelector('video').currentTime >= s", seconds)


def _pause_and_report(page):
    with page.expect_response(lambda r: "/video/watch/" in r.url and r.request.method == "POST") as posted:
        page.evaluate("document.querySelector('video').pause()")
    assert posted.value.status == 200, posted.value.text()
    return posted.value.json()


def test_video_plays_counts_what_was_watched_and_resumes(live_server, browser, build_course, make_video, clips,  # noqa: F811
                                                          make_user):
    from courses import selectors, services
    from courses.models import LessonPage
    from courses.video.models import VideoWatch

    video = make_video(clips["mp4"], captions_vi=CAPTIONS_VI)
    assert video.ready, video.error
    tree = build_course(lessons=2, check_in=0)
    lesson = tree["lessons"][0]
    lesson.body = json.dumps([{"type": "paragraph", "value": "<p>Xem video rồi làm theo.</p>"},
                              video_block(video, required=90)])
    lesson.save_revision().publish()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    learner = make_user()
    services.enrol(user=learner, course=tree["course"])

    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", is_mobile=True, has_touch=True)
    phone.set_default_timeout(20_000)
    login(phone, live_server, learner)
    page = phone.new_page()
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.goto(f"{live_server.url}{lesson.url}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.createElement('video').canPlayType('video/mp4; codecs=\"avc1.4D401E, mp4a.40.2\"')") \
        == "probably"  # Debian's Chromium plays H.264/AAC: MP4 renditions only (no WebM needed)
    expect(page.get_by_text("Cần xem ít nhất 90% video này")).to_be_visible()
    expect(page.locator("[data-video-status]")).to_have_text("Bạn đã xem 0% video này.")

    # Before play: the poster, never the video; the whole page within the lesson budget.
    urls = [r.url for r in requests]
    assert not [u for u in urls if u.endswith(".mp4")], urls
    assert any(u.endswith("/poster.jpg") for u in urls)
    transferred = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in requests)
    print(f"lesson page with a video, before play: {transferred} bytes transferred")
    assert transferred <= BUDGET, (transferred, [(r.url, r.sizes()["responseBodySize"]) for r in requests])
    assert all(u.startswith(live_server.url) for u in urls)  # no third-party host
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_no_blocking_violation(page, live_server, "lesson with a video")  # axe-core, WCAG 2.x A/AA
    # The small rendition is the one a phone picks (listed first); the captions track loads.
    _play_until(page, 1.5)
    assert page.evaluate("document.querySelector('video').currentSrc").endswith("/small.mp4")
    state = _pause_and_report(page)
    first = VideoWatch.objects.get(user=learner, video=video)
    assert 1.4 <= first.seconds <= 2.2 and state["seconds"] == first.seconds
    assert first.position == pytest.approx(_time(page), abs=0.05)
    assert page.evaluate("document.querySelector('video').textTracks[0].language") == "vi"

    # Another device: it resumes where the learner stopped, then the learner skips ahead to the end.
    tablet = browser.new_context(viewport={"width": 800, "height": 1000}, locale="vi-VN")
    tablet.set_default_timeout(20_000)
    login(tablet, live_server, learner)
    other = tablet.new_page()
    with other.expect_response(lambda r: "/video/watch/" in r.url and r.request.method == "GET"):
        other.goto(f"{live_server.url}{lesson.url}")
    expect(other.locator("[data-video-status]")).to_contain_text("Tiếp tục từ 0:01")
    _play_until(other, 0.1)
    resumed_at = _time(other)
    assert resumed_at >= first.position - 0.1, resumed_at  # not from the beginning
    _wait_for(other, "s => document.querySelector('video').currentTime >= s", first.position + 0.5)
    other.evaluate("document.querySelector('video').currentTime = 3.2")  # skipping ahead
    with other.expect_response(lambda r: "/video/watch/" in r.url and r.request.method == "POST") as ended:
        _wait_for(other, "() => document.querySelector('video').ended")
    assert ended.value.status == 200
    other.wait_for_timeout(300)
    watch = VideoWatch.objects.get(user=learner, video=video)
    assert watch.seconds < 3.3 and watch.percent < 90, watch.intervals  # the skipped part is not counted
    assert any(start >= 3.0 for start, _end in watch.intervals) and watch.reports >= 2
    assert not selectors.course_progress(user=learner, course=tree["course"]).is_done(lesson)
    page.reload()
    expect(page.locator("#complete")).to_contain_text("bạn còn cần xem đủ video “Cài đặt VNeID”")

    # Watching the skipped part meets the 90%: the lesson is complete.
    page.evaluate("document.querySelector('video').currentTime = 1.0")
    _play_until(page, 3.4)
    state = _pause_and_report(page)
    assert state["met"] and state["percent"] >= 90
    expect(page.locator("[data-video-status]")).to_contain_text("Đã xem đủ để hoàn thành bài.")
    assert selectors.course_progress(user=learner, course=tree["course"]).is_done(lesson)
    # The sharper rendition on request, from the same second.
    page.evaluate("document.querySelector('video').currentTime = 1.0")
    page.get_by_label("Chất lượng video").select_option(label="Rõ hơn (480p)")
    _play_until(page, 1.6)
    assert page.evaluate("document.querySelector('video').currentSrc").endswith("/medium.mp4")
    page.evaluate("document.querySelector('video').pause()")
    page.reload()
    expect(page.locator("#complete")).to_contain_text("Bạn đã hoàn thành bài học này.")
    tablet.close()
    phone.close()
