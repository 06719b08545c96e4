"""GIFT (Moodle's text format) → ``ParseResult``, read as Moodle 4.x/5.x reads it (``question/format/gift``).

Supported: ``//`` comment lines, escapes ``\\~ \\= \\# \\{ \\} \\: \\\\ \\n``, titles ``::title::``,
``[html]`` / ``[markdown]`` / ``[plain]`` / ``[moodle]`` formats (on the question text; answers, feedback and
general feedback inherit it unless they carry their own), ``$CATEGORY:`` lines (``$course$``/``$system$``/
``$cat1$``/``$module$`` prefixes and ``top`` removed), multiple choice (``=`` right, ``~`` wrong, ``%50%``
weights; no ``=`` at all → several right answers), true/false (``{T}``, ``{TRUE}``, ``{F}``, ``{FALSE}`` with
``#wrong feedback#right feedback``; penalty 1 as Moodle sets it), short answer (``{=a =%50%b}``, also ``{a}``),
numeric (``{#3.14:0.01}``, ``{#1..5}``, ``{#=%100%3.14:0.01 =%50%3.1:0.1}``, and ``~#feedback`` for every other
number, stored as a ``*`` answer worth 0, as Moodle's own GIFT export writes it), matching (``{=a -> b}``,
``= -> distractor``), per-answer feedback ``#…``, general feedback ``####…`` (the last one), "missing word"
questions (text after the answer block: the blank is where the answers stood). ``{}`` (essay) and text without
braces (description) are skipped. Extensions of this project: a title may carry ``[case-sensitive]`` and
``[ignore-diacritics]`` for short answers, and ``[all-or-nothing]`` for multiple response and matching questions;
a competence tag such as ``TT02-2025/4.2/L3`` in the category or the title sets the competence and level.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .base import (
    SKIP_REASONS,
    ParsedChoice,
    ParsedQuestion,
    ParseResult,
    Problem,
    category_path,
    plain,
    short_name,
    to_html,
    validate,
)

_ESC = {"\\\\": "\ue000", "\\~": "\ue001", "\\=": "\ue002", "\\#": "\ue003", "\\{": "\ue004", "\\}": "\ue005",
        "\\:": "\ue006", "\\n": "\n"}
_UNESC = {"\ue000": "\\", "\ue001": "~", "\ue002": "=", "\ue003": "#", "\ue004": "{", "\ue005": "}", "\ue006": ":"}
_WEIGHT_RE = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_FLAG_RE = re.compile(r"\[(case-sensitive|ignore-diacritics|all-or-nothing)\]", re.I)


def _escape_pre(text: str) -> str:
    return re.sub(r"\\[\\~=#{}:n]", lambda m: _ESC[m.group(0)], text)


def _unesc(text: str) -> str:
    for k, v in _UNESC.items():
        text = text.replace(k, v)
    return text


class GiftError(Exception):
    pass


def _blocks(text: str):
    """Yield (first line number, block text) for each question or $CATEGORY line."""
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if not stripped:
            if current:
                yield start, "\n".join(current)
                current = []
            continue
        if stripped.startswith("$CATEGORY:") and not current:
            yield number, stripped
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        yield start, "\n".join(current)


def _split_items(body: str) -> list[tuple[str, str]]:
    """'=a ~b ~%50%c' → [('=', 'a'), ('~', 'b'), ('~', '%50%c')]."""
    items, marker, buf = [], None, []
    for ch in body:
        if ch in "=~":
            if marker is not None:
                items.append((marker, "".join(buf).strip()))
            elif "".join(buf).strip():
                raise GiftError(f"Có nội dung trước đáp án đầu tiên: “{_unesc(''.join(buf).strip())}”.")
            marker, buf = ch, []
        else:
            buf.append(ch)
    if marker is not None:
        items.append((marker, "".join(buf).strip()))
    return items


def _weight(text: str) -> tuple[Decimal | None, str]:
    match = _WEIGHT_RE.match(text)
    if not match:
        return None, text
    return Decimal(match.group(1)), text[match.end():].strip()


_FORMAT_RE = re.compile(r"^\[(html|markdown|plain|moodle)\]")
_FORMATS = {"plain": "plain_text", "moodle": "moodle_auto_format", "html": "html", "markdown": "markdown"}


def _with_format(text: str, default: str) -> tuple[str, str]:
    """Moodle's ``parse_text_with_format``: an optional ``[html]``/``[markdown]``/``[plain]``/``[moodle]`` at
    the start of a text overrides the format it inherits from the question text."""
    text = text.strip()
    match = _FORMAT_RE.match(text)
    if match:
        return text[match.end():].strip(), _FORMATS[match.group(1)]
    return text, default


def _text_in(text: str, fmt: str) -> str:
    """An answer or feedback text (with its own optional format) → plain text."""
    body, body_fmt = _with_format(text, fmt)
    return plain(_unesc(body), body_fmt)


def _feedback(text: str, fmt: str) -> tuple[str, str]:
    """``answer#feedback`` → (answer, feedback) as plain text, each in its format."""
    answer, _, fb = text.partition("#")
    return _text_in(answer, fmt), _text_in(fb, fmt)


