"""Fixtures for the quiz engine: the TT02-2025 framework (from migration 0002), questions, tests."""

from decimal import Decimal
from pathlib import Path

import pytest

FILES = Path(__file__).parent / "files"


@pytest.fixture
def framework(db):
    from quizzes.models import Framework

    return Framework.objects.get(code="TT02-2025")


@pytest.fixture
def make_question(framework):
    """``make_question("4.2", level=2, qtype="single")`` → a saved, approved single-choice question (right answer
    first). Pass ``status="draft"`` for one a test may not draw."""
    from quizzes.models import Competence, Question, QuestionChoice

    counter = {"n": 0}

    def factory(competence="4.2", level=1, qtype="single", **fields):
        counter["n"] += 1
        fields.setdefault("status", Question.Status.READY)
        q = Question(competence=Competence.objects.get(framework=framework, code=competence), level=level,
                     qtype=qtype, name=fields.pop("name", f"Câu {counter['n']}"),
                     stem=fields.pop("stem", f"<p>Câu hỏi số {counter['n']}?</p>"), **fields)
        if qtype in ("single", "multiple"):
            q.choices = [QuestionChoice(text="Đúng", fraction=Decimal(100)),
                         QuestionChoice(text="Sai", fraction=Decimal(0)),
                         QuestionChoice(text="Cũng sai", fraction=Decimal(0))]
        q.save()
        return q

    return factory


@pytest.fixture
def make_assessment(framework):
    from quizzes.models import Assessment, BlueprintRow, Competence, CompetenceArea

    def factory(rows=(("4.2", 1, 8, 2),), slug="kiem-tra", **fields):
        fields.setdefault("title", "Bài kiểm tra thử")
        fields.setdefault("is_published", True)
        fields.setdefault("time_limit_minutes", 30)
        assessment = Assessment(framework=framework, slug=slug, **fields)
        blueprint = []
        for code, lo, hi, count in rows:
            row = BlueprintRow(level_min=lo, level_max=hi, count=count)
            if "." in code:
                row.competence = Competence.objects.get(framework=framework, code=code)
            else:
                row.area = CompetenceArea.objects.get(framework=framework, code=code)
            blueprint.append(row)
        assessment.blueprint_rows = blueprint
        assessment.save()
        return assessment

    return factory
