"""HTTP for H5P: the unpacked files (embedded mode), the xAPI endpoint, and the admin preview."""

from __future__ import annotations

import mimetypes
import posixpath

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from courses.services import lessons_update_for_activity
from lms import ratelimit

from . import conf
from .models import H5PActivity
from .placement import activity_open_for, lessons_placing
from .services import statement_record
from .validation import filetypes
from .validation.package import unsafe_name
from .xapi import LOGIN_REQUIRED, NOT_OPEN, RATE_LIMITED, TOO_LARGE, XAPIError, activity_iri, parse_body

# What may be served, and as what. Anything else is a 404: no HTML, no JS outside libraries. SVG is served as
# image/svg+xml under the same sandboxing CSP as everything here (script in it never runs, even opened directly);
# content SVG was also cleaned on upload. Flash (swf, on H5P's whitelist) is only ever a download.
CONTENT_TYPES = {
    "svg": "image/svg+xml", "gltf": "model/gltf+json", "glb": "model/gltf-binary", "swf": "application/octet-stream",
    "json": "application/json",
    "js": "text/javascript",
    "css": "text/css",
    "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
    "bmp": "image/bmp", "tif": "image/tiff", "tiff": "image/tiff",
    "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
    "eot": "application/vnd.ms-fontobject",
    "mp4": "video/mp4", "webm": "video/webm", "ogv": "video/ogg", "ogg": "audio/ogg", "oga": "audio/ogg",
    "mp3": "audio/mpeg", "m4a": "audio/mp4", "wav": "audio/wav",
    "vtt": "text/vtt", "webvtt": "text/vtt",
    "pdf": "application/pdf",
    "txt": "text/plain", "md": "text/plain", "textile": "text/plain", "csv": "text/plain", "diff": "text/plain",
    "patch": "text/plain", "xml": "text/plain",
}
# H5P core's own UI strings (the content's strings come with the package, in its own language).
VI_CORE_STRINGS = {
    "fullscreen": "Toàn màn hình",
    "disableFullscreen": "Thoát toàn màn hình",
    "download": "Tải về",
    "copyrights": "Quyền sử dụng",
    "embed": "Nhúng",
    "size": "Kích thước",
    "showAdvanced": "Hiện nâng cao",
    "hideAdvanced": "Ẩn nâng cao",
    "close": "Đóng",
    "title": "Tiêu đề",
    "author": "Tác giả",
    "source": "Nguồn",
    "license": "Giấy phép",
    "thumbnail": "Ảnh thu nhỏ",
    "noCopyrights": "Không có thông tin bản quyền cho nội dung này.",
    "contentChanged": "Nội dung này đã thay đổi từ lần bạn dùng trước.",
    "startingOver": "Bạn sẽ bắt đầu lại.",
    "confirmDialogHeader": "Xác nhận",
    "confirmDialogBody": "Bạn có chắc muốn tiếp tục? Thao tác này không hoàn tác được.",
    "cancelLabel": "Hủy",
    "confirmLabel": "Xác nhận",
}
INLINE = {"svg", "gltf", "glb", "json", "js", "css", "png", "jpg", "jpeg", "gif", "webp", "bmp", "woff", "woff2", "ttf", "otf", "eot",
          "mp4", "webm", "ogv", "ogg", "oga", "mp3", "m4a", "wav", "vtt", "webvtt", "txt", "md"}


@login_not_required
def serve_file(request, path: str):
    """``/h5p/files/libraries/<Machine-x.y>/…`` and ``/h5p/files/content/<id>/…`` from ``H5P_ROOT``.

    Served with ``nosniff``, a sandboxing CSP (``sandbox`` without ``allow-scripts``: an SVG's script never runs),
    an explicit type per extension (SVG as ``image/svg+xml``) and ``attachment`` for office documents and Flash. In production serve ``H5P_ROOT`` from a cookieless domain instead (``H5P_CONTENT_BASE_URL``).
    """
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if unsafe_name(path) or posixpath.normpath(path) != path:
        raise Http404
    parts = path.split("/")
    ext = filetypes.extension(path)
    if len(parts) < 3 or parts[0] not in ("libraries", "content"):
        raise Http404
    if parts[0] == "content" and (not parts[1].isdigit() or ext == "js"):
        raise Http404
    allowed = filetypes.LIBRARY_EXTENSIONS if parts[0] == "libraries" else filetypes.CONTENT_EXTENSIONS
    if ext not in allowed:
        raise Http404
    root = conf.root().resolve()
    full = (root / path).resolve()
    if root not in full.parents or not full.is_file():
        raise Http404
    content_type = CONTENT_TYPES.get(ext) or mimetypes.types_map.get(f".{ext}") or "application/octet-stream"
    response = FileResponse(open(full, "rb"), content_type=content_type, as_attachment=ext not in INLINE,
                            filename=full.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self' data:; media-src 'self'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-site"
    if parts[0] == "libraries":
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, no_cache=True)
    return response


