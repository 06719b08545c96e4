"""WebVTT captions: checked the way a browser reads them (the W3C WebVTT parser's rules, kept to what matters for
an editor: the header, cue timings, cue text), with one message per problem and its line number, in the editor's
language. ``parse`` returns the cues (for the transcript made from the captions); ``normalise`` the text stored.

Accepted: an optional byte-order mark, ``WEBVTT`` alone or followed by a space or tab and a title, then blocks
separated by blank lines: ``NOTE`` comments, ``STYLE`` and ``REGION`` blocks before the first cue, and cues: an
optional identifier line, a timing line ``[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt [settings]`` (minutes and seconds
below 60, three decimals, the end after the start), then the cue text (no ``-->`` in it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

NOT_TEXT = _("Tệp phụ đề phải là văn bản UTF-8 (WebVTT).")
NO_HEADER = _("Dòng 1: tệp phụ đề WebVTT phải bắt đầu bằng “WEBVTT”.")
BAD_TIMING = _("Dòng %(line)s: thời điểm không đúng dạng “00:01.000 --> 00:04.000” (phút, giây dưới 60, ba chữ số "
               "thập phân).")
END_BEFORE_START = _("Dòng %(line)s: thời điểm kết thúc phải sau thời điểm bắt đầu.")
ARROW_IN_TEXT = _("Dòng %(line)s: lời phụ đề không được chứa “-->”. Có thể thiếu một dòng trống giữa hai đoạn.")
NO_CUES = _("Tệp phụ đề chưa có đoạn lời nào (mỗi đoạn gồm một dòng thời điểm và lời thoại).")
TOO_LARGE = _("Tệp phụ đề quá lớn (tối đa %(size)s KB).")
TOO_MANY_ERRORS = 10  # messages shown at most

_TIME = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"^{_TIME}[ \t]+-->[ \t]+{_TIME}(?:[ \t]+.*)?$")
_HEADER = re.compile(r"^WEBVTT(?:[ \t].*)?$")
_LOOKS_LIKE_TIME = re.compile(r"^\s*(?:\d+:)?\d+:\d+[.,]\d+")  # a timing line typed wrong, not an identifier


class VTTError(ValueError):
    def __init__(self, messages):
        super().__init__("; ".join(str(m) for m in messages))
        self.messages = list(messages)


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def _seconds(hours, minutes, seconds, millis) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise VTTError([NOT_TEXT]) from error


def normalise(text: str) -> str:
    """Line ends as ``\\n``, no byte-order mark, no trailing spaces at the end of the file, one final newline."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.rstrip() + "\n" if text.strip() else ""


def parse(text: str) -> list[Cue]:
    """The cues of WebVTT ``text``; raises ``VTTError`` with every problem found (up to ``TOO_MANY_ERRORS``)."""
    if "\x00" in text:
        raise VTTError([NOT_TEXT])
    lines = normalise(text).split("\n")
    if not lines or not _HEADER.match(lines[0]):
        raise VTTError([NO_HEADER])
    errors: list = []
    cues: list[Cue] = []
    index = 1
    while index < len(lines) and lines[index].strip():  # header lines (metadata) up to the first blank line
        index += 1
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        block_start = index
        block = []
        while index < len(lines) and lines[index].strip():
            block.append(lines[index])
            index += 1
        first = block[0]
        if first.startswith("NOTE") and (len(first) == 4 or first[4] in " \t"):
            continue
        if not cues and first in ("STYLE", "REGION"):
            continue
        timing_at = 0 if "-->" in first or _LOOKS_LIKE_TIME.match(first) else 1  # else an identifier first
        if timing_at >= len(block):
            errors.append(BAD_TIMING % {"line": block_start + 1 + timing_at})
            continue
        line_number = block_start + 1 + timing_at
        match = _TIMING.match(block[timing_at].strip())
        if not match:
            errors.append(BAD_TIMING % {"line": line_number})
            continue
        start, end = _seconds(*match.groups()[:4]), _seconds(*match.groups()[4:])
        if end <= start:
            errors.append(END_BEFORE_START % {"line": line_number})
        payload = block[timing_at + 1:]
        for offset, line in enumerate(payload):
            if "-->" in line:
                errors.append(ARROW_IN_TEXT % {"line": line_number + 1 + offset})
                break
        cues.append(Cue(start=start, end=end, text="\n".join(payload)))
        if len(errors) >= TOO_MANY_ERRORS:
            break
    if errors:
        raise VTTError(errors[:TOO_MANY_ERRORS])
    if not cues:
        raise VTTError([NO_CUES])
    return cues


def validate(text: str) -> str:
    """The normalised text when it is valid WebVTT (``VTTError`` otherwise); the empty string stays empty."""
    text = normalise(text)
    if text:
        parse(text)
    return text


def transcript_from(text: str) -> str:
    """The captions' words as paragraphs (tags and voice marks removed, consecutive repeats once): a transcript
    when the editor wrote none."""
    if not text:
        return ""
    try:
        cues = parse(text)
    except VTTError:
        return ""
    lines: list[str] = []
    for cue in cues:
        words = " ".join(strip_tags(cue.text).split())
        if words and (not lines or lines[-1] != words):
            lines.append(words)
    return "\n".join(lines)
