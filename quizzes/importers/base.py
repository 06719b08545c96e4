"""The common parsed representation every importer produces, and the text helpers they share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import markdown
from django.utils.html import escape

from quizzes.sanitize import clean_html, clean_plain, clean_text

# "TT02-2025/4.2/L3" (framework optional) in a category path, a title or a tag.
TAG_RE = re.compile(r"(?:(?P<framework>[A-Za-z][\w.-]*)/)?(?P<competence>\d+(?:\.\d+)+)/L(?P<level>[1-8])\b")

SKIP_REASONS = {
    "essay": "Câu tự luận (essay) cần chấm tay, không nhập được.",
    "multianswer": "Câu điền khuyết nhiều chỗ (cloze/multianswer) chưa được hỗ trợ.",
    "cloze": "Câu điền khuyết nhiều chỗ (cloze/multianswer) chưa được hỗ trợ.",
    "description": "Đoạn mô tả (description) không phải câu hỏi.",
    "calculated": "Câu tính toán có tham số (calculated) chưa được hỗ trợ.",
    "calculatedsimple": "Câu tính toán có tham số (calculated) chưa được hỗ trợ.",
    "calculatedmulti": "Câu tính toán có tham số (calculated) chưa được hỗ trợ.",
    "randomsamatch": "Câu ghép cặp ngẫu nhiên (randomsamatch) chưa được hỗ trợ.",
    "random": "Câu ngẫu nhiên (random) không phải câu hỏi cụ thể.",
    "ddwtos": "Câu kéo thả vào văn bản chưa được hỗ trợ.",
    "gapselect": "Câu chọn từ điền chỗ trống chưa được hỗ trợ.",
    "ddimageortext": "Câu kéo thả lên ảnh chưa được hỗ trợ.",
    "ddmarker": "Câu kéo thả điểm đánh dấu chưa được hỗ trợ.",
}


@dataclass
class ParsedChoice:
    text: str = ""
    fraction: Decimal = Decimal(0)
    feedback: str = ""
    match_text: str = ""
    tolerance: Decimal = Decimal(0)


@dataclass
class ParsedQuestion:
    qtype: str
    name: str
    stem: str  # HTML
    location: str  # "dòng 12" / "câu hỏi số 3"
    choices: list[ParsedChoice] = field(default_factory=list)
    general_feedback: str = ""
    explanation: str = ""
    category: str = ""
    tags: list[str] = field(default_factory=list)
    partial: bool = True
    correct_true: bool = True
    case_sensitive: bool = False
    ignore_diacritics: bool = False
    hidden: bool = False  # Moodle's <hidden>1</hidden>: imported, but not in use
    penalty: Decimal = Decimal("0.3333333")  # Moodle's penalty per extra try (multi-try modes only)

    def competence_tag(self):
        """(framework code or None, competence code, level) from the category, name or tags, if any."""
        for text in [self.category, self.name, *self.tags]:
            match = TAG_RE.search(text or "")
            if match:
                return match.group("framework"), match.group("competence"), int(match.group("level"))
        return None


@dataclass
class Problem:
    location: str
    name: str
    reason: str

    def __str__(self):
        label = f" “{self.name}”" if self.name else ""
        return f"{self.location}{label}: {self.reason}"


@dataclass
class ParseResult:
    questions: list[ParsedQuestion] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)


# Moodle's context prefixes of a category path, and its root category "top".
_CONTEXT_RE = re.compile(r"^\$(?:course|system|cat\d*|module)\$/", re.I)


def category_path(raw: str) -> str:
    """``$course$/top/Default for X/Sub`` → ``Default for X/Sub`` (Moodle 4.x writes the context prefix and the
    ``top`` root; older files have neither). ``//`` inside a name is Moodle's escaped ``/``; kept as written."""
    path = _CONTEXT_RE.sub("", (raw or "").strip())
    if path.lower() == "top" or path.lower().startswith("top/"):
        path = path[4:]
    return path.strip().strip("/")


