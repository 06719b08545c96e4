"""Writes for videos: storing an upload, transcoding it (the task's body), and recording what a learner watched.

Transcoding is safe to run twice or to die half-way (``lms.tasks.requeue_stale_tasks`` runs a lost task again):

- a run *claims* the video with a conditional UPDATE (its upload's ``source_token``, not ready yet), so a run for an
  older upload, or one that comes after the video is ready, does nothing;
- it writes into a private work folder (``VIDEO_ROOT/.tmp/<random>/``), checks every output with ffprobe, then
  renames the folder into ``renditions/<id>/<new revision>/`` (same filesystem: one step) and records the revision
  with another conditional UPDATE: only the revision recorded is ever served, so a crash leaves at most an
  unused folder, never a half-written file in a page; the previous revision's folder is removed after the commit;
- any failure is recorded on the video (``failed`` with the reason, shown in the admin) and the work folder removed.
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy

from lms import pagecache

from . import conf, ffmpeg, watching
from .models import POSTER, Video, VideoWatch

logger = logging.getLogger(__name__)

FAILED_NOT_INSTALLED = gettext_lazy("Máy chủ chưa cài ffmpeg: báo cho quản trị hệ thống (make ffmpeg).")
FAILED_TIMEOUT = gettext_lazy("Chuyển đổi quá lâu nên đã dừng. Hãy thử một tệp ngắn hơn hoặc nhỏ hơn.")
FAILED_FFMPEG = gettext_lazy("ffmpeg không chuyển đổi được tệp này. Hãy xuất lại video (MP4, H.264) rồi tải lên.")
FAILED_OUTPUT = gettext_lazy("Tệp chuyển đổi ra không hợp lệ. Hãy thử tải lên lại.")
FAILED_MISSING = gettext_lazy("Không tìm thấy tệp gốc trên máy chủ. Hãy tải video lên lại.")
FAILED_UNEXPECTED = gettext_lazy("Lỗi không mong đợi khi chuyển đổi. Hãy thử lại; nếu vẫn lỗi, báo cho quản trị.")


def _tmp_root() -> Path:
    path = conf.root() / ".tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def work_file(suffix: str) -> Path:
    """A new private file path for an upload being checked (same filesystem as the originals: moved by rename)."""
    return _tmp_root() / f"{uuid.uuid4().hex}{suffix}"


def _store_original(video: Video, source: Path, extension: str) -> None:
    folder = conf.root() / "originals" / str(video.pk)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{video.source_token}.{extension}"
    os.replace(source, target)
    video.original = str(target.relative_to(conf.root()))


def _enqueue(video: Video) -> None:
    from .tasks import transcode_video  # the task module imports these services

    token = video.source_token
    transaction.on_commit(lambda: transcode_video.enqueue(video.pk, token))


def video_upload(*, video: Video | None, title: str, source: Path, original_name: str, extension: str,
                 size: int, probed: ffmpeg.Probe, user=None, **fields) -> Video:
    """Store a checked upload (``source``: a work file, moved) as a new video or a video's new original, and queue
    its transcoding. The renditions of an earlier upload stop being served until the new ones are ready."""
    with transaction.atomic():
        if video is None:
            video = Video(created_by=user)
        video.title = title
        for name, value in fields.items():
            setattr(video, name, value)
        previous = video.original
        video.source_token = uuid.uuid4().hex
        video.status, video.error, video.attempts = Video.Status.PENDING, "", 0
        video.original_name, video.original_size = original_name[:255], size
        video.duration, video.width, video.height = probed.duration, probed.width, probed.height
        video.save()
        _store_original(video, source, extension)
        video.save(update_fields=["original"])
        if previous and previous != video.original:
            old = conf.root() / previous
            transaction.on_commit(lambda: old.unlink(missing_ok=True))
        _enqueue(video)
    return video


def video_retry(*, video: Video) -> bool:
    """Queue a failed (or stuck) video's transcoding again; ``False`` when it is ready or has no original."""
    if not video.original or video.status == Video.Status.READY:
        return False
    Video.objects.filter(pk=video.pk).update(status=Video.Status.PENDING, error="")
    video.status, video.error = Video.Status.PENDING, ""
    _enqueue(video)
    return True


def _claim(video_id: int, token: str) -> bool:
    claimable = [Video.Status.PENDING, Video.Status.PROCESSING, Video.Status.FAILED]
    return bool(
        Video.objects.filter(pk=video_id, source_token=token, status__in=claimable)
        .update(status=Video.Status.PROCESSING, attempts=F("attempts") + 1, error="", updated_at=timezone.now())
    )


def _fail(video_id: int, token: str, reason) -> None:
    Video.objects.filter(pk=video_id, source_token=token).exclude(status=Video.Status.READY).update(
        status=Video.Status.FAILED, error=str(reason)[:2000], updated_at=timezone.now()
    )
    pagecache.invalidate()


def _check_output(path: Path, *, expect_video: bool, duration: float) -> ffmpeg.Probe:
    if not path.exists() or path.stat().st_size == 0:
        raise ffmpeg.FFmpegError("output", f"{path.name} missing")
    found = ffmpeg.probe(path)
    if expect_video and (not found.has_video or abs(found.duration - duration) > max(1.0, duration * 0.05)):
        raise ffmpeg.FFmpegError("output", f"{path.name}: {found}")
    return found


