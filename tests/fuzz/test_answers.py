"""Fuzzing answer payloads: the autosave endpoint (``POST /quizzes/attempt/<pk>/answer/``, JSON), the whole-form
save of the attempt page and the submit endpoint (form data), for an attempt holding one question of each type
(single, multiple, true/false, matching, ordering, numeric, short text).

Properties: the answer is 200 (saved), 400 (refused) or 409 (closed) for autosave and a redirect or 400 (a
request naming a question twice or a field of no question, issue 12) for the form paths, never a 500; a refused
request changes no stored answer; a saved one changes at most the questions it names; whatever was stored can be
scored and shown (scoring, feedback and the review never raise); a confirmed submit closes the attempt with a
score of 0–100 %.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from .helpers import NASTY, budget, rolled_back

TYPES = ["single", "multiple", "truefalse", "matching", "ordering", "numeric", "shorttext"]
IDS = ["c1", "c2", "c3", "true", "false", "p1", "p2", "i1", "i2", "i3", "a1", "Hà Nội", "3.14", "1e999", "NaN",
       "-0", "1" * 5000, "", " ", *NASTY]
VALUES = st.one_of(st.sampled_from(IDS), st.text(max_size=12), st.integers(-10**20, 10**20).map(str))
POSITIONS = st.one_of(st.integers(-3, 10), st.sampled_from([10**30, -10**30, 2**63, 1.5, 1e300]),
                      st.text(max_size=5), st.none(), st.booleans(), st.lists(st.integers(), max_size=2))
JSON_POSITIONS = st.one_of(POSITIONS, st.sampled_from([float("inf"), float("nan")]))


QUESTION_POSITIONS = st.integers(1, 8)


def field_names():
    return st.one_of(
        QUESTION_POSITIONS.map(lambda p: f"q{p}"),
        st.tuples(QUESTION_POSITIONS, st.sampled_from(["p1", "p2", "p3", "i1", "i2", "i3", "x"])).map(
            lambda t: f"q{t[0]}-{t[1]}"),
        st.text(max_size=6),
    )


FIELDS = st.dictionaries(field_names(), st.one_of(VALUES, st.lists(VALUES, max_size=3), st.none(), st.integers(),
                                                   st.dictionaries(st.text(max_size=3), VALUES, max_size=2)),
                         max_size=5)


@st.composite
def autosave_body(draw):
    kind = draw(st.sampled_from(["shaped", "shaped", "shaped", "json", "bytes"]))
    if kind == "shaped":
        payload = draw(st.fixed_dictionaries({}, optional={"position": JSON_POSITIONS, "fields": FIELDS | VALUES}))
        return json.dumps(payload).encode()
    if kind == "json":
        return json.dumps(draw(st.recursive(VALUES | st.none() | st.floats(), lambda c: st.lists(c, max_size=3)
                                            | st.dictionaries(st.text(max_size=4), c, max_size=3), max_leaves=10)
                               )).encode()
    return draw(st.binary(max_size=60))


@st.composite
def form_data(draw):
    data = {"positions": draw(st.lists(st.one_of(st.integers(0, 9).map(str), st.sampled_from(["1e3", "x", "",
                                                                                             "99999999999999999999"])),
                                       max_size=4))}
    for name, value in draw(st.dictionaries(field_names(), st.lists(VALUES, min_size=1, max_size=2),
                                            max_size=6)).items():
        data[name] = value
    if draw(st.booleans()):
        data["save"] = draw(VALUES)
    return data


@pytest.fixture
def attempt(db, learner):
    from quizzes.models import Assessment, BlueprintRow, Competence, Framework, Question, QuestionChoice
    from quizzes.services import attempt_start

    framework = Framework.objects.get(code="TT02-2025")
    competence = Competence.objects.get(framework=framework, code="4.2")
    C = QuestionChoice
    choices = {
        "single": [C(text="Đúng", fraction=Decimal(100)), C(text="Sai"), C(text="Cũng sai")],
        "multiple": [C(text="A", fraction=Decimal(50)), C(text="B", fraction=Decimal(50)),
                     C(text="C", fraction=Decimal(-100))],
        "truefalse": [],
        "matching": [C(text="VNeID", match_text="Định danh"), C(text="VietQR", match_text="Thanh toán"),
                     C(text="", match_text="Nhắn tin")],
        "ordering": [C(text="Một"), C(text="Hai"), C(text="Ba")],
        "numeric": [C(text="3.14", tolerance=Decimal("0.01"), fraction=Decimal(100)),
                    C(text="3", tolerance=Decimal("0.5"), fraction=Decimal(50))],
        "shorttext": [C(text="Hà Nội", fraction=Decimal(100)), C(text="*", fraction=Decimal(10))],
    }
    for qtype in TYPES:
        question = Question(competence=competence, level=2, qtype=qtype, name=f"Câu {qtype}",
                            stem=f"<p>Câu {qtype}?</p>", ignore_diacritics=qtype == "shorttext",
                            status=Question.Status.READY)
        question.choices = choices[qtype]
        question.save()
    assessment = Assessment(framework=framework, slug="thu-fuzz", title="Thử", is_published=True,
                            time_limit_minutes=60, review_policy="correct")
    assessment.blueprint_rows = [BlueprintRow(competence=competence, level_min=2, level_max=2, count=len(TYPES))]
    assessment.save()
    return attempt_start(assessment=assessment, user=learner)


def _answers(attempt):
    return list(attempt.items.order_by("position").values_list("position", "response", "history", "answered_at"))


def _scorable(attempt):
    """Every stored answer can be scored, given feedback and shown as text, as the result page does."""
    from quizzes.scoring import feedback, response_text, score

    for item in attempt.items.select_related("version"):
        assert 0 <= score(item.version.data, item.response) <= 1
        feedback(item.version.data, item.response)
        response_text(item.version.data, item.response)


@pytest.mark.django_db
@budget(80)
@given(body=autosave_body())
@example(body=b'{"position": 1e400, "fields": {}}')  # int(inf): OverflowError, a 500 (fixed: 400)
@example(body=b"[" * 50000 + b"]" * 50000)  # RecursionError in json.loads: a 500 (fixed: 400)
@example(body=json.dumps({"position": 7, "fields": {"q7": "a\u0000b"}}).encode())  # NUL: PostgreSQL refused it
@example(body=json.dumps({"position": 1, "fields": {"q1": "\ud800"}}).encode())  # lone surrogate
def test_autosave(client, learner, attempt, body):
    from django.urls import reverse

    client.force_login(learner)
    with rolled_back():
        before = _answers(attempt)
        response = client.post(reverse("quizzes:answer", args=[attempt.pk]), body, content_type="application/json")
        assert response.status_code in (200, 400, 409), response.content[:300]
        answer = response.json()
        after = _answers(attempt)
        if response.status_code == 200:
            assert answer["ok"] is True
            changed = [a[0] for a, b in zip(after, before, strict=True) if a != b]
            assert changed in ([answer["position"]], [])  # an unchanged answer is not written again
        else:
            assert answer["ok"] is False and answer["error"]
            assert after == before
        _scorable(attempt)


@pytest.mark.django_db
@budget(40)
@given(data=form_data(), finish=st.booleans())
@example(data={"positions": ["7"], "q7": ["a\x00b"]}, finish=False)  # NUL in a short answer: PostgreSQL refused it
@example(data={"positions": [str(p) for p in range(1, 8)], "q1": ["c1"], "q2": ["c1", "c2"], "q3": ["true"],
               "q5-i1": ["1"], "q5-i2": ["2"], "q5-i3": ["3"], "q6": ["3.14"], "q7": ["Ha Noi"]}, finish=True)
def test_form_save_and_finish(client, learner, attempt, data, finish):
    from django.urls import reverse

    from quizzes.models import Attempt

    client.force_login(learner)
    with rolled_back():
        if finish:
            data["finish"] = "1"
        before = _answers(attempt)
        response = client.post(reverse("quizzes:attempt", args=[attempt.pk]), data)
        assert response.status_code in (302, 400)
        if response.status_code == 400:
            assert _answers(attempt) == before
        attempt.refresh_from_db()
        _scorable(attempt)
        if attempt.state != Attempt.State.IN_PROGRESS:
            assert 0 <= attempt.score <= 100  # a percentage
            assert client.get(reverse("quizzes:result", args=[attempt.pk])).status_code == 200


@pytest.mark.django_db
@budget(30)
@given(data=form_data())
def test_submit(client, learner, attempt, data):
    from django.urls import reverse

    from quizzes.models import Attempt

    client.force_login(learner)
    with rolled_back():
        response = client.post(reverse("quizzes:submit", args=[attempt.pk]), {**data, "confirm": "1"})
        assert response.status_code in (302, 400)
        attempt.refresh_from_db()
        if response.status_code == 400 or response["Location"] == reverse("quizzes:attempt", args=[attempt.pk]):
            # refused before anything was saved (a malformed request, a question not in the attempt): still open
            assert attempt.state == Attempt.State.IN_PROGRESS
            return
        assert attempt.state == Attempt.State.SUBMITTED
        assert 0 <= attempt.score <= 100  # a percentage
        _scorable(attempt)
        assert client.get(reverse("quizzes:result", args=[attempt.pk])).status_code == 200
