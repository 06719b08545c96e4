"""Moodle XML → ``ParseResult``, and questions → Moodle XML (``export``); read as Moodle 4.x/5.x reads it.

Read: categories (``$course$/top/…`` paths, remembered without the context prefix and ``top``), names, text
formats (html, markdown, plain_text, moodle_auto_format; answers and feedback default to the question text's
format), fractions (partial credit, negative marks), per-answer feedback, generalfeedback, tags, ``<penalty>``
(old roundings of 1/3 fixed as Moodle does), ``<hidden>`` (imported inactive); types multichoice (``single``
true/false), multichoiceset (all-or-nothing), truefalse, matching (an empty subquestion is a distractor),
shortanswer (``usecase``; answers as plain text), numerical (``tolerance``, several answers, ``*`` for any
other number). Listed as skipped with a reason: essay, cloze (multianswer), description, calculated…, numerical
questions whose units the learner must give, and questions using attached files (``@@PLUGINFILE@@``). Not kept:
defaultgrade, combined feedback, hints, idnumber, shuffleanswers. Extension elements written by ``export`` and
read back: ``<hocvuso_ignorediacritics>``, ``<hocvuso_explanation>``, ``<hocvuso_partial>``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import ElementTree as SafeET

from quizzes.scoring import question_data_from_question

from .base import (
    MSG_PLUGINFILE,
    SKIP_REASONS,
    ParsedChoice,
    ParsedQuestion,
    ParseResult,
    Problem,
    attached_file,
    category_path,
    plain,
    short_name,
    to_html,
    validate,
)

MSG_UNITS = ("Câu hỏi số có đơn vị (<units>) mà người học phải nhập hoặc chọn: chưa được hỗ trợ. Bỏ đơn vị "
             "(showunits = 3) trong Moodle rồi xuất lại, hoặc nhập câu này bằng tay.")


def _text(el, path="text") -> str:
    if el is None:
        return ""
    found = el.find(path)
    return (found.text or "") if found is not None else ""


def _formatted(el, default="html") -> tuple[str, str]:
    if el is None:
        return "", default
    return _text(el), el.get("format") or default


def _fraction(value) -> Decimal:
    try:
        fraction = Decimal(str(value or "0").strip())
    except InvalidOperation:
        raise ValueError(f"Điểm “{value}” không phải là số.")
    if not fraction.is_finite():  # NaN cannot even be compared with 0
        raise ValueError(f"Điểm “{value}” không phải là số.")
    return fraction


def _bool(el, path, default=False) -> bool:
    value = (el.findtext(path) or "").strip().lower()
    if not value:
        return default
    return value in ("1", "true", "yes")


def _answers(q, default_fmt="html"):
    """(element, text, format, fraction, feedback as text) per <answer>. Moodle: an answer's and a feedback's
    format default to the question text's format."""
    out = []
    for a in q.findall("answer"):
        text, fmt = _text(a), a.get("format") or default_fmt
        fb_text, fb_fmt = _formatted(a.find("feedback"), default_fmt)
        out.append((a, text, fmt, _fraction(a.get("fraction")), plain(fb_text, fb_fmt)))
    return out


def _penalty(q) -> Decimal:
    raw = (q.findtext("penalty") or "").strip()
    try:
        value = Decimal(raw) if raw else Decimal("0.3333333")
    except InvalidOperation:
        raise ValueError(f"<penalty> “{raw}” không phải là số.")
    if not value.is_finite() or not 0 <= value <= 1:
        raise ValueError(f"<penalty> {raw} phải từ 0 đến 1.")
    if abs(value - Decimal("0.3333333")) < Decimal("0.005"):  # Moodle fixes old files' rounding the same way
        value = Decimal("0.3333333")
    return value.quantize(Decimal("0.0000001"))


