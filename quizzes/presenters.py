"""Turn attempts and results into what templates show (no business rules here)."""

from __future__ import annotations

import random
from types import SimpleNamespace

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from .models import Assessment
from .scoring import (
    correct_answers,
    default_choice_order,
    feedback,
    learner_view,
    make_aliases,
    response_text,
)

CHART_WIDTH, LABEL_WIDTH, BAR_HEIGHT, ROW_HEIGHT = 320, 0, 18, 44
# Room right of the track for the value label ("100%" is ~36 px at 13 px bold, ~44 px with the larger text): the
# label always follows its bar, so a full bar's label is never cut by the viewBox (issue 15).
VALUE_ROOM = 56


def item_view(item, images=None) -> dict:
    """One attempt question as the form shows it, with the learner's saved answer filled in. Options carry the
    attempt's opaque public ids (``item.aliases``); nothing here says which is right."""
    data = item.version.data
    view = learner_view(data, item.choice_order, getattr(item, "aliases", None))
    response = item.response
    qtype = data["type"]
    if qtype in ("single", "multiple"):
        chosen = response if isinstance(response, list) else [response]
        for c in view["choices"]:
            c["checked"] = c["key"] in chosen
    elif qtype == "truefalse":
        for c in view["choices"]:
            c["text"] = _("Đúng") if c["key"] == "true" else _("Sai")
            c["checked"] = response is not None and (c["key"] == "true") == bool(response)
    elif qtype == "matching":
        given = response if isinstance(response, dict) else {}
        public = {o["key"]: o["id"] for o in view["options"]}
        for p in view["prompts"]:
            p["selected"] = public.get(given.get(p["key"], ""), "")
    elif qtype == "ordering":
        if isinstance(response, list) and response:
            rank = {item_id: n for n, item_id in enumerate(response, start=1)}
            view["items"].sort(key=lambda i: rank.get(i["key"], 99))
            for n, i in enumerate(view["items"], start=1):
                i["rank"] = n if i["key"] in rank else None
        else:
            for i in view["items"]:
                i["rank"] = None  # nothing preselected: an untouched question is unanswered
        view["ranks"] = list(range(1, len(view["items"]) + 1))
    else:
        view["value"] = response or ""
    for options in ("choices", "prompts", "options", "items"):
        for option in view.get(options, []):
            option.pop("key", None)  # the internal id never reaches the template
    return {"position": item.position, "qtype": qtype, "data": view, "answered": response not in (None, "", [], {}),
            "flagged": bool(getattr(item, "flagged", False)),
            "prefix": f"q{item.position}", "image": images.get(data.get("image")) if images else None}


def question_preview(data: dict, *, shuffle: bool = True, rng=None, image=None) -> dict:
    """A question (its scoring ``data``) as a learner meets it in a test, for the editor's preview: options
    shuffled as ``attempt_start`` shuffles them (ordering items always; matching answers stay alphabetical),
    fresh opaque ids (``make_aliases``), nothing answered, through ``item_view`` like the test page. ``key``:
    the right answers and feedback, shown to the editor below the question, never inside it."""
    rng = rng or random.SystemRandom()
    order = default_choice_order(data)
    if data["type"] == "ordering" or (shuffle and data["type"] != "matching"):
        rng.shuffle(order)
    item = SimpleNamespace(version=SimpleNamespace(data=data), choice_order=order, aliases=make_aliases(data, rng),
                           response=None, position=1, flagged=False)
    view = item_view(item)
    view["image"] = image
    return {"item": view, "key": {"answers": correct_answers(data), "general_feedback": data.get("general_feedback", ""),
                                  "explanation": data.get("explanation", "")}}


def attempt_summary(items) -> dict:
    """Counts and question numbers for the summary before submitting."""
    unanswered = [i.position for i in items if i.response in (None, "", [], {})]
    flagged = [i.position for i in items if i.flagged]
    return {"total": len(items), "answered": len(items) - len(unanswered), "unanswered": unanswered,
            "flagged": flagged}


def review_view(item, shown: str) -> dict:
    """One question of the review. ``shown``: ``own`` (answer, right or wrong) or ``correct`` (also the key,
    feedback and explanation); see ``selectors.attempt_review_shown``."""
    data = item.version.data
    score = item.score or 0
    out = {"position": item.position, "stem": data["stem"], "score": item.score,
           "answer": response_text(data, item.response),
           "verdict": "right" if score >= 1 else ("partial" if score > 0 else "wrong")}
    if shown == "correct":
        out["correct"] = correct_answers(data)
        out["feedback"] = feedback(data, item.response)
        out["general_feedback"] = data.get("general_feedback", "")
        out["explanation"] = data.get("explanation", "")
    return out


