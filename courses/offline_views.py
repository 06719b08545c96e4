"""Views of learning offline (issue 20; the rules are in ``courses/offline.py``, the device's side in
``static/js/offline.js`` and the service worker ``lms/pwa/``). Thin: requests in, ``courses.offline`` calls, JSON or
pages out. Nothing here is stored by the page cache or the fast lane: every answer is ``private, no-store``."""

import json

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from lms import ratelimit

from . import offline, selectors
from .models import CoursePage, LessonPage

SIGN_IN_FIRST = _("Bạn cần đăng nhập để tải khóa học về máy và gửi kết quả học.")
TOO_LARGE = _("Dữ liệu gửi lên quá lớn. Hãy gửi ít kết quả hơn mỗi lần.")


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def _json(data, status=200):
    return _private(JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False}))


@require_GET
def course_manifest(request, course_id):
    """``GET …/offline/courses/<id>/``: what saving this course stores on the device (JSON)."""
    if not request.user.is_authenticated:
        return _json({"ok": False, "error": str(SIGN_IN_FIRST)}, status=401)
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        manifest = offline.course_manifest(
            user=request.user, course=course,
            copy_url=lambda lesson: reverse("offline_lesson_copy", kwargs={"lesson_id": lesson.pk}),
            saved_page_url=reverse("offline_saved"),
        )
    except offline.EventError as error:
        return _json({"ok": False, "error": str(error.message)}, status=403)
    manifest.update(ok=True, sync=reverse("offline_sync"), fallback=reverse("offline_fallback"))
    return _json(manifest)


@require_GET
def lesson_copy(request, lesson_id):
    """``GET …/offline/lessons/<id>/``: the lesson as saved for offline reading (its page, one phone-sized rendition
    per image, its quick checks' key). Only for an enrolled learner who may read the lesson now."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    course = lesson.course()
    if course is None or not offline.may_see(user=request.user, page=lesson):
        raise Http404
    progress = selectors.course_progress(user=request.user, course=course)
    if not progress.enrolled or progress.blocker(lesson) is not None:
        raise Http404  # the device saves only what the learner may read now; the page itself says why online
    request.offline_copy = True
    request.is_preview = False
    response = lesson.serve(request)
    if hasattr(response, "render"):
        response.render()
    response["X-Robots-Tag"] = "noindex"
    return _private(response)


@require_POST
def sync(request):
    """``POST …/offline/sync/`` with ``{"events": [...]}`` (JSON, CSRF token in ``X-CSRFToken``): the events queued
    on the device, replayed by the server's rules; the answer gives each event's verdict, which wins."""
    if not request.user.is_authenticated:
        return _json({"ok": False, "error": str(SIGN_IN_FIRST)}, status=401)
    refused = ratelimit.check(request, "offline_sync", per="user")
    if refused is not None:
        return _private(refused)
    length = request.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > offline.MAX_BODY_BYTES:
        return _json({"ok": False, "error": str(TOO_LARGE)}, status=413)
    body = request.read(offline.MAX_BODY_BYTES + 1)
    if len(body) > offline.MAX_BODY_BYTES:
        return _json({"ok": False, "error": str(TOO_LARGE)}, status=413)
    try:
        payload = json.loads(body.decode("utf-8"))
        events = payload.get("events") if isinstance(payload, dict) else None
        verdicts = offline.replay_events(user=request.user, events=events)
    except (ValueError, UnicodeDecodeError):
        return _json({"ok": False, "error": str(offline.BAD_EVENT)}, status=400)
    except offline.EventError as error:
        return _json({"ok": False, "error": str(error.message)}, status=400)
    return _json({"ok": True, "results": [verdict.as_dict() for verdict in verdicts]})


@login_required
def saved(request):
    """*Đã tải về*: the courses saved on this device, their size, the storage used, what waits to be sent. The list
    is the device's own (JavaScript reads it); the page is the same for every learner."""
    return _private(render(request, "courses/offline_saved.html", {}))


def fallback(request):
    """The page the service worker shows for a page that is not saved while the device is offline."""
    return render(request, "courses/offline_fallback.html", {})
