"""Turn attempts and results into what templates show (no business rules here)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from .scoring import correct_answers, feedback, learner_view, response_text

CHART_WIDTH, LABEL_WIDTH, BAR_HEIGHT, ROW_HEIGHT = 320, 0, 18, 44


def item_view(item, images=None) -> dict:
    """One attempt question as the form shows it, with the learner's saved answer filled in."""
    data = item.version.data
    view = learner_view(data, item.choice_order)
    response = item.response
    qtype = data["type"]
    if qtype in ("single", "multiple"):
        chosen = response if isinstance(response, list) else [response]
        for c in view["choices"]:
            c["checked"] = c["id"] in chosen
    elif qtype == "truefalse":
        for c in view["choices"]:
            c["text"] = _("Đúng") if c["id"] == "true" else _("Sai")
            c["checked"] = response is not None and (c["id"] == "true") == bool(response)
    elif qtype == "matching":
        given = response if isinstance(response, dict) else {}
        for p in view["prompts"]:
            p["selected"] = given.get(p["id"], "")
    elif qtype == "ordering":
        if isinstance(response, list) and response:
            rank = {item_id: n for n, item_id in enumerate(response, start=1)}
            view["items"].sort(key=lambda i: rank.get(i["id"], 99))
        for n, i in enumerate(view["items"], start=1):
            i["rank"] = n
        view["ranks"] = list(range(1, len(view["items"]) + 1))
    else:
        view["value"] = response or ""
    return {"position": item.position, "qtype": qtype, "data": view, "answered": response not in (None, "", [], {}),
            "prefix": f"q{item.position}", "image": images.get(data.get("image")) if images else None}


def review_view(item, policy: str) -> dict:
    data = item.version.data
    out = {"position": item.position, "stem": data["stem"], "score": item.score,
           "answer": response_text(data, item.response)}
    if policy == "correct":
        out["correct"] = correct_answers(data)
        out["feedback"] = feedback(data, item.response)
        out["general_feedback"] = data.get("general_feedback", "")
        out["explanation"] = data.get("explanation", "")
    return out


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
        rows.append({
            **area,
            "y": n * ROW_HEIGHT,
            "bar_y": n * ROW_HEIGHT + 18,
            "width": round(CHART_WIDTH * score / 100, 1),
            "text_x": min(round(CHART_WIDTH * score / 100, 1) + 4, CHART_WIDTH - 36),
            "pass_x": round(CHART_WIDTH * float(area["pass_mark"] if area["pass_mark"] is not None
                                                else result.get("pass_mark", 0)) / 100, 1),
            "feedback": area_feedback(area),
            "courses_url": catalogue_url(area["code"]),
        })
    with_questions = [r for r in rows if r["questions"]]
    weakest = sorted(with_questions, key=lambda r: r["score"] or 0)
    weak = [r for r in weakest if r["passed"] is False or (r["score"] or 0) < 70][:3] or weakest[:1]
    pass_x = round(CHART_WIDTH * result.get("pass_mark", 0) / 100, 1)
    return {"rows": rows, "height": ROW_HEIGHT * len(rows) + 4, "width": CHART_WIDTH, "weak": weak,
            "pass_x": pass_x, "bar_height": BAR_HEIGHT}