def _number(text: str) -> Decimal:
    try:
        value = Decimal(_unesc(text).strip())
    except InvalidOperation:
        raise GiftError(f"“{_unesc(text).strip()}” không phải là số.")
    if not value.is_finite():
        raise GiftError(f"“{_unesc(text).strip()}” không phải là số.")
    return value


def _numeric_answer(text: str, fmt: str) -> ParsedChoice:
    """``%50%3:2#feedback``, ``1..5``, ``3.14`` or ``*`` (any number) → a numeric answer."""
    weight, text = _weight(text.strip())
    value_text, _, fb = text.partition("#")
    value_text = value_text.strip()
    if not value_text:
        raise GiftError("Thiếu giá trị số trong đáp án.")
    if value_text == "*":
        value, tol = "*", Decimal(0)
    elif ".." in value_text[1:]:
        low, high = (_number(x) for x in value_text.split("..", 1))
        if low > high:
            raise GiftError(f"Khoảng số {low}..{high} không hợp lệ.")
        value, tol = str((low + high) / 2), (high - low) / 2
    elif ":" in value_text[1:]:
        v, t = value_text.split(":", 1)
        value, tol = str(_number(v)), abs(_number(t))
    else:
        value, tol = str(_number(value_text)), Decimal(0)
    return ParsedChoice(text=value, tolerance=tol, fraction=Decimal(100) if weight is None else weight,
                        feedback=_text_in(fb, fmt))


def _numeric(q: ParsedQuestion, body: str, fmt: str) -> None:
    """Moodle: ``{#3:2}``, ``{#1..5}``, ``{#=%100%3:0 =%50%3:2#close}``; a ``~`` starts the feedback for every
    other number (``{#3:2~#Completely wrong}``), stored as a ``*`` answer worth 0 (as Moodle stores it)."""
    q.qtype = "numeric"
    rest = body[1:]
    wrong = None
    if "~" in rest:
        rest, wrong = rest.split("~", 1)
    answers = [a.strip() for a in rest.split("=")]
    if answers and not answers[0]:
        answers.pop(0)
    if not answers:
        raise GiftError("Câu hỏi số không có đáp án nào.")
    q.choices = [_numeric_answer(a, fmt) for a in answers]
    if wrong is not None:
        q.choices.append(ParsedChoice(text="*", fraction=Decimal(0), feedback=_feedback(wrong, fmt)[1]))


