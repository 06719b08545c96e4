"""Shape checks for the xAPI statements the player posts. The browser is not trusted: the actor is replaced
by the logged-in learner (an account on this site, no e-mail), ids and timestamps are the server's, and only
a known set of fields is kept."""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .validation.package import storable_json

XAPI_VERSION = "1.0.3"
SUBCONTENT_EXTENSION = "http://h5p.org/x-api/h5p-subContentId"
IRI = re.compile(r"^https?://[^\s]{1,500}$")

BAD_JSON = _("Dữ liệu gửi lên không phải JSON hợp lệ.")
BAD_SHAPE = _("Câu lệnh xAPI không đúng cấu trúc: %(detail)s.")
TOO_LARGE = _("Dữ liệu gửi lên quá lớn.")
RATE_LIMITED = _("Bạn gửi quá nhiều kết quả trong thời gian ngắn. Hãy thử lại sau ít phút.")
LOGIN_REQUIRED = _("Hãy đăng nhập để lưu kết quả.")
NOT_OPEN = _("Hoạt động này không thuộc bài học nào bạn đang mở được, nên kết quả không được lưu.")
SUB_CONTENT_ID = re.compile(r"^[0-9A-Za-z-]{1,64}$")
H5P_LIBRARY_IRI = re.compile(r"^https?://h5p\.org/libraries/H5P\.[A-Za-z0-9]+-\d+\.\d+$")


def activity_iri(activity) -> str:
    """The activity's xAPI id, written by the server (never taken from the browser): on ``BASE_URL``."""
    return f"{settings.BASE_URL.rstrip('/')}/h5p/activity/{activity.pk}"


class XAPIError(Exception):
    def __init__(self, message, status: int = 400):
        super().__init__(str(message))
        self.message = message
        self.status = status


@dataclass(frozen=True)
class CleanStatement:
    uuid: uuid.UUID
    verb: str
    scaled: float | None
    raw: float | None
    max: float | None
    completion: bool | None
    success: bool | None
    sub_content: bool
    statement: dict


