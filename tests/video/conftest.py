"""Generated clips (ffmpeg's lavfi test source and a sine tone: no media file in the repository) and videos
transcoded through the real task."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.courses.conftest import build_course  # noqa: F401  (the course-tree fixture)

CAPTIONS_VI = """WEBVTT

00:00.000 --> 00:02.000
Xin chào, đây là bài học về VNeID.

00:02.000 --> 00:04.000
Hãy mở ứng dụng trên điện thoại.
"""


def make_clip(path: Path, *, seconds: int = 4, size: str = "640x480", audio: bool = True, codec: str = "libx264",
              container: str | None = None) -> Path:
    if not shutil.which("ffmpeg"):
        pytest.fail("ffmpeg not found: run `make ffmpeg` (apt-get install ffmpeg).")
    args = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=duration={seconds}:size={size}:rate=25"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-c:a",
                 "libopus" if codec == "libvpx-vp9" else "aac", "-shortest"]
    args += ["-c:v", codec, "-pix_fmt", "yuv420p"]
    if codec == "libvpx-vp9":
        args += ["-deadline", "realtime", "-cpu-used", "8", "-b:v", "200k"]
    if container:
        args += ["-f", container]
    subprocess.run([*args, str(path)], check=True, timeout=120)
    return path


def probe(path: Path) -> dict:
    out = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
                          str(path)], check=True, capture_output=True, timeout=60).stdout
    return json.loads(out)


@pytest.fixture(scope="session")
def clips(tmp_path_factory):
    """Made once per run: a 4 s 640×480 MP4 with sound, a 4 s 320×240 one, and a WebM."""
    folder = tmp_path_factory.mktemp("clips")
    return {
        "mp4": make_clip(folder / "bai-hoc.mp4"),
        "small": make_clip(folder / "nho.mp4", size="320x240"),
        "webm": make_clip(folder / "clip.webm", size="320x240", codec="libvpx-vp9"),
        "silent": make_clip(folder / "im-lang.mov", size="320x240", audio=False),
    }


def upload_of(path: Path, name: str | None = None, content_type: str = "video/mp4") -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type=content_type)


@pytest.fixture
def video_root(settings, tmp_path):
    settings.VIDEO_ROOT = str(tmp_path / "video")
    settings.VIDEO_FFMPEG_THREADS = 1
    return Path(settings.VIDEO_ROOT)


@pytest.fixture
def make_video(video_root, django_capture_on_commit_callbacks):
    """Factory: ``make_video(path, title=…, **fields)`` → a Video stored through the services and transcoded by the
    real task (inline: the immediate backend, on commit)."""
    from courses.video.forms import check_upload
    from courses.video.models import Video

    def factory(path: Path, *, title: str = "Cài đặt VNeID trên điện thoại", **fields):
        from courses.video import services

        upload = upload_of(path)
        work, probed, extension = check_upload(upload)
        with django_capture_on_commit_callbacks(execute=True):
            video = services.video_upload(video=None, title=title, source=work, original_name=path.name,
                                          extension=extension, size=upload.size, probed=probed, **fields)
        return Video.objects.get(pk=video.pk)

    return factory


def video_block(video, *, required=0, title="Cài đặt VNeID", transcript=""):
    return {"type": "video", "value": {"title": title, "video": video.pk, "required_percent": required,
                                       "file": None, "embed": None, "transcript": transcript}}


@pytest.fixture
def video_lesson(build_course, make_video, clips):  # noqa: F811
    """Factory: ``video_lesson(required=0, lessons=1, clip="small", sequential=False)`` → (tree, lesson, video, block
    id): the first lesson shows a clip transcoded for real (``clip="mp4"``: the 640×480 one, two renditions)."""
    from courses.models import LessonPage

    def factory(*, required=0, lessons=1, video=None, clip="small", **course_fields):
        video = video or make_video(clips[clip], captions_vi=CAPTIONS_VI)
        tree = build_course(lessons=lessons, check_in=0, **course_fields)
        lesson = tree["lessons"][0]
        lesson.body = json.dumps([
            {"type": "paragraph", "value": "<p>Xem video rồi làm theo.</p>"},
            video_block(video, required=required),
        ])
        lesson.save_revision().publish()
        lesson = LessonPage.objects.get(pk=lesson.pk)
        block_id = next(b.id for b in lesson.body if b.block_type == "video")
        return tree, lesson, video, block_id

    return factory