def _rate_limited(user_id: int, activity_id: int) -> int:
    """Seconds to wait when the learner posted more than ``H5P_XAPI_RATE_PER_MINUTE`` statements to this activity
    in the current minute, else 0 (the shared limiter in ``lms.ratelimit``)."""
    if not ratelimit.enabled():
        return 0
    decision = ratelimit.hit("xapi", f"u{user_id}:a{activity_id}", ratelimit.Rate(conf.xapi_rate_per_minute(), 60))
    return decision.retry_after


@login_not_required
@require_POST
def xapi(request, activity_id: int):
    """Store one xAPI statement from the player for the logged-in learner; CSRF-protected by the middleware."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": str(LOGIN_REQUIRED)}, status=401)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > conf.xapi_max_bytes():
        return JsonResponse({"error": str(TOO_LARGE)}, status=413)
    body = request.read(conf.xapi_max_bytes() + 1)
    if len(body) > conf.xapi_max_bytes():
        return JsonResponse({"error": str(TOO_LARGE)}, status=413)
    activity = get_object_or_404(H5PActivity, pk=activity_id)
    retry_after = _rate_limited(request.user.pk, activity.pk)
    if retry_after:
        response = JsonResponse({"error": str(RATE_LIMITED), "retry_after": retry_after}, status=429)
        response["Retry-After"] = str(retry_after)
        return response
    if not activity_open_for(request, activity):  # not in a live lesson this learner may open: as if unknown
        return JsonResponse({"error": str(NOT_OPEN)}, status=404)
    try:
        data = parse_body(body)
        recorded = statement_record(user=request.user, activity=activity, data=data)
    except XAPIError as exc:
        return JsonResponse({"error": str(exc.message)}, status=exc.status)
    result = recorded.result
    if result is not None and (result.completed or result.success or result.best_scaled is not None):
        # A required activity may have reached its threshold: the lessons placing it may now be complete.
        lessons_update_for_activity(user=request.user, lesson_ids=lessons_placing(activity.pk))
    return JsonResponse(
        {
            "stored": str(recorded.statement.uuid),
            "best_percent": result.best_percent if result else None,
            "completed": bool(result and result.completed),
        },
        status=201,
    )


def preview(request, activity_id: int):
    """The player alone, for the admin's “Xem thử” (editors with access to the snippet: admin access alone, as an
    auditor has, is not enough)."""
    activity = get_object_or_404(H5PActivity, pk=activity_id)
    opts = H5PActivity._meta
    if not (request.user.is_authenticated and request.user.has_perm("wagtailadmin.access_admin")
            and request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")):
        raise Http404
    player = player_config(activity, request)
    player["xapiUrl"] = ""  # a preview records nothing
    return render(request, "h5p/preview.html", {"activity": activity, "player": player})


def player_config(activity: H5PActivity, request=None) -> dict:
    options = activity.player_options()
    language = (get_language() or "vi").split("-")[0]
    options.update(
        {
            "frameJs": static("h5p/player/frame.bundle.js"),
            "frameCss": static("h5p/player/styles/h5p.css"),
            "frame": False,
            "copyright": False,
            "export": False,
            "icon": False,
            "fullScreen": True,
            "xAPIObjectIRI": activity_iri(activity),  # what the server writes as object.id (BASE_URL, not Host)
        }
    )
    if language == "vi":
        options["translations"] = {"H5P": dict(VI_CORE_STRINGS)}
    return {
        "id": f"h5p-{activity.pk}",
        "playerJs": static("h5p/player/main.bundle.js"),
        "activity": activity.pk,
        "options": options,
        "language": language,
        "contentLanguage": activity.language,
        "xapiUrl": reverse("h5p:xapi", args=[activity.pk]),
    }
