"""Fuzzing the xAPI endpoint (``POST /h5p/xapi/<activity>/``) through the real view with the test client:
statement-shaped JSON with any values (NaN and infinite numbers, NUL characters, deep nesting, huge numbers,
wrong types), any JSON at all, and any bytes.

Properties: the answer is a JSON response with one of the documented statuses (201 stored, 400 refused, 413 too
large), never a 500; a refused body stores no statement and changes no result; a stored one adds exactly one
statement.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.h5p.builders import build, upload

from .helpers import NASTY, budget, counts, rolled_back

LEAF = st.one_of(
    st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(), st.text(max_size=12),
    st.sampled_from([10**400, "http://adlnet.gov/expapi/verbs/answered", "https://x/" + "a" * 600, *NASTY]),
)
ANY_JSON = st.recursive(LEAF, lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
                        max_leaves=25)
VERBS = st.sampled_from(["http://adlnet.gov/expapi/verbs/answered", "http://adlnet.gov/expapi/verbs/completed",
                         "https://h5p.org/x-api/" + "v" * 300, "ftp://x", "", "http://x y"]) | st.text(max_size=10)
NUMBER = st.one_of(st.floats(), st.integers(-10**6, 10**6), st.text(max_size=4), st.none(), st.booleans())


@st.composite
def statement(draw):
    score = draw(st.fixed_dictionaries({}, optional={"scaled": NUMBER, "raw": NUMBER, "min": NUMBER, "max": NUMBER}))
    result = draw(st.fixed_dictionaries({}, optional={
        "score": st.just(score) | ANY_JSON, "completion": st.booleans() | ANY_JSON, "success": st.booleans() | LEAF,
        "duration": st.text(max_size=80) | LEAF, "response": st.text(max_size=50) | LEAF}))
    body = draw(st.fixed_dictionaries({"verb": st.fixed_dictionaries({"id": VERBS}, optional={"display": ANY_JSON})
                                       | ANY_JSON}, optional={
        "result": st.just(result) | ANY_JSON,
        "object": st.fixed_dictionaries({}, optional={"id": LEAF, "definition": ANY_JSON}) | ANY_JSON,
        "context": ANY_JSON, "actor": ANY_JSON, "id": LEAF, "timestamp": LEAF}))
    return {"statement": body} if draw(st.booleans()) else body


BODIES = st.one_of(
    statement().map(lambda s: json.dumps(s).encode()),
    ANY_JSON.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=100),
    st.sampled_from([b"[" * 100000 + b"]" * 100000, b"", b"null", b"NaN", b'"\\ud800"', b"1" * 5000]),
)
NUL_DEFINITION = json.dumps({"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
                             "object": {"definition": {"name": {"vi": "a\u0000b"}}}}).encode()
NAN_DEFINITION = json.dumps({"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
                             "object": {"definition": {"x": float("nan")}}}).encode()


@pytest.fixture
def activity(db, settings, tmp_path):
    from django.core.cache import cache

    from courses.h5p.services import h5p_import
    from tests.h5p.placement import place_in_lesson

    settings.H5P_ROOT = str(tmp_path / "h5p")
    settings.H5P_LRS_ENDPOINT = ""
    settings.H5P_XAPI_RATE_PER_MINUTE = 10**9
    cache.clear()
    activity = h5p_import(source=upload(build()), title="Hoạt động thử")
    place_in_lesson(activity)  # statements are taken only for activities placed in a live lesson
    return activity


def _rows():
    from courses.h5p.models import H5PResult, H5PStatement

    return counts(H5PStatement, H5PResult)


@pytest.mark.django_db
@budget(80)
@given(body=BODIES)
@example(body=json.dumps({"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
                          "result": {"score": {"raw": 7, "max": 10}, "completion": True}}).encode())  # stored
@example(body=b"[" * 100000 + b"]" * 100000)  # RecursionError in json.loads: a 500 (fixed: 400)
@example(body=NUL_DEFINITION)  # PostgreSQL's jsonb refuses \u0000: a 500 (fixed: 400)
@example(body=NAN_DEFINITION)  # NaN is not JSON: the database refused it, a 500 (fixed: 400)
def test_xapi_endpoint(client, learner, activity, body):
    from django.urls import reverse

    client.force_login(learner)
    with rolled_back():
        before = _rows()
        response = client.post(reverse("h5p:xapi", args=[activity.pk]), body, content_type="application/json")
        assert response.status_code in (201, 400, 413), response.content[:300]
        answer = response.json()
        if response.status_code == 201:
            assert answer["stored"]
            assert _rows()["h5p.H5PStatement"] == before["h5p.H5PStatement"] + 1
        else:
            assert answer["error"]
            assert _rows() == before
