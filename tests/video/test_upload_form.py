"""The admin form's checks: type and content by ffprobe, size and duration limits, WebVTT captions; each refusal
has its message and leaves no file behind."""

import pytest

from courses.video import forms as video_forms
from courses.video import vtt
from courses.video.models import Video
from tests.video.conftest import CAPTIONS_VI, make_clip, upload_of

pytestmark = pytest.mark.django_db


def _form(upload=None, instance=None, **data):
    files = {"upload": upload} if upload else {}
    for name in ("captions_vi_file", "captions_en_file"):
        if name in data:
            files[name] = data.pop(name)
    fields = {"title": "Thanh toán bằng mã QR", "captions_vi": "", "captions_en": "", "transcript": "", **data}
    return video_forms.VideoForm(data=fields, files=files, instance=instance or Video())


def _errors(form, field):
    assert not form.is_valid()
    return [str(e) for e in form.errors[field]]


def _work_files(video_root):
    folder = video_root / ".tmp"
    return list(folder.iterdir()) if folder.exists() else []


def test_a_valid_upload_with_captions_is_stored_and_transcoded(clips, video_root, django_capture_on_commit_callbacks):
    form = _form(upload_of(clips["small"]), captions_vi_file=upload_of_text(CAPTIONS_VI, "phu-de.vtt"),
                 captions_en="WEBVTT\r\n\r\n00:00.000 --> 00:02.000\r\nHello.\r\n")
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        video = form.save()
    video.refresh_from_db()
    assert video.ready and video.captions_vi == CAPTIONS_VI and video.captions_en.startswith("WEBVTT\n\n00:00")
    assert video.original_name == "nho.mp4" and _work_files(video_root) == []


def upload_of_text(text, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="text/vtt")


def test_a_new_video_needs_a_file(video_root):
    assert _errors(_form(), "upload") == [str(video_forms.FILE_REQUIRED)]


@pytest.mark.parametrize("name", ["bai-hoc.avi", "bai-hoc.mkv", "bai-hoc", "bai-hoc.mp4.exe"])
def test_other_types_are_refused_by_name(clips, video_root, name):
    assert _errors(_form(upload_of(clips["small"], name)), "upload") == [str(video_forms.WRONG_TYPE)]


def test_a_file_that_is_not_a_video_is_refused(video_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("bai-hoc.mp4", b"\x00\x00\x00\x18ftypmp42" + b"<script>alert(1)</script>" * 40)
    assert _errors(_form(fake), "upload") == [str(video_forms.NOT_A_VIDEO)]
    assert _work_files(video_root) == []


def test_a_webm_named_mp4_is_refused(clips, video_root):
    assert _errors(_form(upload_of(clips["webm"], "clip.mp4")), "upload") == [
        str(video_forms.CONTENT_MISMATCH % {"ext": "mp4"})]


def test_sound_only_is_refused(tmp_path, video_root):
    import subprocess

    path = tmp_path / "chi-tieng.mp4"
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=duration=2", "-c:a", "aac",
                    str(path)], check=True, timeout=60)
    assert _errors(_form(upload_of(path)), "upload") == [str(video_forms.NO_PICTURE)]


def test_size_and_duration_limits(clips, video_root, settings, tmp_path):
    settings.VIDEO_MAX_UPLOAD_BYTES = 1000
    assert "Tệp quá lớn" in _errors(_form(upload_of(clips["small"])), "upload")[0]
    settings.VIDEO_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    settings.VIDEO_MAX_DURATION_SECONDS = 60
    long_clip = make_clip(tmp_path / "dai.mp4", seconds=65, size="160x120", audio=False)
    assert _errors(_form(upload_of(long_clip)), "upload") == [str(video_forms.TOO_LONG % {"minutes": 1, "max": 1})]
    assert _work_files(video_root) == []


def test_invalid_captions_are_refused_with_their_line(clips, video_root):
    form = _form(upload_of(clips["small"]), captions_vi="WEBVTT\n\n00:00.000 -> 00:02.000\nXin chào\n")
    assert _errors(form, "captions_vi") == [str(vtt.BAD_TIMING % {"line": 3})]
    assert _work_files(video_root) == []  # the upload checked with it is not kept
    form = _form(upload_of(clips["small"]), captions_en_file=upload_of_text("Hello", "en.srt"))
    assert _errors(form, "captions_en_file") == [str(video_forms.CAPTIONS_FILE_TYPE)]


def test_editing_captions_keeps_the_renditions(make_video, clips):
    video = make_video(clips["small"])
    form = _form(instance=video, captions_vi=CAPTIONS_VI)
    assert form.is_valid(), form.errors
    form.save()
    video.refresh_from_db()
    assert video.ready and video.captions_vi == CAPTIONS_VI and video.attempts == 1