def parse_body(body: bytes):
    """The posted JSON, or ``XAPIError(BAD_JSON)`` for anything that is not strict JSON the database can store:
    invalid UTF-8, NaN and infinite numbers, nesting too deep for the parser, NUL characters, lone surrogates."""
    try:
        return storable_json(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise XAPIError(BAD_JSON)


def _bad(detail: str) -> XAPIError:
    return XAPIError(BAD_SHAPE % {"detail": detail})


def _number(value, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _bad(f"result.score.{name}")
    return float(value)


def _flag(value, name: str) -> bool | None:
    if value is None:
        return None
    if not isinstance(value, bool):
        raise _bad(f"result.{name}")
    return value


def actor_for(user) -> dict:
    """The learner as an xAPI Agent: an account on this site (no name, no e-mail leave the server)."""
    return {
        "objectType": "Agent",
        "account": {"homePage": getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "http://localhost", "name": str(user.pk)},
    }


def _context_activities(sent, *, activity, sub_content: bool) -> dict:
    """Context activities written by the server: a part's parent and grouping are the activity itself; of what
    the browser sent only H5P library categories (``http://h5p.org/libraries/H5P.MultiChoice-1.16``) are kept."""
    kept = {}
    categories = sent.get("category") if isinstance(sent, dict) else None
    if isinstance(categories, list):
        kept_categories = [
            {"id": item["id"], "objectType": "Activity"} for item in categories[:5]
            if isinstance(item, dict) and isinstance(item.get("id"), str) and H5P_LIBRARY_IRI.match(item["id"])
        ]
        if kept_categories:
            kept["category"] = kept_categories
    if sub_content:
        kept["parent"] = kept["grouping"] = [{"id": activity_iri(activity), "objectType": "Activity"}]
    return kept


def clean_statement(data, *, user, activity) -> CleanStatement:
    """Accepts either the statement itself or ``{"statement": {...}}`` (what ``event.data`` holds)."""
    if isinstance(data, dict) and isinstance(data.get("statement"), dict):
        data = data["statement"]
    if not isinstance(data, dict):
        raise _bad("statement")
    verb = data.get("verb")
    verb_id = verb.get("id") if isinstance(verb, dict) else None
    if not isinstance(verb_id, str) or not IRI.match(verb_id) or len(verb_id) > 255:
        raise _bad("verb.id")
    display = verb.get("display") if isinstance(verb.get("display"), dict) else {}

    obj = data.get("object")
    if obj is not None and not isinstance(obj, dict):
        raise _bad("object")
    obj = obj or {}
    definition = obj.get("definition") if isinstance(obj.get("definition"), dict) else {}
    extensions = definition.get("extensions") if isinstance(definition.get("extensions"), dict) else {}
    sub_content_id = extensions.get(SUBCONTENT_EXTENSION)
    sub_content = bool(sub_content_id)
    if sub_content and not (isinstance(sub_content_id, str) and SUB_CONTENT_ID.match(sub_content_id)):
        raise _bad("object.definition.extensions")
    context = data.get("context") if isinstance(data.get("context"), dict) else {}

    result = data.get("result")
    if result is not None and not isinstance(result, dict):
        raise _bad("result")
    result = result or {}
    score = result.get("score")
    if score is not None and not isinstance(score, dict):
        raise _bad("result.score")
    score = score or {}
    scaled, raw = _number(score.get("scaled"), "scaled"), _number(score.get("raw"), "raw")
    minimum, maximum = _number(score.get("min"), "min"), _number(score.get("max"), "max")
    if scaled is not None and not -1 <= scaled <= 1:
        raise _bad("result.score.scaled")
    if maximum is not None and maximum < 0:
        raise _bad("result.score.max")
    if raw is not None and maximum is not None and raw > maximum:
        raise _bad("result.score.raw")
    if raw is not None and minimum is not None and raw < minimum:
        raise _bad("result.score.raw")
    if scaled is None and raw is not None and maximum:
        scaled = max(0.0, min(1.0, raw / maximum))
    completion, success = _flag(result.get("completion"), "completion"), _flag(result.get("success"), "success")
    duration = result.get("duration") if isinstance(result.get("duration"), str) else None
    response = result.get("response") if isinstance(result.get("response"), str) else None

    statement_id = uuid.uuid4()
    kept_score = {k: v for k, v in (("scaled", scaled), ("raw", raw), ("min", minimum), ("max", maximum)) if v is not None}
    kept_result = {
        k: v
        for k, v in (
            ("score", kept_score or None),
            ("completion", completion),
            ("success", success),
            ("duration", duration[:64] if duration else None),
            ("response", response[:2000] if response else None),
        )
        if v is not None
    }
    statement = {
        "id": str(statement_id),
        "actor": actor_for(user),
        "verb": {"id": verb_id, "display": {str(k)[:16]: str(v)[:100] for k, v in list(display.items())[:5]}},
        "object": {
            "objectType": "Activity",
            # The platform names the object: the activity itself, or one of its parts. Whatever id the browser
            # sent is ignored (it could name any activity, on any site).
            "id": f"{activity_iri(activity)}?subContentId={sub_content_id}" if sub_content else activity_iri(activity),
            "definition": definition,
        },
        "timestamp": timezone.now().isoformat(),
    }
    if kept_result:
        statement["result"] = kept_result
    kept_context = {k: v for k, v in context.items() if k in ("extensions", "language")}
    activities = _context_activities(context.get("contextActivities"), activity=activity, sub_content=sub_content)
    if activities:
        kept_context["contextActivities"] = activities
    if kept_context:
        statement["context"] = kept_context
    return CleanStatement(
        uuid=statement_id, verb=verb_id, scaled=scaled, raw=raw, max=maximum, completion=completion,
        success=success, sub_content=sub_content, statement=statement,
    )