def _parse_question(q, qtype: str, location: str, category: str) -> ParsedQuestion:
    name = " ".join((_text(q.find("name")) or "").split())
    qtext, qfmt = _formatted(q.find("questiontext"))
    stem = to_html(qtext, qfmt)
    gf_text, gf_fmt = _formatted(q.find("generalfeedback"), qfmt)
    explanation = q.findtext("hocvuso_explanation") or ""
    parsed = ParsedQuestion(
        qtype="", name=name or short_name(stem), stem=stem, location=location, category=category,
        general_feedback=to_html(gf_text, gf_fmt) if gf_text.strip() else "",
        explanation=to_html(explanation, "html") if explanation.strip() else "",
        tags=[t.findtext("text") or "" for t in q.findall("tags/tag")],
        hidden=_bool(q, "hidden"), penalty=_penalty(q),
    )
    if qtype in ("multichoice", "multichoiceset"):
        single = qtype == "multichoice" and _bool(q, "single", default=True)
        parsed.qtype = "single" if single else "multiple"
        parsed.partial = qtype == "multichoice" and _bool(q, "hocvuso_partial", default=True)
        for _, text, fmt, fraction, fb in _answers(q, qfmt):
            if qtype == "multichoiceset":
                fraction = Decimal(100) if fraction > 0 else Decimal(0)
            parsed.choices.append(ParsedChoice(text=plain(text, fmt), fraction=fraction, feedback=fb))
    elif qtype == "truefalse":
        parsed.qtype = "truefalse"
        feedback = {"true": "", "false": ""}
        correct = None
        answers = _answers(q, qfmt)
        if len(answers) != 2:
            raise ValueError("Câu Đúng/Sai cần đúng 2 đáp án (true và false).")
        for n, (_, text, _fmt, fraction, fb) in enumerate(answers):
            key = plain(text).lower()
            if key not in feedback:  # old Moodle files wrote the words in the site's language: true first
                key = "true" if n == 0 else "false"
            feedback[key] = fb
            if fraction == 100:
                correct = key == "true"
        if correct is None:
            raise ValueError("Câu Đúng/Sai không có đáp án được 100%.")
        parsed.correct_true = correct
        parsed.choices = [ParsedChoice(text="true", feedback=feedback["true"]),
                          ParsedChoice(text="false", feedback=feedback["false"])]
    elif qtype == "matching":
        parsed.qtype = "matching"
        parsed.partial = _bool(q, "hocvuso_partial", default=True)
        for sub in q.findall("subquestion"):
            left = plain(_text(sub), sub.get("format") or qfmt)
            right = plain(sub.findtext("answer/text") or "", "plain_text")
            parsed.choices.append(ParsedChoice(text=left, match_text=right))
    elif qtype == "ordering":
        parsed.qtype = "ordering"
        grading = (q.findtext("gradingtype") or "").upper()
        parsed.partial = grading not in ("ALL_OR_NOTHING", "0")
        for answer in _answers(q, qfmt):
            text, fmt = answer[1], answer[2]
            parsed.choices.append(ParsedChoice(text=plain(text, fmt)))
    elif qtype == "shortanswer":
        parsed.qtype = "shorttext"
        parsed.case_sensitive = _bool(q, "usecase")
        parsed.ignore_diacritics = _bool(q, "hocvuso_ignorediacritics")
        for _, text, _fmt, fraction, fb in _answers(q, qfmt):  # Moodle reads these answers as plain text
            parsed.choices.append(ParsedChoice(text=plain(text, "plain_text"), fraction=fraction, feedback=fb))
    elif qtype == "numerical":
        parsed.qtype = "numeric"
        units = [u for u in q.findall("units/unit") if (u.findtext("unit_name") or "").strip()]
        if units and (q.findtext("showunits") or "0").strip() != "3":
            raise ValueError(MSG_UNITS)
        for a, text, _fmt, fraction, fb in _answers(q, qfmt):
            value = plain(text, "plain_text") or "*"  # Moodle: an empty answer matches any number
            if value != "*":
                try:
                    value = str(Decimal(value))
                except InvalidOperation:
                    raise ValueError(f"Đáp án số “{value}” không hợp lệ.")
            try:
                tolerance = abs(Decimal((a.findtext("tolerance") or "0").strip() or "0"))
            except InvalidOperation:
                raise ValueError(f"Sai số “{a.findtext('tolerance')}” không hợp lệ.")
            parsed.choices.append(ParsedChoice(text=value, fraction=fraction, tolerance=tolerance, feedback=fb))
    return parsed


def parse(text: str) -> ParseResult:
    result = ParseResult()
    try:
        root = SafeET.fromstring(text.lstrip("\ufeff").encode("utf-8"))
    except SafeET.ParseError as exc:
        result.errors.append(Problem("tệp XML", "", f"XML không hợp lệ ({exc})."))
        return result
    except Exception as exc:  # defusedxml refuses entities, DTDs…
        result.errors.append(Problem("tệp XML", "", f"XML không được chấp nhận ({exc.__class__.__name__})."))
        return result
    if root.tag != "quiz":
        result.errors.append(Problem("tệp XML", "", "Phần tử gốc phải là <quiz> (định dạng Moodle XML)."))
        return result
    category = ""
    number = 0
    for q in root.findall("question"):
        qtype = (q.get("type") or "").strip().lower()
        if qtype == "category":
            category = category_path(_text(q.find("category")))
            continue
        number += 1
        location = f"câu hỏi số {number}"
        name = " ".join((_text(q.find("name")) or "").split())
        if qtype in SKIP_REASONS:
            result.skipped.append(Problem(location, name, SKIP_REASONS[qtype]))
            continue
        if qtype not in ("multichoice", "multichoiceset", "truefalse", "matching", "ordering", "shortanswer",
                         "numerical"):
            result.skipped.append(Problem(location, name, f"Loại câu hỏi “{qtype}” chưa được hỗ trợ."))
            continue
        try:
            parsed = _parse_question(q, qtype, location, category)
        except ValueError as exc:
            if str(exc) == MSG_UNITS:
                result.skipped.append(Problem(location, name, MSG_UNITS))
            else:
                result.errors.append(Problem(location, name, str(exc)))
            continue
        attached = attached_file(tostring(q, encoding="unicode"))
        if attached:
            result.skipped.append(Problem(location, parsed.name, MSG_PLUGINFILE.format(name=attached)))
            continue
        reason = validate(parsed)
        if reason:
            result.errors.append(Problem(location, parsed.name, reason))
        else:
            result.questions.append(parsed)
    return result


