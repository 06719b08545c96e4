"""The lesson with a video in the front door's caches: the signed-in fast lane serves the same page as the normal
path, with nothing of the learner in the video block (their progress is fetched); a lesson whose video is required
takes the normal path; a video transcoded after the lesson was stored shows at once."""

import re

import pytest
from django.test import Client

from courses import services
from courses.video.models import Video, VideoWatch
from tests.courses.fastlane_helpers import assert_same as _assert_same
from tests.courses.fastlane_helpers import fast as _fast
from tests.courses.fastlane_helpers import fast_lane_settings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_lane_on(settings):
    fast_lane_settings(settings)


def test_fast_lane_serves_a_lesson_with_a_video_without_the_learners_progress(video_lesson, learner, make_user,
                                                                               settings):
    tree, lesson, video, _block = video_lesson(lessons=2)
    services.enrol(user=learner, course=tree["course"])
    VideoWatch.objects.create(user=learner, video=video, intervals=[[0, 3]], seconds=3, percent=75, position=3.0)
    client = Client()
    client.force_login(learner)
    fast = _assert_same(client, lesson.url, settings)
    html = fast.content.decode()
    assert "<video" in html and "small.mp4" in html
    other = Client()
    other.force_login(make_user())
    # The block is the same for a learner who watched 75% and one who watched nothing: the progress is fetched.
    figure = re.compile(r'<figure class="video".*?</figure>', re.S)
    assert figure.search(html).group(0) == figure.search(_fast(other, lesson.url).content.decode()).group(0)


def test_a_lesson_with_a_required_video_takes_the_normal_path(video_lesson, learner, settings):
    tree, lesson, _video, _block = video_lesson(required=80)
    services.enrol(user=learner, course=tree["course"])
    client = Client()
    client.force_login(learner)
    for _ in range(3):
        response = client.get(lesson.url)
        assert response.status_code == 200 and response.get("X-Fast-Lane") != "hit"
    assert "bạn còn cần xem đủ video" in response.content.decode()


def test_a_video_ready_after_the_page_was_stored_shows_at_once(video_lesson, make_video, clips, client,
                                                               django_capture_on_commit_callbacks):
    video = make_video(clips["small"])
    Video.objects.filter(pk=video.pk).update(status=Video.Status.PROCESSING)
    _tree, lesson, _video, _block = video_lesson(video=Video.objects.get(pk=video.pk))
    assert "đang được chuẩn bị" in client.get(lesson.url).content.decode()  # stored for anonymous visitors
    assert "đang được chuẩn bị" in client.get(lesson.url).content.decode()
    from courses.video import services as video_services

    Video.objects.filter(pk=video.pk).update(status=Video.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):  # the new generation is started once committed
        assert video_services.transcode(video_id=video.pk, token=video.source_token) == Video.Status.READY
    html = client.get(lesson.url).content.decode()
    assert "<video" in html and "đang được chuẩn bị" not in html
