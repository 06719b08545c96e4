"""What the index holds for one lesson: its passages and their terms (pure functions, no database)."""

from __future__ import annotations

from dataclasses import dataclass

from . import analysis
from .passages import Piece, split_body

STEP_LABEL = {"vi": "Bước", "en": "Step"}


@dataclass(frozen=True)
class Document:
    piece: Piece
    terms: list[str]


def lesson_documents(*, title: str, summary: str, body, language: str) -> list[Document]:
    """The lesson's summary (anchored at the top of the lesson) and the passages of its body, each with the terms
    the index keeps: the passage's own words, its section's and the lesson title's (a passage about "Bước 2" of
    "Cài đặt VNeID" is found by "cài VNeID")."""
    pieces = []
    if (summary or "").strip():
        pieces.append(Piece(position=0, anchor="", section=title, text=summary.strip(), kind="summary"))
    for piece in split_body(body, step_label=STEP_LABEL.get(language, "Bước")):
        pieces.append(Piece(position=len(pieces), anchor=piece.anchor, section=piece.section, text=piece.text,
                            kind=piece.kind))
    title_terms = analysis.terms(title, language)
    documents = []
    for piece in pieces:
        terms = analysis.terms(piece.text, language) + analysis.terms(piece.section, language)
        documents.append(Document(piece=piece, terms=terms + title_terms))
    return documents
