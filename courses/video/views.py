"""HTTP for videos: the renditions and posters (embedded mode, with range requests so that seeking works), the
captions (``text/vtt``), and the watch endpoint the lesson's player reports to."""

from __future__ import annotations

import json
import re

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import Page

from courses.selectors import course_progress, live_lesson
from courses.services import lesson_progress_update
from lms import ratelimit

from . import conf, selectors, services, watching
from .models import POSTER, Video, VideoWatch

LOGIN_REQUIRED = _("Đăng nhập để lưu tiến độ xem video.")
NOT_FOUND = _("Không tìm thấy video này trong bài học. Hãy tải lại trang.")
LOCKED = _("Bài học này chưa mở với bạn: tiến độ xem chưa được lưu.")
TOO_LARGE = _("Báo cáo tiến độ quá lớn.")
BAD_REPORT = _("Báo cáo tiến độ không hợp lệ.")

CHUNK = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CONTENT_TYPES = {"mp4": "video/mp4", "webm": "video/webm", "jpg": "image/jpeg"}


def _file_headers(response, *, immutable: bool) -> None:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "public, max-age=31536000, immutable" if immutable else "public, max-age=300"


def parse_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """``(first, last)`` byte positions of a single ``Range: bytes=…`` header for a file of ``size`` bytes; ``None``
    when there is no usable single range (the whole file is sent); ``False`` when it cannot be satisfied (416)."""
    match = _RANGE.match((header or "").strip())
    if not match or (not match.group(1) and not match.group(2)):
        return None
    first, last = match.group(1), match.group(2)
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            return False
        return max(0, size - length), size - 1
    first = int(first)
    last = min(int(last), size - 1) if last else size - 1
    if first >= size or last < first:
        return False
    return first, last


def _read(handle, remaining: int):
    with handle:
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk


@login_not_required
@require_http_methods(["GET", "HEAD"])
def serve_file(request, video_id: int, revision: str, name: str):
    """``/video/files/<id>/<revision>/<name>``: a rendition or the poster of the revision being served (any other
    revision or name: 404). Answers ``Range`` requests (206, one range) so that the player can seek; cached for a
    year, the revision being in the address."""
    video = Video.objects.filter(pk=video_id, revision=revision, status=Video.Status.READY).first()
    allowed = {item["file"] for item in (video.renditions if video else [])} | {POSTER}
    if video is None or name not in allowed:
        raise Http404
    path = conf.root() / "renditions" / str(video.pk) / revision / name
    try:
        handle = path.open("rb")
    except OSError as error:
        raise Http404 from error
    size = path.stat().st_size
    content_type = CONTENT_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream")
    wanted = parse_range(request.headers.get("Range", ""), size)
    if wanted is False:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        _file_headers(response, immutable=True)
        return response
    first, last = wanted if wanted else (0, size - 1)
    length = last - first + 1
    if request.method == "HEAD":
        handle.close()
        response = HttpResponse(status=206 if wanted else 200, content_type=content_type)
    else:
        handle.seek(first)
        response = StreamingHttpResponse(_read(handle, length), status=206 if wanted else 200,
                                         content_type=content_type)
    response["Content-Length"] = str(length)
    if wanted:
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    _file_headers(response, immutable=True)
    return response


@login_not_required
@require_GET
def captions(request, video_id: int, language: str):
    """``/video/captions/<id>/<vi|en>.vtt``: the captions as ``text/vtt``."""
    video = get_object_or_404(Video, pk=video_id)
    text = {"vi": video.captions_vi, "en": video.captions_en}.get(language, "")
    if not text:
        raise Http404
    from .presentation import captions_hash

    response = HttpResponse(text, content_type="text/vtt; charset=utf-8")
    _file_headers(response, immutable=request.GET.get("v") == captions_hash(text))
    response["Accept-Ranges"] = "none"
    return response


def _may_see(request, lesson) -> bool:
    if Page.objects.ancestor_of(lesson).filter(depth__gt=1, live=False).exists():
        return False
    return all(restriction.accept_request(request) for restriction in lesson.get_view_restrictions())


def state(watch: VideoWatch | None, video: Video, required: int) -> dict:
    percent = watch.percent if watch else 0
    return {
        "seconds": watch.seconds if watch else 0,
        "percent": percent,
        "duration": round(video.duration, 2),
        "position": watch.position if watch else 0,
        "resume": watching.resume_position(watch.position if watch else 0, video.duration),
        "required": required,
        "met": watching.meets(percent, required),
    }


def _report(request) -> dict:
    """The report's JSON: the request's body (``fetch``), or its ``data`` field (``sendBeacon`` sends a form, so
    that its CSRF token travels in it)."""
    if request.content_type == "application/x-www-form-urlencoded" or request.content_type == "multipart/form-data":
        raw = request.POST.get("data", "")
    else:
        raw = request.body.decode("utf-8", "replace")
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("not an object")
    return data


@require_http_methods(["GET", "POST"])
def watch(request, lesson_id: int, block_id: str):
    """``GET``: the learner's progress on the video of block ``block_id`` of lesson ``lesson_id`` (to resume and to
    show it). ``POST`` ``{"intervals": [[start, end], …], "position": s}``: the ranges the player played, merged by
    the server (``services.watch_record``); the lesson is completed when a required threshold is met. Only the
    learner's own progress, only for a live lesson they may see and have opened; rate-limited."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": str(LOGIN_REQUIRED)}, status=401)
    if request.method == "POST":
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > conf.watch_max_bytes():
            return JsonResponse({"error": str(TOO_LARGE)}, status=413)
        refused = ratelimit.check(request, "video_watch", per="user")
        if refused is not None:
            return refused
    lesson = live_lesson(lesson_id=lesson_id)
    block = selectors.find_block(lesson, block_id) if lesson is not None else None
    video = selectors.block_video(block.value) if block is not None else None
    if video is None or not video.ready or not _may_see(request, lesson):
        return JsonResponse({"error": str(NOT_FOUND)}, status=404)
    required = selectors.required_percent(block.value)
    if request.method == "GET":
        watch_row = selectors.watches_for(request.user, [video.pk]).get(video.pk)
        response = JsonResponse(state(watch_row, video, required))
        response["Cache-Control"] = "private, no-store"
        return response
    course = lesson.course()
    if course is not None and course_progress(user=request.user, course=course).blocker(lesson) is not None:
        return JsonResponse({"error": str(LOCKED)}, status=403)
    try:
        data = _report(request)
        intervals = watching.clean_intervals(data.get("intervals"), duration=video.duration)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": str(BAD_REPORT)}, status=400)
    position = watching.clean_position(data.get("position"), duration=video.duration)
    before = selectors.watches_for(request.user, [video.pk]).get(video.pk)
    was_met = watching.meets(before.percent if before else 0, required)
    watch_row = services.watch_record(user=request.user, video=video, intervals=intervals, position=position)
    result = state(watch_row, video, required)
    if required and result["met"] and not was_met:
        lesson_progress_update(user=request.user, lesson=lesson)  # a required video's threshold met: the rule decides
    response = JsonResponse(result)
    response["Cache-Control"] = "private, no-store"
    return response
