"""Serving (ranges, captions, originals never) and the watch endpoint: only the learner's own progress, merged on
the server, rate-limited; a required percentage gates the lesson; the lesson page shows the player."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses import selectors, services
from courses.video import services as video_services
from courses.video import views as video_views
from courses.video.models import Video, VideoWatch
from tests.video.conftest import video_block

pytestmark = pytest.mark.django_db


def _post(client, url, data, **extra):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def _url(lesson, block_id):
    return reverse("video:watch", args=[lesson.pk, block_id])


# --- files -------------------------------------------------------------------------------------------------------


def test_renditions_answer_range_requests(make_video, clips, client):
    video = make_video(clips["small"])
    url = video.sources()[0]["url"]
    size = int(video.renditions[0]["bytes"])
    whole = client.get(url)
    assert whole.status_code == 200 and whole["Content-Type"] == "video/mp4" and whole["Accept-Ranges"] == "bytes"
    assert int(whole["Content-Length"]) == size and "immutable" in whole["Cache-Control"]
    assert whole["X-Content-Type-Options"] == "nosniff"
    part = client.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 100-199/{size}"
    assert b"".join(part.streaming_content) == b"".join(whole.streaming_content)[100:200]
    tail = client.get(url, HTTP_RANGE="bytes=-10")
    assert tail.status_code == 206 and tail["Content-Range"] == f"bytes {size - 10}-{size - 1}/{size}"
    assert client.get(url, HTTP_RANGE=f"bytes={size}-").status_code == 416
    assert client.head(url).status_code == 200


def test_only_the_current_revision_is_served_and_originals_never(make_video, clips, client, settings):
    video = make_video(clips["small"])
    assert client.get(video.poster_url)["Content-Type"] == "image/jpeg"
    assert client.get(reverse("video:file", args=[video.pk, "0123abcd", "small.mp4"])).status_code == 404
    assert client.get(reverse("video:file", args=[video.pk, video.revision, "medium.mp4"])).status_code == 404
    assert client.get(reverse("video:file", args=[video.pk, video.revision, "..%2F..%2Foriginals"])).status_code == 404
    settings.MEDIA_ROOT = str(video_root_parent(settings))
    assert client.get(f"/media/video/{video.original}").status_code == 404
    assert client.get(f"/media/video/renditions/{video.folder}/small.mp4").status_code == 404


def video_root_parent(settings):
    from pathlib import Path

    return Path(settings.VIDEO_ROOT).parent


def test_captions_are_served_as_webvtt(video_lesson, client):
    _tree, _lesson, video, _block = video_lesson()
    response = client.get(reverse("video:captions", args=[video.pk, "vi"]))
    assert response.status_code == 200 and response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response.content.decode().startswith("WEBVTT")
    assert client.get(reverse("video:captions", args=[video.pk, "en"])).status_code == 404


# --- the lesson page ---------------------------------------------------------------------------------------------


def test_lesson_page_shows_the_player_for_everyone_alike(video_lesson, client, learner):
    _tree, lesson, video, block_id = video_lesson(required=75, clip="mp4")
    html = client.get(lesson.url).content.decode()
    tag = re.search(r"<video[^>]*>", html).group(0)
    assert 'preload="none"' in tag and f'poster="{video.poster_url}"' in tag
    assert f'data-video-watch="{_url(lesson, block_id)}"' in tag
    sources = re.findall(r'<source src="([^"]+)" type="video/mp4">', html)
    assert [s.rsplit("/", 1)[-1] for s in sources] == ["small.mp4", "medium.mp4"]  # the light one first (3G)
    assert re.search(r'<track kind="captions" src="/video/captions/\d+/vi.vtt\?v=\w+" srclang="vi" label="Tiếng Việt" default>', html)
    assert "Hãy mở ứng dụng trên điện thoại." in html  # the transcript, from the captions
    assert "Cần xem ít nhất 75% video này" in html
    # Nothing of the learner in the block: the same markup signed in (their progress is fetched by the script).
    client.force_login(learner)
    VideoWatch.objects.create(user=learner, video=video, intervals=[[0, 2]], seconds=2, percent=50, position=2)
    signed_in = client.get(lesson.url).content.decode()
    figure = re.search(r'<figure class="video".*?</figure>', html, re.S).group(0)
    assert figure == re.search(r'<figure class="video".*?</figure>', signed_in, re.S).group(0)


def test_a_video_still_processing_says_so(video_lesson, make_video, clips, client):
    video = make_video(clips["small"])
    Video.objects.filter(pk=video.pk).update(status=Video.Status.PROCESSING)
    _tree, lesson, _video, _block = video_lesson(video=Video.objects.get(pk=video.pk), required=50)
    html = client.get(lesson.url).content.decode()
    assert "<video" not in html and "đang được chuẩn bị" in html
    assert selectors.lesson_requirements(lesson) == []  # not required of anyone until it plays


def test_external_video_is_a_link_with_a_notice_and_never_required(build_course, client, monkeypatch):
    from wagtail.blocks.struct_block import StructBlockValidationError
    from wagtail.embeds.blocks import EmbedBlock

    from courses.blocks import VideoBlock

    monkeypatch.setattr(EmbedBlock, "clean", lambda self, value: value)  # no request to YouTube from a test

    block = VideoBlock()
    value = block.to_python({"title": "Hướng dẫn trên YouTube", "embed": "https://www.youtube.com/watch?v=abc",
                             "required_percent": 50})
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(value)
    assert "required_percent" in caught.value.block_errors
    html = block.render(block.to_python({"title": "Hướng dẫn", "embed": "https://www.youtube.com/watch?v=abc"}))
    assert "<iframe" not in html and 'href="https://www.youtube.com/watch?v=abc"' in html
    assert "bên ngoài Học vụ số" in html and "Không bắt buộc xem" in html


# --- the watch endpoint ----------------------------------------------------------------------------------------


def test_watching_is_recorded_merged_and_resumed(video_lesson, client, learner):
    _tree, lesson, video, block_id = video_lesson()
    client.force_login(learner)
    url = _url(lesson, block_id)
    assert client.get(url).json() == {"seconds": 0, "percent": 0, "duration": round(video.duration, 2),
                                      "position": 0, "resume": 0, "required": 0, "met": True}
    state = _post(client, url, {"intervals": [[0, 1.5]], "position": 1.5}).json()
    assert state["seconds"] == 1.5 and state["percent"] == 37 and state["resume"] == 1.5
    # Seeking ahead from 1.5 s to 3 s and playing to the end: the skipped part does not count.
    state = _post(client, url, {"intervals": [[0, 1.5], [3, 4.0]], "position": 4.0}).json()
    watch = VideoWatch.objects.get(user=learner, video=video)
    assert watch.intervals == [[0, 1.5], [3, video.duration]] and watch.seconds == pytest.approx(2.5, abs=0.02)
    assert state["resume"] == 0  # watched to the end: the next time starts from the beginning
    # A second device reports what it played; the union counts.
    other = Client()
    other.force_login(learner)
    _post(other, url, {"intervals": [[1, 3.2]], "position": 3.2})
    assert VideoWatch.objects.get(user=learner, video=video).percent == 100


def test_a_forged_total_is_not_trusted(video_lesson, learner):
    _tree, _lesson, video, _block = video_lesson()
    long = Video.objects.get(pk=video.pk)
    long.duration = 3600  # as if an hour long
    now = timezone.now()
    watch = video_services.watch_record(user=learner, video=long, intervals=[(0, 3600)], position=3600, now=now)
    assert watch.seconds == 60  # the first report credits at most a minute
    watch = video_services.watch_record(user=learner, video=long, intervals=[(0, 3600)], position=3600,
                                        now=now + timedelta(seconds=10))
    assert watch.seconds == 60 + 10 * 2 + 5


def test_only_for_a_signed_in_learner_and_a_video_in_a_live_lesson(video_lesson, client, learner, make_user):
    tree, lesson, video, block_id = video_lesson(lessons=2)
    url = _url(lesson, block_id)
    assert client.get(url).status_code == 401
    assert _post(client, url, {"intervals": [[0, 1]]}).status_code == 401
    client.force_login(learner)
    assert client.get(_url(lesson, "not-a-block")).status_code == 404
    assert client.get(_url(tree["lessons"][1], block_id)).status_code == 404  # another lesson's number
    lesson.unpublish()
    assert _post(client, url, {"intervals": [[0, 1]]}).status_code == 404
    assert not VideoWatch.objects.exists()


def test_another_learners_progress_is_never_read_nor_written(video_lesson, client, learner, make_user):
    _tree, lesson, video, block_id = video_lesson()
    other = make_user()
    VideoWatch.objects.create(user=other, video=video, intervals=[[0, 3]], seconds=3, percent=75, position=3)
    client.force_login(learner)
    assert client.get(_url(lesson, block_id)).json()["percent"] == 0
    _post(client, _url(lesson, block_id), {"intervals": [[0, 1]], "user": other.pk, "position": 1})
    assert VideoWatch.objects.get(user=other).seconds == 3 and VideoWatch.objects.get(user=learner).seconds == 1


@pytest.mark.parametrize("body", ["nope", "[]", '{"intervals": "0-4"}', '{"intervals": [[0, "x"]]}', "{}"])
def test_bad_reports_are_refused(video_lesson, client, learner, body):
    _tree, lesson, _video, block_id = video_lesson()
    client.force_login(learner)
    response = client.post(_url(lesson, block_id), body, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"] == str(video_views.BAD_REPORT)
    assert not VideoWatch.objects.exists()


def test_a_large_report_is_refused(video_lesson, client, learner):
    _tree, lesson, _video, block_id = video_lesson()
    client.force_login(learner)
    response = _post(client, _url(lesson, block_id), {"intervals": [[0, 1]], "pad": "x" * 20_000})
    assert response.status_code == 413


def test_reports_are_rate_limited(video_lesson, client, learner, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "video_watch": "3/m"}
    settings.RATE_LIMITS_ENABLED = True
    _tree, lesson, _video, block_id = video_lesson()
    client.force_login(learner)
    codes = [_post(client, _url(lesson, block_id), {"intervals": [[0, 1]]}, HTTP_ACCEPT="application/json").status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_a_beacon_sends_a_form_with_its_csrf_token(video_lesson, learner):
    _tree, lesson, _video, block_id = video_lesson()
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    page = client.get(lesson.url)
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else client.cookies["csrftoken"].value
    data = json.dumps({"intervals": [[0, 2]], "position": 2})
    assert client.post(_url(lesson, block_id), {"data": data}).status_code == 403  # no token: refused
    response = client.post(_url(lesson, block_id), {"data": data, "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and VideoWatch.objects.get(user=learner).seconds == 2


# --- completion --------------------------------------------------------------------------------------------------


def test_a_required_percentage_gates_the_lesson(video_lesson, client, learner):
    tree, lesson, video, block_id = video_lesson(required=75, lessons=2)
    services.enrol(user=learner, course=tree["course"])
    client.force_login(learner)
    result = services.complete_lesson(user=learner, lesson=lesson)
    assert not result.lesson_complete
    assert services.missing_message(lesson=lesson, state=result.state) == (
        f"Bài “{lesson.title}” chưa hoàn thành: bạn còn cần xem đủ video “Cài đặt VNeID”.")
    state = _post(client, _url(lesson, block_id), {"intervals": [[0, 2]], "position": 2}).json()
    assert state["percent"] == 50 and not state["met"]
    assert not selectors.lesson_state(user=learner, lesson=lesson).complete
    state = _post(client, _url(lesson, block_id), {"intervals": [[0, 2], [2, 3.1]], "position": 3.1}).json()
    assert state["met"] and state["percent"] >= 75
    # Meeting the threshold completes the lesson (it requires nothing else): no button press needed.
    assert selectors.course_progress(user=learner, course=tree["course"]).is_done(lesson)


def test_watching_in_a_locked_lesson_does_not_count(video_lesson, client, learner, make_video, clips):
    from courses.models import LessonPage

    tree, first, video, _block = video_lesson(lessons=2, sequential=True)
    second = tree["lessons"][1]
    second.body = json.dumps([video_block(video)])
    second.save_revision().publish()
    second = LessonPage.objects.get(pk=second.pk)
    block_id = next(b.id for b in second.body if b.block_type == "video")
    services.enrol(user=learner, course=tree["course"])
    client.force_login(learner)
    response = _post(client, _url(second, block_id), {"intervals": [[0, 2]]})
    assert response.status_code == 403 and not VideoWatch.objects.exists()


def test_a_block_shows_one_video_source(make_video, clips, monkeypatch):
    from wagtail.blocks.struct_block import StructBlockValidationError
    from wagtail.embeds.blocks import EmbedBlock

    from courses.blocks import VideoBlock

    monkeypatch.setattr(EmbedBlock, "clean", lambda self, value: value)
    block = VideoBlock()
    video = make_video(clips["small"])
    both = block.to_python({"title": "Hai nguồn", "video": video.pk, "embed": "https://www.youtube.com/watch?v=abc"})
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(both)
    assert list(caught.value.block_errors) == ["embed"]
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(block.to_python({"title": "Không có gì"}))
    assert list(caught.value.block_errors) == ["video"]
    assert block.clean(block.to_python({"title": "Một video", "video": video.pk, "required_percent": 80}))