# -- export ----------------------------------------------------------------------------------------
def _text_el(parent, tag, text, fmt=None, **attrs):
    el = SubElement(parent, tag, **({"format": fmt} if fmt else {}), **attrs)
    SubElement(el, "text").text = text or ""
    return el


def _num(value) -> str:
    d = Decimal(str(value)).normalize()
    return format(d, "f")


def _category_for(question) -> str:
    comp = question.competence
    if comp is None:  # untagged: back to the category it came from
        return f"$course$/top/{question.category}" if question.category else "$course$/top"
    tag = f"{comp.framework.code}/{comp.code}/L{question.level}"
    match = re.search(re.escape(tag) + r"\b", question.category or "")
    if match:
        path = question.category
        return path if path.startswith("$") else f"$course$/top/{path}"
    return f"$course$/top/{tag}"


def export(questions) -> bytes:
    """Moodle XML for ``questions`` (``quizzes.models.Question`` rows), one category element per change."""
    root = Element("quiz")
    current = None
    for question in questions:
        category = _category_for(question)
        if category != current:
            cat = SubElement(root, "question", type="category")
            _text_el(cat, "category", category)
            current = category
        data = question_data_from_question(question)
        qtype = data["type"]
        moodle_type = {
            "single": "multichoice", "multiple": "multichoice" if data.get("partial", True) else "multichoiceset",
            "truefalse": "truefalse", "matching": "matching", "ordering": "ordering", "numeric": "numerical",
            "shorttext": "shortanswer",
        }[qtype]
        q = SubElement(root, "question", type=moodle_type)
        _text_el(q, "name", question.name)
        _text_el(q, "questiontext", data["stem"], fmt="html")
        _text_el(q, "generalfeedback", data["general_feedback"], fmt="html")
        SubElement(q, "defaultgrade").text = "1.0000000"
        SubElement(q, "penalty").text = format(Decimal(str(question.penalty)).quantize(Decimal("0.0000001")), "f")
        SubElement(q, "hidden").text = "0" if question.is_active else "1"
        if data["explanation"]:
            SubElement(q, "hocvuso_explanation").text = data["explanation"]
        if qtype in ("single", "multiple"):
            SubElement(q, "single").text = "true" if qtype == "single" else "false"
            SubElement(q, "shuffleanswers").text = "true"
            SubElement(q, "answernumbering").text = "abc"
            if qtype == "multiple":
                SubElement(q, "hocvuso_partial").text = "1" if data["partial"] else "0"
            for c in data["choices"]:
                a = _text_el(q, "answer", c["text"], fmt="plain_text", fraction=c["fraction"])
                _text_el(a, "feedback", c["feedback"], fmt="plain_text")
        elif qtype == "truefalse":
            for key, value in (("true", True), ("false", False)):
                a = _text_el(q, "answer", key, fmt="moodle_auto_format",
                             fraction="100" if data["correct"] == value else "0")
                _text_el(a, "feedback", data[f"feedback_{key}"], fmt="plain_text")
        elif qtype == "matching":
            SubElement(q, "shuffleanswers").text = "true"
            SubElement(q, "hocvuso_partial").text = "1" if data["partial"] else "0"
            for p in data["pairs"]:
                sub = _text_el(q, "subquestion", p["prompt"], fmt="plain_text")
                _text_el(sub, "answer", p["answer"])
            for d in data["distractors"]:
                sub = _text_el(q, "subquestion", "", fmt="plain_text")
                _text_el(sub, "answer", d)
        elif qtype == "ordering":
            SubElement(q, "layouttype").text = "VERTICAL"
            SubElement(q, "selecttype").text = "ALL"
            SubElement(q, "selectcount").text = "0"
            SubElement(q, "gradingtype").text = "LONGEST_ORDERED_SUBSET" if data["partial"] else "ALL_OR_NOTHING"
            for item in data["items"]:
                _text_el(q, "answer", item["text"], fmt="plain_text", fraction="1")
        elif qtype == "numeric":
            for ans in data["answers"]:
                a = _text_el(q, "answer", ans["value"], fmt="moodle_auto_format", fraction=ans["fraction"])
                SubElement(a, "tolerance").text = _num(ans["tolerance"])
                _text_el(a, "feedback", ans["feedback"], fmt="plain_text")
        elif qtype == "shorttext":
            SubElement(q, "usecase").text = "1" if data["case_sensitive"] else "0"
            SubElement(q, "hocvuso_ignorediacritics").text = "1" if data["ignore_diacritics"] else "0"
            for ans in data["answers"]:
                a = _text_el(q, "answer", ans["text"], fmt="moodle_auto_format", fraction=ans["fraction"])
                _text_el(a, "feedback", ans["feedback"], fmt="plain_text")
    body = tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")