def _moodle_auto_format(text: str) -> str:
    """Moodle's auto-format for text that has no HTML: blank lines make paragraphs, line breaks stay."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join("<p>" + escape(p.strip()).replace("\n", "<br>") + "</p>" for p in paragraphs)


def to_html(text: str, fmt: str = "moodle_auto_format") -> str:
    """Text in one of Moodle's formats → sanitised HTML (``quizzes.sanitize.clean_html``).

    html: as written; markdown: Markdown; plain_text: escaped, line breaks kept; moodle_auto_format: HTML if the
    text has tags, otherwise like plain text (Moodle also turns URLs into links; that is not done here)."""
    text = (text or "").strip()
    fmt = (fmt or "").lower()
    if fmt == "html":
        return clean_html(text)
    if fmt == "markdown":
        return clean_html(markdown.markdown(text))
    if fmt in ("moodle_auto_format", "moodle", "") and re.search(r"</?[a-zA-Z][^>]*>", text):
        return clean_html(text)
    return clean_html(_moodle_auto_format(text))


def plain(text: str, fmt: str = "html") -> str:
    """Answer and per-answer feedback texts are stored as plain text: HTML (and Markdown) becomes text with nh3
    (``quizzes.sanitize.clean_text``); ``plain_text`` stays exactly as written."""
    text = text or ""
    fmt = (fmt or "").lower()
    if fmt in ("plain_text", "plain"):
        return clean_text_plain(text)
    if fmt == "markdown":
        text = to_html(text, "markdown")
    return clean_text(text)


def clean_text_plain(text: str) -> str:
    return clean_plain(text).strip()


PLUGINFILE_RE = re.compile(r"@@PLUGINFILE@@/([^\"'<>\s]+)")
MSG_PLUGINFILE = ("Câu hỏi dùng tệp đính kèm “{name}” (ảnh, âm thanh… nằm trong tệp Moodle). Chưa nhập được tệp "
                  "đính kèm: hãy thêm ảnh vào câu hỏi trong trang quản trị sau khi nhập các câu còn lại.")


def attached_file(*texts: str) -> str | None:
    """The first Moodle attached file (``@@PLUGINFILE@@/name``) referred to by ``texts``, if any."""
    for text in texts:
        match = PLUGINFILE_RE.search(text or "")
        if match:
            return match.group(1)
    return None


def short_name(stem_html: str, limit: int = 80) -> str:
    text = " ".join(plain(stem_html).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


MAX_TOLERANCE = 10**10  # QuestionChoice.tolerance: 20 digits, 10 after the point


def _finite(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except (InvalidOperation, TypeError, ValueError):
        return False


def validate(q: ParsedQuestion) -> str | None:
    """Why a parsed question cannot be imported (in Vietnamese), or None."""
    if not plain(q.stem):
        return "Thiếu đề bài."
    for c in q.choices:
        if not c.fraction.is_finite():
            return f"Điểm “{c.fraction}” không phải là số."
        if not Decimal(-100) <= c.fraction <= Decimal(100):
            return f"Điểm {c.fraction}% nằm ngoài khoảng -100…100."
    positives = [c.fraction for c in q.choices if c.fraction > 0]
    if q.qtype in ("single", "multiple"):
        if len(q.choices) < 2:
            return "Câu trắc nghiệm cần ít nhất 2 lựa chọn."
        if any(not c.text for c in q.choices):
            return "Có lựa chọn để trống."
        if q.qtype == "single" and max(c.fraction for c in q.choices) != 100:
            return "Câu một lựa chọn đúng cần một lựa chọn được 100%."
        if q.qtype == "multiple":
            if not positives:
                return "Câu nhiều lựa chọn đúng cần ít nhất một lựa chọn có điểm dương."
            if q.partial and abs(sum(positives) - 100) > Decimal("0.1"):
                return f"Tổng điểm các lựa chọn đúng phải là 100% (đang là {sum(positives)}%)."
    elif q.qtype == "matching":
        if len([c for c in q.choices if c.text]) < 2:
            return "Câu ghép cặp cần ít nhất 2 cặp."
        if any(c.text and not c.match_text for c in q.choices):
            return "Có cặp ghép thiếu vế phải."
    elif q.qtype == "ordering":
        if len(q.choices) < 2:
            return "Câu sắp xếp cần ít nhất 2 mục."
    elif q.qtype in ("numeric", "shorttext"):
        if q.qtype == "numeric":
            for c in q.choices:
                if c.text != "*" and not _finite(c.text):
                    return f"Đáp án số “{c.text}” không hợp lệ."
                if not c.tolerance.is_finite() or abs(c.tolerance) >= MAX_TOLERANCE:
                    return f"Sai số “{c.tolerance}” không hợp lệ (phải nhỏ hơn {MAX_TOLERANCE:,})."
        if not q.choices:
            return "Thiếu đáp án."
        if max(c.fraction for c in q.choices) != 100:
            return "Cần ít nhất một đáp án được 100%."
    return None