def _parse_block(raw: str, category: str, location: str) -> ParsedQuestion | Problem:
    text = _escape_pre(raw).strip()
    name = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise GiftError("Tiêu đề mở bằng “::” nhưng không đóng.")
        name, text = _unesc(text[2:end]).strip(), text[end + 2:].strip()
    flags = {f.lower() for f in _FLAG_RE.findall(name)}
    name = " ".join(_FLAG_RE.sub("", name).split())
    open_at, close_at = text.find("{"), text.find("}")
    if open_at < 0 and close_at < 0:
        return Problem(location, name, SKIP_REASONS["description"])
    if close_at < 0 or "{" in text[open_at + 1:close_at]:
        raise GiftError("Phần đáp án mở bằng “{” nhưng không có “}”.")
    if open_at < 0 or close_at < open_at:
        raise GiftError("Có “}” mà không có “{” mở phần đáp án (viết \\} nếu muốn có dấu ngoặc trong đề).")
    if "{" in text[close_at:]:
        raise GiftError("Chỉ được có một phần đáp án {…} trong một câu hỏi.")
    body = text[open_at + 1:close_at].strip()
    if text.endswith("}"):  # answers after the question text: no blank
        stem_text = text[:open_at]
    else:  # "missing word": the answers stand where the blank is
        stem_text = text[:open_at] + "_____" + text[close_at + 1:]
    stem_text, fmt = _with_format(stem_text, "moodle_auto_format")
    stem = to_html(_unesc(stem_text), fmt)
    name = name or short_name(stem)
    body, sep, general = body.rpartition("####")
    if not sep:
        body, general = general, ""
    general_text, general_fmt = _with_format(general, fmt)
    q = ParsedQuestion(qtype="", name=name, stem=stem, location=location, category=category,
                       general_feedback=to_html(_unesc(general_text), general_fmt) if general_text else "",
                       case_sensitive="case-sensitive" in flags, ignore_diacritics="ignore-diacritics" in flags,
                       partial="all-or-nothing" not in flags)
    b = body.strip()
    if not b:
        return Problem(location, name, "Câu tự luận ({}) cần chấm tay, không nhập được.")
    if b.startswith("#"):
        _numeric(q, b, fmt)
        return q
    if "~" in b:
        has_equal = "=" in b
        q.qtype = "single" if has_equal else "multiple"
        for marker, item in _split_items(b):
            if marker == "=":
                weight = Decimal(100)
            else:
                weight, item = _weight(item)
                weight = Decimal(0) if weight is None else weight
            answer, fb = _feedback(item, fmt)
            q.choices.append(ParsedChoice(text=answer, fraction=weight, feedback=fb))
        return q
    if "=" in b and "->" in b:
        q.qtype = "matching"
        for item in [i.strip() for i in b.split("=")][1 if not b.split("=")[0].strip() else 0:]:
            if "->" not in item:
                raise GiftError("Câu ghép cặp: mỗi cặp phải có dạng “=vế trái -> vế phải”.")
            left, _, right = item.partition("->")
            q.choices.append(ParsedChoice(text=_text_in(left, fmt), match_text=plain(_unesc(right.strip()), "plain")))
        return q
    tf_word = b.split("#", 1)[0].strip()
    if tf_word in ("T", "TRUE", "F", "FALSE"):
        q.qtype = "truefalse"
        q.penalty = Decimal(1)  # as Moodle sets it for true/false
        q.correct_true = tf_word in ("T", "TRUE")
        bits = b.split("#", 2)
        wrong = _text_in(bits[1], fmt) if len(bits) > 1 else ""
        right = _text_in(bits[2], fmt) if len(bits) > 2 else ""
        fb_true, fb_false = (right, wrong) if q.correct_true else (wrong, right)
        q.choices = [ParsedChoice(text="true", feedback=fb_true), ParsedChoice(text="false", feedback=fb_false)]
        return q
    q.qtype = "shorttext"
    answers = [a.strip() for a in b.split("=")]
    if not answers[0]:  # "{=a =b}"; Moodle also reads "{a =b}" as two accepted answers
        answers.pop(0)
    for item in answers:
        weight, item = _weight(item)
        answer, fb = _feedback(item, fmt)
        q.choices.append(ParsedChoice(text=answer, fraction=Decimal(100) if weight is None else weight, feedback=fb))
    return q


def parse(text: str) -> ParseResult:
    result = ParseResult()
    category = ""
    text = text.lstrip("\ufeff")
    for line, raw in _blocks(text):
        location = f"dòng {line}"
        if raw.startswith("$CATEGORY:"):
            category = category_path(_unesc(_escape_pre(raw[len("$CATEGORY:"):])))
            continue
        try:
            parsed = _parse_block(raw, category, location)
        except GiftError as exc:
            title = re.match(r"^\s*::(.*?)::", raw)
            result.errors.append(Problem(location, title.group(1).strip() if title else "", str(exc)))
            continue
        if isinstance(parsed, Problem):
            result.skipped.append(parsed)
            continue
        reason = validate(parsed)
        if reason:
            result.errors.append(Problem(location, parsed.name, reason))
        else:
            result.questions.append(parsed)
    return result