def transcode(*, video_id: int, token: str) -> str:
    """The task's body: make the renditions and poster of upload ``token`` of video ``video_id``; returns the
    video's status afterwards ("" when there is nothing to do: superseded, ready or deleted)."""
    if not _claim(video_id, token):
        return ""
    video = Video.objects.get(pk=video_id)
    source = conf.root() / video.original
    work = _tmp_root() / f"{video_id}-{uuid.uuid4().hex}"
    try:
        if not source.exists():
            raise FileNotFoundError(source)
        probed = ffmpeg.probe(source)
        work.mkdir(parents=True)
        made = []
        for item in ffmpeg.rendition_plan(probed.width, probed.height):
            target = work / item["file"]
            ffmpeg.run(ffmpeg.rendition_command(source, target, item, has_audio=probed.has_audio))
            _check_output(target, expect_video=True, duration=probed.duration)
            made.append({"name": item["name"], "file": item["file"], "type": item["type"], "height": item["height"],
                         "bytes": target.stat().st_size})
        ffmpeg.run(ffmpeg.poster_command(source, work / POSTER, duration=probed.duration))
        _check_output(work / POSTER, expect_video=False, duration=0)
    except FileNotFoundError:
        shutil.rmtree(work, ignore_errors=True)
        _fail(video_id, token, FAILED_MISSING)
        return Video.Status.FAILED
    except ffmpeg.FFmpegError as error:
        shutil.rmtree(work, ignore_errors=True)
        reason = {"not installed": FAILED_NOT_INSTALLED, "timeout": FAILED_TIMEOUT,
                  "output": FAILED_OUTPUT}.get(str(error), FAILED_FFMPEG)
        logger.warning("Video %s: transcoding failed (%s): %s", video_id, error, error.detail[-500:])
        _fail(video_id, token, f"{reason} {error.detail[-300:]}".strip() if str(error) == "failed" else reason)
        return Video.Status.FAILED
    except Exception:
        shutil.rmtree(work, ignore_errors=True)
        _fail(video_id, token, FAILED_UNEXPECTED)
        raise
    return _publish(video, token=token, work=work, probed=probed, made=made)


def _publish(video: Video, *, token: str, work: Path, probed: ffmpeg.Probe, made: list[dict]) -> str:
    revision = uuid.uuid4().hex[:16]
    target = conf.root() / "renditions" / str(video.pk) / revision
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(work, target)
    with transaction.atomic():
        previous = Video.objects.select_for_update().filter(pk=video.pk).values_list("revision", flat=True).first()
        done = Video.objects.filter(pk=video.pk, source_token=token, status=Video.Status.PROCESSING).update(
            status=Video.Status.READY, revision=revision, renditions=made, duration=probed.duration,
            width=probed.width, height=probed.height, error="", processed_at=timezone.now(),
            updated_at=timezone.now(),
        )
        if not done:  # a newer upload, or another run finished first: this folder is never served
            transaction.on_commit(lambda: shutil.rmtree(target, ignore_errors=True))
            return ""
        if previous and previous != revision:
            old = target.parent / previous
            transaction.on_commit(lambda: shutil.rmtree(old, ignore_errors=True))
        transaction.on_commit(pagecache.invalidate)
    return Video.Status.READY


def remove_stale_work(*, older_than: timedelta = timedelta(hours=6)) -> int:
    """Work folders and files left by runs that died (the periodic job); returns how many were removed."""
    root = conf.root() / ".tmp"
    if not root.exists():
        return 0
    cutoff = timezone.now().timestamp() - older_than.total_seconds()
    removed = 0
    for path in root.iterdir():
        if path.stat().st_mtime < cutoff:
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
            removed += 1
    return removed


def video_files_delete(video: Video) -> None:
    """The video's original and renditions, after its row is deleted."""
    shutil.rmtree(conf.root() / "originals" / str(video.pk), ignore_errors=True)
    shutil.rmtree(conf.root() / "renditions" / str(video.pk), ignore_errors=True)


# --- Watching ------------------------------------------------------------------------------------------------


def watch_record(*, user, video: Video, intervals: list, position: float | None, now=None) -> VideoWatch:
    """Merge what the player reported (already cleaned: ``watching.clean_intervals``) into the learner's row for
    ``video``, crediting at most what the time since their previous report allows (``watching.allowance``). The row
    is locked while it is merged, so two tabs reporting at once both count."""
    now = now or timezone.now()
    duration = video.duration
    with transaction.atomic():
        watch, _created = VideoWatch.objects.get_or_create(user=user, video=video)
        watch = VideoWatch.objects.select_for_update().get(pk=watch.pk)
        elapsed = (now - watch.last_report_at).total_seconds() if watch.last_report_at else None
        merged = watching.credit([tuple(i) for i in watch.intervals], intervals, duration=duration,
                                 limit=watching.allowance(elapsed=elapsed))
        watch.intervals = [list(i) for i in merged]
        watch.seconds = watching.total(merged)
        watch.percent = watching.percent(watch.seconds, duration)
        if position is not None:
            watch.position = position
        watch.reports += 1
        watch.last_report_at = now
        watch.save()
    return watch

