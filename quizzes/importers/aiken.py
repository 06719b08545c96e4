"""Aiken → ``ParseResult``: a question (one or more lines), options ``A)`` or ``A.``, then ``ANSWER: X``.

Aiken carries no competence: pass ``--competence`` and ``--level`` when importing.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .base import ParsedChoice, ParsedQuestion, ParseResult, Problem, short_name, to_html, validate

OPTION_RE = re.compile(r"^([A-Z])[.)]\s+(.+)$")
ANSWER_RE = re.compile(r"^ANSWER:\s*(.*)$", re.I)


def parse(text: str) -> ParseResult:
    result = ParseResult()
    stem_lines: list[str] = []
    options: list[tuple[str, str]] = []
    start = 0

    def fail(reason):
        name = short_name(to_html("\n".join(stem_lines), "plain_text")) if stem_lines else ""
        result.errors.append(Problem(f"dòng {start}", name, reason))

    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        answer = ANSWER_RE.match(line)
        option = OPTION_RE.match(line)
        if answer:
            letter = answer.group(1).strip().upper()
            if not stem_lines:
                start = number
                fail("Dòng ANSWER không thuộc câu hỏi nào.")
            elif len(options) < 2:
                fail("Câu hỏi cần ít nhất 2 lựa chọn A), B)…")
            elif not re.fullmatch(r"[A-Z]", letter):
                fail(f"“ANSWER: {answer.group(1).strip()}” phải là một chữ cái.")
            elif letter not in [o[0] for o in options]:
                fail(f"Đáp án {letter} không có trong các lựa chọn.")
            else:
                stem = to_html("\n".join(stem_lines), "plain_text")
                q = ParsedQuestion(qtype="single", name=short_name(stem), stem=stem, location=f"dòng {start}",
                                   choices=[ParsedChoice(text=t, fraction=Decimal(100 if k == letter else 0))
                                            for k, t in options])
                reason = validate(q)
                if reason:
                    fail(reason)
                else:
                    result.questions.append(q)
            stem_lines, options = [], []
            continue
        if option and stem_lines:
            expected = chr(ord("A") + len(options))
            if option.group(1) != expected:
                fail(f"Lựa chọn “{option.group(1)}” không đúng thứ tự (cần “{expected}”) ở dòng {number}.")
                stem_lines, options = [], []
                continue
            options.append((option.group(1), option.group(2).strip()))
            continue
        if options:  # text after the options but before ANSWER: the previous question never ended
            fail("Thiếu dòng “ANSWER: …” sau các lựa chọn.")
            stem_lines, options = [], []
        if not stem_lines:
            start = number
        stem_lines.append(line)
    if stem_lines:
        fail("Thiếu dòng “ANSWER: …” sau các lựa chọn." if options else "Câu hỏi không có lựa chọn nào.")
    return result
