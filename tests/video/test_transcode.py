"""A generated clip through the real upload checks and the real task (ffmpeg): renditions and poster checked with
ffprobe; a run that fails half-way leaves nothing served; running it again is harmless."""

from pathlib import Path

import pytest

from courses.video import conf, ffmpeg, services
from courses.video.models import Video
from courses.video.tasks import transcode_video
from tests.video.conftest import probe

pytestmark = pytest.mark.django_db


def _stream(info, kind):
    return next(s for s in info["streams"] if s["codec_type"] == kind)


def test_clip_is_transcoded_into_small_and_medium_renditions_and_a_poster(make_video, clips, video_root):
    video = make_video(clips["mp4"])
    assert video.status == Video.Status.READY, video.error
    assert video.ready and video.attempts == 1 and video.processed_at is not None
    assert video.duration == pytest.approx(4, abs=0.1) and (video.width, video.height) == (640, 480)
    folder = video_root / "renditions" / str(video.pk) / video.revision
    assert sorted(p.name for p in folder.iterdir()) == ["medium.mp4", "poster.jpg", "small.mp4"]
    assert [(r["name"], r["height"]) for r in video.renditions] == [("small", 360), ("medium", 480)]

    small = probe(folder / "small.mp4")
    picture, sound = _stream(small, "video"), _stream(small, "audio")
    assert (picture["codec_name"], picture["profile"], picture["pix_fmt"]) == ("h264", "Main", "yuv420p")
    assert (picture["width"], picture["height"]) == (480, 360)
    assert (sound["codec_name"], sound["channels"]) == ("aac", 1)
    assert float(small["format"]["duration"]) == pytest.approx(4, abs=0.15)
    assert int(small["format"]["bit_rate"]) <= 450_000  # for a phone on 3G
    data = (folder / "small.mp4").read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")  # +faststart: playback starts before the whole file is there

    medium = probe(folder / "medium.mp4")
    assert (_stream(medium, "video")["height"], _stream(medium, "audio")["channels"]) == (480, 2)

    poster = probe(folder / "poster.jpg")
    assert _stream(poster, "video")["codec_name"] == "mjpeg" and _stream(poster, "video")["height"] <= 360
    assert (folder / "poster.jpg").stat().st_size < 40_000
    # The sources are listed smallest first; the original is kept apart, never among them.
    assert [s["url"].rsplit("/", 1)[-1] for s in video.sources()] == ["small.mp4", "medium.mp4"]
    assert (video_root / video.original).exists() and "originals/" in video.original
    assert not list((video_root / ".tmp").iterdir())  # no work folder left


def test_a_small_upload_is_never_enlarged(make_video, clips, video_root):
    video = make_video(clips["small"])
    assert [(r["name"], r["height"]) for r in video.renditions] == [("small", 240)]
    folder = video_root / "renditions" / video.folder
    assert _stream(probe(folder / "small.mp4"), "video")["height"] == 240


def test_webm_and_silent_mov_uploads_play_as_mp4(make_video, clips, video_root):
    webm = make_video(clips["webm"])
    silent = make_video(clips["silent"])
    assert webm.ready and silent.ready
    assert _stream(probe(video_root / "renditions" / webm.folder / "small.mp4"), "video")["codec_name"] == "h264"
    assert [s["codec_type"] for s in probe(video_root / "renditions" / silent.folder / "small.mp4")["streams"]] == ["video"]


def test_running_the_task_again_changes_nothing(make_video, clips):
    video = make_video(clips["small"])
    assert transcode_video.call(video.pk, video.source_token) == ""
    again = Video.objects.get(pk=video.pk)
    assert (again.revision, again.attempts, again.status) == (video.revision, 1, Video.Status.READY)


def test_a_run_for_an_older_upload_does_nothing(make_video, clips):
    video = make_video(clips["small"])
    Video.objects.filter(pk=video.pk).update(status=Video.Status.PENDING, source_token="newer")
    assert services.transcode(video_id=video.pk, token=video.source_token) == ""
    assert Video.objects.get(pk=video.pk).status == Video.Status.PENDING


def test_a_failure_half_way_leaves_nothing_served_and_a_retry_succeeds(make_video, clips, video_root, monkeypatch,
                                                                      django_capture_on_commit_callbacks):
    real_run = ffmpeg.run
    calls = []

    def crash_on_medium(args):
        calls.append(args)
        if args[-1].endswith("medium.mp4"):
            Path(args[-1]).write_bytes(b"half a file")
            raise ffmpeg.FFmpegError("failed", "Conversion failed! (killed)")
        return real_run(args)

    monkeypatch.setattr(ffmpeg, "run", crash_on_medium)
    video = make_video(clips["mp4"])
    assert video.status == Video.Status.FAILED and not video.revision and video.sources() == []
    assert str(services.FAILED_FFMPEG) in video.error and "killed" in video.error
    assert not (video_root / "renditions" / str(video.pk)).exists()
    assert not list((video_root / ".tmp").iterdir())

    monkeypatch.setattr(ffmpeg, "run", real_run)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.video_retry(video=video)
    video.refresh_from_db()
    assert video.status == Video.Status.READY and video.attempts == 2 and len(video.sources()) == 2


def test_a_run_killed_before_publishing_is_picked_up_again(make_video, clips):
    """A worker killed mid-transcode leaves the row "processing" (``lms.tasks.requeue_stale_tasks`` runs it again)."""
    video = make_video(clips["small"])
    Video.objects.filter(pk=video.pk).update(status=Video.Status.PROCESSING, revision="")
    assert services.transcode(video_id=video.pk, token=video.source_token) == Video.Status.READY
    assert Video.objects.get(pk=video.pk).ready


def test_a_replaced_revision_folder_is_removed(make_video, clips, video_root, django_capture_on_commit_callbacks):
    video = make_video(clips["small"])
    old = video_root / "renditions" / video.folder
    Video.objects.filter(pk=video.pk).update(status=Video.Status.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        services.transcode(video_id=video.pk, token=video.source_token)
    video.refresh_from_db()
    assert (video_root / "renditions" / video.folder).exists() and not old.exists()


def test_without_ffmpeg_the_reason_is_shown(make_video, clips, settings):
    settings.VIDEO_FFMPEG = "/nonexistent/ffmpeg"
    video = make_video(clips["small"])
    assert video.status == Video.Status.FAILED and video.error == str(services.FAILED_NOT_INSTALLED)
    assert video.status_text.startswith("Lỗi: Máy chủ chưa cài ffmpeg")


def test_stale_work_is_removed(video_root):
    work = services.work_file(".mp4")
    work.write_bytes(b"x")
    assert services.remove_stale_work() == 0
    import os
    os.utime(work, (0, 0))
    assert services.remove_stale_work() == 1 and not work.exists()
    assert conf.root() == video_root