def review_later(attempt, shown: str) -> str | None:
    """A sentence saying when more of the review opens, or ``None`` when everything allowed is shown."""
    if shown == attempt.review_policy or attempt.review_policy == Assessment.ReviewPolicy.SCORE:
        return None
    what = (_("đáp án đúng và giải thích") if attempt.review_policy == Assessment.ReviewPolicy.CORRECT
            else _("câu nào đúng, câu nào sai"))
    if attempt.review_after == Assessment.ReviewAfter.WINDOW_CLOSED or not attempt.assessment.attempts_allowed:
        when = attempt.assessment.available_until
        if when is None:
            return None
        return _("Bạn sẽ xem được %(what)s khi bài kiểm tra đóng, lúc %(when)s.") % {
            "what": what, "when": date_format(timezone.localtime(when), "SHORT_DATETIME_FORMAT")}
    return _("Bạn sẽ xem được %(what)s khi đã dùng hết %(n)d lần làm bài.") % {
        "what": what, "n": attempt.assessment.attempts_allowed}


def fail_reason(result: dict) -> str | None:
    """One sentence saying why a test was not passed (``None`` when passed): the areas below their minimum
    first, then the overall mark."""
    if not result or result.get("passed"):
        return None
    missed = [a for a in result.get("areas", []) if a.get("passed") is False]
    if missed:
        parts = [_("miền %(code)s (%(name)s) được %(score)s%%, cần %(mark)s%%") % {
            "code": a["code"], "name": a["name"], "score": _num(a["score"]), "mark": _num(a["pass_mark"])}
            for a in missed]
        sentence = _("Chưa đạt vì %(areas)s.") % {"areas": "; ".join(parts)}
        if result.get("score", 0) < result.get("pass_mark", 0):
            sentence = sentence[:-1] + _(", và tổng điểm %(score)s%% dưới điểm đạt %(mark)s%%.") % {
                "score": _num(result["score"]), "mark": _num(result["pass_mark"])}
        return sentence
    return _("Chưa đạt vì tổng điểm %(score)s%% dưới điểm đạt %(mark)s%%.") % {
        "score": _num(result.get("score", 0)), "mark": _num(result.get("pass_mark", 0))}


def _num(value) -> str:
    """67.5 → "67,5"; 40.0 → "40" (Vietnamese decimal comma)."""
    value = float(value or 0)
    return number_format(value, 0 if value == int(value) else 1)


def area_feedback(row: dict) -> str:
    if not row["questions"]:
        return _("Bài kiểm tra không có câu hỏi thuộc miền này.")
    score = row["score"] or 0
    if score >= 80:
        return _("Bạn đã vững miền năng lực này. Có thể thử các khóa học nâng cao hơn.")
    if score >= 50:
        return _("Bạn nắm được phần cơ bản. Ôn thêm những năng lực có điểm thấp để chắc chắn hơn.")
    return _("Đây là miền bạn nên học thêm. Hãy bắt đầu từ các khóa học cơ bản dưới đây.")


def catalogue_url(area_code: str) -> str | None:
    try:
        return reverse("catalogue") + f"?area={area_code}"
    except NoReverseMatch:  # the courses app is not installed
        return None


def profile(result: dict) -> dict:
    """The competency profile: chart geometry, rows for the table, and the weakest areas to work on."""
    rows = []
    for n, area in enumerate(result.get("areas", [])):
        score = area["score"] if area["score"] is not None else 0
        line = float(area["pass_mark"] if area["pass_mark"] is not None else result.get("pass_mark", 0))
        rows.append({
            **area,
            "y": n * ROW_HEIGHT,
            "bar_y": n * ROW_HEIGHT + 18,
            "width": round(CHART_WIDTH * score / 100, 1),
            "text_x": round(CHART_WIDTH * score / 100, 1) + 4,
            "pass_x": round(CHART_WIDTH * line / 100, 1),
            # A bar short of its dashed line is never green, whether the line is the area's own minimum or the
            # test's pass mark (an area without a minimum of its own was drawn green below the line).
            "low": bool(area["questions"]) and score < line,
            "feedback": area_feedback(area),
            "courses_url": catalogue_url(area["code"]),
        })
    with_questions = [r for r in rows if r["questions"]]
    weakest = sorted(with_questions, key=lambda r: r["score"] or 0)
    weak = [r for r in weakest if r["passed"] is False or (r["score"] or 0) < 70][:3] or weakest[:1]
    pass_x = round(CHART_WIDTH * result.get("pass_mark", 0) / 100, 1)
    return {"rows": rows, "height": ROW_HEIGHT * len(rows) + 4, "width": CHART_WIDTH, "weak": weak,
            "pass_x": pass_x, "bar_height": BAR_HEIGHT, "view_width": CHART_WIDTH + VALUE_ROOM}


def localized_result(result: dict, labels: dict[str, str]) -> dict:
    """The stored result with its area and competence names in the active language. A result keeps the names of
    the framework it was scored against (Vietnamese); ``labels`` (``selectors.framework_labels``) gives the
    current language's names by code, and a code it does not know keeps its stored name."""
    if not result:
        return result
    return {
        **result,
        "areas": [{**a, "name": labels.get(f"area:{a['code']}", a["name"])} for a in result.get("areas", [])],
        "competences": [{**c, "name": labels.get(f"competence:{c['code']}", c["name"])}
                        for c in result.get("competences", [])],
    }
