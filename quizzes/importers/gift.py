"""GIFT (Moodle's text format) → ``ParseResult``.

Supported: ``//`` comment lines, escapes ``\\~ \\= \\# \\{ \\} \\: \\\\ \\n``, titles ``::title::``, ``[html]`` /
``[markdown]`` / ``[plain]`` / ``[moodle]`` formats, ``$CATEGORY:`` lines, multiple choice (``=`` right,
``~`` wrong, ``%50%`` weights; no ``=`` at all → several right answers), true/false (``{T}``, ``{TRUE}``,
``{F}``, ``{FALSE}`` with ``#wrong feedback#right feedback``), short answer (``{=a =b}``), numeric
(``{#3.14:0.01}``, ``{#1..5}``, ``{#=3.14:0.01 =%50%3.1:0.1}``), matching (``{=a -> b}``), per-answer feedback
``#…``, general feedback ``####…``, "missing word" questions (text after the answer block). ``{}`` (essay) is
skipped. Extensions of this project: a title may carry ``[case-sensitive]`` and ``[ignore-diacritics]`` for
short answers, and ``[all-or-nothing]`` for multiple response and matching questions; a competence tag such as
``TT02-2025/4.2/L3`` in the category or the title sets the competence and level.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .base import ParsedChoice, ParsedQuestion, ParseResult, Problem, plain, short_name, to_html, validate

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


def _feedback(text: str) -> tuple[str, str]:
    answer, _, fb = text.partition("#")
    return _unesc(answer.strip()), _unesc(fb.strip())


def _number(text: str) -> Decimal:
    try:
        value = Decimal(_unesc(text).strip())
    except InvalidOperation:
        raise GiftError(f"“{_unesc(text).strip()}” không phải là số.")
    if not value.is_finite():
        raise GiftError(f"“{_unesc(text).strip()}” không phải là số.")
    return value


def _numeric_answer(text: str) -> ParsedChoice:
    weight, text = _weight(text.strip())
    value_text, fb = text.partition("#")[0], text.partition("#")[2]
    value_text = value_text.strip()
    if ".." in value_text:
        low, high = (_number(x) for x in value_text.split("..", 1))
        if low > high:
            raise GiftError(f"Khoảng số {low}..{high} không hợp lệ.")
        value, tol = (low + high) / 2, (high - low) / 2
    elif ":" in value_text:
        v, t = value_text.split(":", 1)
        value, tol = _number(v), abs(_number(t))
    else:
        value, tol = _number(value_text), Decimal(0)
    return ParsedChoice(text=str(value), tolerance=tol, fraction=Decimal(100) if weight is None else weight,
                        feedback=_unesc(fb.strip()))


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
    fmt = "moodle_auto_format"
    match = re.match(r"^\[(html|markdown|plain|moodle)\]", text)
    if match:
        fmt = {"plain": "plain_text", "moodle": "moodle_auto_format"}.get(match.group(1), match.group(1))
        text = text[match.end():]
    open_at = text.find("{")
    if open_at < 0:
        raise GiftError("Thiếu phần đáp án {…}.")
    close_at = text.find("}", open_at)
    if close_at < 0:
        raise GiftError("Phần đáp án mở bằng “{” nhưng không có “}”.")
    if "{" in text[close_at:]:
        raise GiftError("Chỉ được có một phần đáp án {…} trong một câu hỏi.")
    before, body, after = text[:open_at].strip(), text[open_at + 1:close_at], text[close_at + 1:].strip()
    stem_text = _unesc(before + (" _____ " + after if after else ""))
    stem = to_html(stem_text, fmt)
    name = name or short_name(stem)
    body, _, general = body.partition("####")
    q = ParsedQuestion(qtype="", name=name, stem=stem, location=location, category=category,
                       general_feedback=_unesc(general.strip()),
                       case_sensitive="case-sensitive" in flags, ignore_diacritics="ignore-diacritics" in flags,
                       partial="all-or-nothing" not in flags)
    b = body.strip()
    if not b:
        return Problem(location, name, "Câu tự luận ({}) cần chấm tay, không nhập được.")
    if b.startswith("#"):
        q.qtype = "numeric"
        rest = b[1:].strip()
        if rest.startswith("="):
            q.choices = [_numeric_answer(item) for marker, item in _split_items(rest)]
        else:
            q.choices = [_numeric_answer(rest)]
        return q
    tf = re.match(r"^(T|TRUE|F|FALSE)\s*(#.*)?$", b, re.S)
    if tf:
        q.qtype = "truefalse"
        q.correct_true = tf.group(1) in ("T", "TRUE")
        bits = (tf.group(2) or "").split("#")[1:]
        wrong = _unesc(bits[0].strip()) if bits else ""
        right = _unesc(bits[1].strip()) if len(bits) > 1 else ""
        fb_true, fb_false = (right, wrong) if q.correct_true else (wrong, right)
        q.choices = [ParsedChoice(text="true", feedback=fb_true), ParsedChoice(text="false", feedback=fb_false)]
        return q
    items = _split_items(b)
    if not items:
        raise GiftError(f"Không hiểu phần đáp án “{_unesc(b)}”.")
    if any("->" in item for _, item in items):
        q.qtype = "matching"
        for marker, item in items:
            if marker != "=" or "->" not in item:
                raise GiftError("Câu ghép cặp: mỗi cặp phải có dạng “=vế trái -> vế phải”.")
            left, _, right = item.partition("->")
            q.choices.append(ParsedChoice(text=_unesc(left.strip()), match_text=_unesc(right.strip())))
        return q
    if any(marker == "~" for marker, _ in items):
        has_equal = any(marker == "=" for marker, _ in items)
        q.qtype = "single" if has_equal else "multiple"
        for marker, item in items:
            weight, item = _weight(item)
            answer, fb = _feedback(item)
            if weight is None:
                weight = Decimal(100) if marker == "=" else Decimal(0)
            q.choices.append(ParsedChoice(text=plain(answer, fmt), fraction=weight, feedback=fb))
        if q.qtype == "multiple" and not q.partial:
            pass
        return q
    q.qtype = "shorttext"
    for _, item in items:
        weight, item = _weight(item)
        answer, fb = _feedback(item)
        q.choices.append(ParsedChoice(text=answer, fraction=Decimal(100) if weight is None else weight, feedback=fb))
    return q


def parse(text: str) -> ParseResult:
    result = ParseResult()
    category = ""
    text = text.lstrip("\ufeff")
    for line, raw in _blocks(text):
        location = f"dòng {line}"
        if raw.startswith("$CATEGORY:"):
            category = raw[len("$CATEGORY:"):].strip()
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
