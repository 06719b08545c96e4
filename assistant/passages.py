"""A lesson's body cut into passages the assistant can quote (pure functions, no database).

A passage is one paragraph, one callout, one step of a step-by-step block, or a video's transcript, with the
section it sits in (the heading above it, or the steps block's title and the step's own title) and an anchor
that the lesson page renders on that block (``id="b-<block id>"``; a step: ``id="b-<block id>-<n>"``), so that
a quoted passage links to its place in the lesson.

**Never indexed**: knowledge checks (their choices say which answer is right) and H5P activities; images and
documents carry no text to quote. Standard-test questions live in ``quizzes`` and are never read here at all.

Long paragraphs are cut at sentence ends into pieces of about ``MAX_CHARS``, so that a quote stays short and a
long block does not outweigh a short precise one.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

MAX_CHARS = 700
INDEXED_TYPES = frozenset({"paragraph", "callout", "steps", "video"})
NEVER_INDEXED = frozenset({"knowledge_check", "h5p"})

_BREAK = re.compile(r"</?(p|div|br|ul|ol|h[1-6]|blockquote|hr)\b[^>]*>", re.I)
_ITEM = re.compile(r"<li\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-Ỹ0-9“\"(•])|\n+")


@dataclass(frozen=True)
class Piece:
    """One quotable passage of a lesson."""

    position: int
    anchor: str
    section: str
    text: str
    kind: str


def html_to_text(value: str) -> str:
    """Rich text as plain text: paragraphs and list items on lines of their own ("• item"), entities decoded."""
    text = _ITEM.sub("\n• ", value or "")
    text = _BREAK.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _chunks(text: str) -> list[str]:
    """``text`` in pieces of at most about ``MAX_CHARS``, cut between sentences or lines."""
    if len(text) <= MAX_CHARS:
        return [text] if text else []
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]
    pieces: list[str] = []
    current = ""
    for sentence in sentences:
        if current and len(current) + 1 + len(sentence) > MAX_CHARS:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current}\n{sentence}" if current else sentence
    if current:
        pieces.append(current)
    return pieces


def _value(block) -> tuple[str, object, str]:
    """(type, value, id) of a raw StreamField block (``{"type", "value", "id"}``) or a ``(type, value)`` pair."""
    if isinstance(block, dict):
        return block.get("type", ""), block.get("value"), str(block.get("id") or "")
    block_type, value = block[0], block[1]
    return block_type, value, str(block[2]) if len(block) > 2 else ""


def _list_items(items) -> list[tuple[dict, str]]:
    """A ListBlock's raw items (``[{"type": "item", "value": …, "id": …}]`` or plain values) with their ids."""
    found = []
    for item in items or []:
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            found.append((item["value"] or {}, str(item.get("id") or "")))
        else:
            found.append((item or {}, ""))
    return found


def split_body(raw_blocks, *, step_label: str = "Bước") -> list[Piece]:
    """The passages of a lesson body (its ``raw_data``), in reading order."""
    pieces: list[Piece] = []
    heading = ""

    def add(anchor: str, section: str, text: str, kind: str) -> None:
        for part in _chunks(text):
            pieces.append(Piece(position=len(pieces), anchor=anchor, section=section[:250], text=part, kind=kind))

    for block in raw_blocks or []:
        block_type, value, block_id = _value(block)
        anchor = f"b-{block_id}" if block_id else ""
        if block_type == "heading":
            heading = html_to_text((value or {}).get("text", "")) if isinstance(value, dict) else html_to_text(value)
        elif block_type == "paragraph":
            add(anchor, heading, html_to_text(value if isinstance(value, str) else ""), "paragraph")
        elif block_type == "callout" and isinstance(value, dict):
            title = (value.get("title") or "").strip()
            text = html_to_text(value.get("text") or "")
            add(anchor, title or heading, f"{title}\n{text}" if title else text, "callout")
        elif block_type == "steps" and isinstance(value, dict):
            title = (value.get("title") or "").strip() or heading
            for number, (step, _step_id) in enumerate(_list_items(value.get("steps")), start=1):
                step_title = (step.get("title") or "").strip()
                text = html_to_text(step.get("text") or "")
                section = f"{title} › {step_label} {number}: {step_title}" if title else f"{step_label} {number}: {step_title}"
                step_anchor = f"{anchor}-{number}" if anchor else ""
                add(step_anchor, section, f"{step_title}\n{text}".strip(), "step")
        elif block_type == "video" and isinstance(value, dict):
            transcript = (value.get("transcript") or "").strip()
            if transcript:
                add(anchor, (value.get("title") or "").strip() or heading, transcript, "video")
    return pieces
