"""Who changed what in a question: readable differences between two states of it (plain functions), and the
question's history (its Wagtail revisions, i.e. every save in the admin, and its drawn ``QuestionVersion``s).

A state is ``{"data": <scoring data>, "tags": "<competence code> · bậc <n>", "status": ...}``; the differences
are listed per part an editor knows: stem, choices, answer key, tags (competence and level), feedback,
explanation, scoring options, status.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from html import unescape

from django.db.models import Count
from django.utils.translation import gettext as _

from .models import AttemptQuestion, Competence, Question
from .scoring import correct_answers, question_data_from_question

_TAG = re.compile(r"<[^>]+>")
SCORING_KEYS = ("partial", "case_sensitive", "ignore_diacritics", "correct")


@dataclass
class Change:
    part: str  # what changed, in the editor's words
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


def plain(html: str) -> str:
    """Rich text as one line of text (for a readable difference)."""
    return " ".join(unescape(_TAG.sub(" ", html or "")).split())


def option_lines(data: dict) -> list[str]:
    """Each option of the question as one line with its credit (what the choices' difference compares)."""
    qtype = data.get("type")
    if qtype in ("single", "multiple"):
        return [f"{c['text']} ({c['fraction']} %)" for c in data.get("choices", [])]
    if qtype == "matching":
        return [f"{p['prompt']} → {p['answer']}" for p in data.get("pairs", [])] + [
            f"({_('gây nhiễu')}) {d}" for d in data.get("distractors", [])]
    if qtype == "ordering":
        return [f"{n}. {i['text']}" for n, i in enumerate(data.get("items", []), start=1)]
    if qtype in ("numeric", "shorttext"):
        return [f"{a.get('value', a.get('text'))}"
                + (f" ± {a['tolerance']}" if a.get("tolerance") not in (None, "0") else "")
                + f" ({a['fraction']} %)" for a in data.get("answers", [])]
    return []


def state_of(question, *, data: dict | None = None, competence_code: str | None = None) -> dict:
    """The comparable state of a question object (a row, or a revision's ``as_object()``)."""
    data = data if data is not None else question_data_from_question(question)
    if competence_code is None and question.competence_id:
        competence_code = Competence.objects.filter(pk=question.competence_id).values_list("code", flat=True).first()
    return {"data": data, "tags": tags_text(competence_code, question.level), "status": question.status}


def tags_text(code: str | None, level) -> str:
    return _("%(code)s · bậc %(level)s") % {"code": code or _("chưa gắn năng lực"), "level": level}


def _lines_diff(before: list[str], after: list[str]) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.ndiff(before, after):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def changes(before: dict | None, after: dict) -> list[Change]:
    """What changed from state ``before`` (``None``: nothing before, everything is new) to ``after``."""
    b = (before or {}).get("data") or {}
    a = after["data"]
    out: list[Change] = []

    def text(part, old, new):
        if old != new:
            out.append(Change(part, [old] if old else [], [new] if new else []))

    text(_("Loại câu hỏi"), b.get("type", ""), a.get("type", ""))
    text(_("Đề bài"), plain(b.get("stem", "")), plain(a.get("stem", "")))
    text(_("Hình minh họa"), str(b.get("image") or ""), str(a.get("image") or ""))
    removed, added = _lines_diff(option_lines(b) if b else [], option_lines(a))
    if removed or added:
        out.append(Change(_("Lựa chọn"), removed, added))
    removed, added = _lines_diff(correct_answers(b) if b else [], correct_answers(a))
    if removed or added:
        out.append(Change(_("Đáp án đúng"), removed, added))
    text(_("Năng lực, bậc"), (before or {}).get("tags", ""), after.get("tags", ""))
    text(_("Phản hồi chung"), plain(b.get("general_feedback", "")), plain(a.get("general_feedback", "")))
    text(_("Giải thích"), plain(b.get("explanation", "")), plain(a.get("explanation", "")))
    old = ", ".join(f"{k}={b[k]}" for k in SCORING_KEYS if k in b)
    new = ", ".join(f"{k}={a[k]}" for k in SCORING_KEYS if k in a)
    text(_("Cách chấm"), old, new)
    labels = dict(Question.Status.choices)
    if before is not None and before.get("status") != after.get("status"):
        out.append(Change(_("Trạng thái"), [str(labels.get(before.get("status"), before.get("status") or ""))],
                          [str(labels.get(after.get("status"), after.get("status") or ""))]))
    return out


def question_history(question: Question) -> dict:
    """The question's history, newest first.

    ``saves``: every Wagtail revision (each save in the admin) with who, when, whether it is the live one, and
    what it changed from the save before. ``versions``: the immutable versions attempts are drawn with (who wrote
    the change, who published it, how many attempts use it) and what each changed from the version before."""
    codes = dict(Competence.objects.values_list("pk", "code"))
    revisions = list(question.revisions.select_related("user").order_by("created_at", "pk"))
    versions = list(question.versions.select_related("author", "published_by").order_by("number"))
    saves, before = [], None
    if revisions:  # a question imported or written by code before its first save in the admin
        older = [v for v in versions if v.created_at <= revisions[0].created_at]
        if older:
            before = {"data": older[-1].data, "tags": tags_text(codes.get(older[-1].competence_id), older[-1].level),
                      "status": revisions[0].content.get("status")}
    for revision in revisions:
        obj = revision.as_object()
        state = state_of(obj, competence_code=codes.get(obj.competence_id))
        saves.append({"revision": revision, "user": revision.user, "at": revision.created_at,
                      "live": revision.pk == question.live_revision_id, "changes": changes(before, state)})
        before = state
    used = dict(AttemptQuestion.objects.filter(version__in=versions).values_list("version_id")
                .annotate(n=Count("pk")).order_by())
    rows, before = [], None
    for version in versions:
        state = {"data": version.data, "tags": tags_text(codes.get(version.competence_id), version.level)}
        rows.append({"version": version, "attempts": used.get(version.pk, 0), "changes": changes(before, state)})
        before = state
    return {"saves": saves[::-1], "versions": rows[::-1]}

