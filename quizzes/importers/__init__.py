"""Question importers (Moodle XML, GIFT, Aiken) → ``base.ParseResult``; ``quizzes.services`` saves them."""

from __future__ import annotations

from pathlib import Path

from . import aiken, gift, moodle_xml
from .base import ParsedChoice, ParsedQuestion, ParseResult, Problem  # noqa: F401

FORMATS = ("moodle-xml", "gift", "aiken")


def detect_format(filename: str, text: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix == ".xml" or text.lstrip().startswith("<?xml") or text.lstrip().startswith("<quiz"):
        return "moodle-xml"
    if suffix == ".gift":
        return "gift"
    if any(line.strip().upper().startswith("ANSWER:") for line in text.splitlines()) and "{" not in text:
        return "aiken"
    return "gift"


NUL_IN_FILE = "Tệp chứa ký tự NUL (0x00), không phải tệp văn bản: hãy lưu lại dưới dạng văn bản UTF-8."


def parse(text: str, fmt: str) -> ParseResult:
    if "\x00" in text:  # PostgreSQL refuses NUL in text columns; no question format needs it
        return ParseResult(errors=[Problem("tệp", "", NUL_IN_FILE)])
    parser = {"moodle-xml": moodle_xml.parse, "gift": gift.parse, "aiken": aiken.parse}[fmt]
    return parser(text)
