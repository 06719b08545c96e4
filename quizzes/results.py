"""The result of an attempt: overall, per area and per competence, with a proficiency level per area.

Plain functions over plain data (no database), so the rule is easy to read and to test.

**Proficiency level per area** (``area_level``): take the area's questions in the attempt, grouped by their
level. A level L *qualifies* when the learner earned at least ``LEVEL_THRESHOLD`` (70 %) of the credit of all
the area's questions at levels ≤ L, and at least ``LEVEL_OWN_THRESHOLD`` (50 %) of the credit of the questions
at level L itself. The area's level is the highest L such that L and every lower level that has questions all
qualify; 0 ("not yet level 1") when the lowest level does not. Levels with no question in the attempt are
skipped (an attempt with questions at levels 1, 2 and 4 can show level 4, never 3).

**Pass**: the overall score (the mean of question scores, in percent) reaches the test's pass mark, and every
area that has a pass mark of its own and questions in the attempt reaches it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

LEVEL_THRESHOLD = 0.70
LEVEL_OWN_THRESHOLD = 0.50


@dataclass
class ScoredItem:
    area_code: str
    competence_code: str
    competence_name: str
    level: int
    score: float  # 0..1


def pct(earned: float, count: int) -> float | None:
    return round(100.0 * earned / count, 2) if count else None


def area_level(items: list[ScoredItem]) -> int:
    by_level: dict[int, list[float]] = defaultdict(list)
    for item in items:
        by_level[item.level].append(item.score)
    reached, earned, count = 0, 0.0, 0
    for level in sorted(by_level):
        scores = by_level[level]
        earned += sum(scores)
        count += len(scores)
        if earned / count >= LEVEL_THRESHOLD and sum(scores) / len(scores) >= LEVEL_OWN_THRESHOLD:
            reached = level
        else:
            break
    return reached


def compute_result(*, items: list[ScoredItem], areas: list[tuple[str, str]], pass_mark: float,
                   area_pass_marks: dict[str, float], framework_code: str, framework_version: str) -> dict:
    """``areas``: the framework's (code, name) in order; the result lists every one of them."""
    total = pct(sum(i.score for i in items), len(items)) or 0.0
    area_rows, passed = [], total >= float(pass_mark)
    for code, name in areas:
        mine = [i for i in items if i.area_code == code]
        score = pct(sum(i.score for i in mine), len(mine))
        mark = area_pass_marks.get(code)
        area_passed = None
        if mark is not None and mine:
            area_passed = score >= float(mark)
            passed = passed and area_passed
        area_rows.append({"code": code, "name": name, "questions": len(mine), "score": score, "percent": score,
                          "level": area_level(mine) if mine else 0, "pass_mark": mark, "passed": area_passed})
    competences: dict[str, dict] = {}
    for item in items:
        row = competences.setdefault(item.competence_code, {
            "code": item.competence_code, "name": item.competence_name, "area": item.area_code,
            "questions": 0, "earned": 0.0})
        row["questions"] += 1
        row["earned"] += item.score
    competence_rows = []
    for row in sorted(competences.values(), key=lambda r: [int(x) for x in r["code"].split(".") if x.isdigit()]):
        competence_rows.append({**{k: v for k, v in row.items() if k != "earned"},
                                "score": pct(row["earned"], row["questions"]),
                                "percent": pct(row["earned"], row["questions"])})
    return {
        "framework": {"code": framework_code, "version": framework_version},
        "score": total, "passed": passed, "pass_mark": float(pass_mark),
        "questions": len(items), "earned": round(sum(i.score for i in items), 4),
        "areas": area_rows, "competences": competence_rows,
        "level_rule": {"threshold": LEVEL_THRESHOLD, "own_threshold": LEVEL_OWN_THRESHOLD},
    }
