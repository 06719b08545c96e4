import sys
from pathlib import Path
from urllib.parse import unquote

from django import db
from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.static import serve


def healthz(request):
    """Liveness and database check for load balancers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_POST
def text_size(request):
    """Toggle the larger-text option. Works without JavaScript; kept in a cookie for a year."""
    size = "large" if request.POST.get("size") == "large" else "normal"
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie("textsize", size, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure())
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


# The database is unreachable (restart, failover, network): a 503 that says "try again", never a 500. These
# templates and this message need no database. See docs/security.md, "Reliability".
DATABASE_UNAVAILABLE = _("Hệ thống tạm thời mất kết nối tới cơ sở dữ liệu. Chưa có gì được lưu từ yêu cầu này; "
                         "vui lòng thử lại sau ít giây.")
RETRY_AFTER_SECONDS = 5


def _database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, (db.OperationalError, db.InterfaceError))


def server_error(request):
    """handler500. Django calls it inside its ``except`` block, so ``sys.exc_info()`` is the error."""
    if _database_unavailable(sys.exc_info()[1]):
        if "application/json" in request.headers.get("Accept", "") or request.content_type == "application/json":
            response = JsonResponse({"ok": False, "retry": True, "error": str(DATABASE_UNAVAILABLE)}, status=503)
        else:
            # No request context: context processors could need the database that is gone.
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "500.html", status=500)


#: Folders of MEDIA_ROOT that are only served through their own views, which check who asks: documents (Wagtail's
#: collection privacy), certificate PDFs (their owner), H5P files (/h5p/files/, by type), exports (their owner),
#: videos (/video/files/: the current renditions only, with range requests; originals never).
PRIVATE_MEDIA = ("documents/", "certificates/", "h5p/", "exports/", "video/")


def media_path_is_public(path: str) -> bool:
    """May the embedded mode serve ``path`` (already URL-decoded once, as Django hands it over) from MEDIA_ROOT?

    Refused: any ``..`` segment (also when the path is decoded again: ``%2e%2e`` sent double-encoded), any
    backslash, NUL or percent-encoded separator, and every file whose real location (after ``..`` and symbolic
    links are resolved) is not inside MEDIA_ROOT or lies in one of the ``PRIVATE_MEDIA`` folders. The decision is
    made on the file that would be opened, never on the spelling of the URL: ``/media/%2e%2e/media/documents/x``
    named ``documents/x`` through the parent folder, and an earlier check on the spelling let it through.
    """
    decoded = path
    for _round in range(3):  # a client, proxy or CDN may decode once more than Django did
        if "\\" in decoded or "\0" in decoded:
            return False
        if any(segment in ("..", ".") for segment in decoded.split("/")):
            return False
        again = unquote(decoded)
        if again == decoded:
            break
        decoded = again
    else:
        return False
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        real = (root / path.lstrip("/")).resolve()
        relative = real.relative_to(root)
    except (ValueError, OSError, RuntimeError):  # outside MEDIA_ROOT, or a symlink loop
        return False
    return bool(relative.parts) and not f"{relative.as_posix()}/".lower().startswith(PRIVATE_MEDIA)


def serve_media(request, path):
    """Uploaded files in the embedded mode: cached for a day, never sniffed, never run as a page."""
    if not media_path_is_public(path):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response


def csrf_failure(request, reason=""):
    """A form sent with a missing or stale CSRF token: a page in the learner's language with the site's header
    (Django's own page is English, "Forbidden (403) CSRF verification failed", and renders without the request)."""
    return render(request, "403_csrf.html", {"no_cookie": reason == REASON_NO_CSRF_COOKIE}, status=403)
