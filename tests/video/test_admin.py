"""The admin: an editor uploads a video and sees its status; a learner cannot; a failed one can be sent again."""

import pytest
from django.urls import reverse

from courses.video.models import Video
from tests.video.conftest import CAPTIONS_VI, upload_of

pytestmark = pytest.mark.django_db


def test_editor_uploads_a_video_and_sees_its_status(client, make_user, clips, video_root,
                                                    django_capture_on_commit_callbacks):
    editor = make_user(groups=["Editors"])
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailsnippets_video_video:add"), {
            "title": "Thanh toán hóa đơn điện bằng mã QR", "upload": upload_of(clips["small"]),
            "captions_vi": CAPTIONS_VI, "captions_en": "", "transcript": "",
        })
    assert response.status_code == 302, response.content.decode()[:2000]
    video = Video.objects.get()
    assert video.ready and video.created_by == editor
    edit = client.get(reverse("wagtailsnippets_video_video:edit", args=[video.pk])).content.decode()
    assert 'data-video-status="ready"' in edit and "Sẵn sàng (240p)" in edit
    listing = client.get(reverse("wagtailsnippets_video_video:list")).content.decode()
    assert "Thanh toán hóa đơn điện bằng mã QR" in listing and "Sẵn sàng" in listing


def test_a_refused_upload_shows_the_reason_in_vietnamese(client, make_user, video_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_user(groups=["Editors"]))
    response = client.post(reverse("wagtailsnippets_video_video:add"), {
        "title": "Tệp giả", "upload": SimpleUploadedFile("gia.mov", b"not a video at all"),
        "captions_vi": "", "captions_en": "", "transcript": "",
    })
    assert response.status_code == 200 and "Không đọc được tệp này như một video." in response.content.decode()
    assert not Video.objects.exists()


def test_failed_status_shows_the_reason_and_retry_works(client, make_user, make_video, clips,
                                                        django_capture_on_commit_callbacks):
    video = make_video(clips["small"])
    Video.objects.filter(pk=video.pk).update(status=Video.Status.FAILED, error="ffmpeg không chuyển đổi được tệp này.")
    client.force_login(make_user(groups=["Editors"]))
    url = reverse("wagtailsnippets_video_video:edit", args=[video.pk])
    assert "Lỗi: ffmpeg không chuyển đổi được tệp này." in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"title": video.title, "retry": "on", "captions_vi": "", "captions_en": "",
                                     "transcript": ""})
    assert response.status_code == 302
    video.refresh_from_db()
    assert video.status == Video.Status.READY and video.attempts == 2


def test_learners_cannot_reach_the_videos(client, learner):
    client.force_login(learner)
    response = client.get(reverse("wagtailsnippets_video_video:list"))
    assert response.status_code in (302, 403)
