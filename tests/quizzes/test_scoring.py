"""Every question type's edge cases, scored by the plain functions in quizzes/scoring.py."""

from fractions import Fraction

import pytest

from quizzes.scoring import normalize_text, parse_form_response, score, strip_diacritics

SINGLE = {"type": "single", "choices": [
    {"id": "c1", "text": "A", "fraction": "100", "feedback": ""},
    {"id": "c2", "text": "B", "fraction": "-33.33333", "feedback": ""},
    {"id": "c3", "text": "C", "fraction": "50", "feedback": ""},
]}
MULTI = {"type": "multiple", "partial": True, "choices": [
    {"id": "c1", "text": "A", "fraction": "50", "feedback": ""},
    {"id": "c2", "text": "B", "fraction": "50", "feedback": ""},
    {"id": "c3", "text": "C", "fraction": "-100", "feedback": ""},
    {"id": "c4", "text": "D", "fraction": "-50", "feedback": ""},
]}


def test_single_choice():
    assert score(SINGLE, "c1") == 1
    assert score(SINGLE, "c3") == Fraction(1, 2)
    assert score(SINGLE, "c2") == 0  # negative marks floor at 0
    assert score(SINGLE, "zz") == 0
    assert score(SINGLE, None) == 0
    assert score(SINGLE, "") == 0


def test_multiple_partial_credit():
    assert score(MULTI, ["c1", "c2"]) == 1
    assert score(MULTI, ["c1"]) == Fraction(1, 2)
    assert score(MULTI, ["c1", "c4"]) == 0
    assert score(MULTI, ["c1", "c2", "c4"]) == Fraction(1, 2)  # an extra wrong choice costs its fraction
    assert score(MULTI, ["c1", "c2", "c3", "c4"]) == 0  # floored at 0, never negative
    assert score(MULTI, ["c1", "c1", "c1"]) == Fraction(1, 2)  # duplicates count once
    assert score(MULTI, ["c1", "c2", "x9"]) == 1  # ids not in the question carry nothing
    assert score(MULTI, []) == 0


def test_multiple_all_or_nothing():
    data = dict(MULTI, partial=False)
    assert score(data, ["c2", "c1"]) == 1
    assert score(data, ["c1"]) == 0
    assert score(data, ["c1", "c2", "c4"]) == 0


def test_multiple_capped_at_one():
    data = {"type": "multiple", "partial": True, "choices": [
        {"id": "a", "text": "", "fraction": "100", "feedback": ""},
        {"id": "b", "text": "", "fraction": "100", "feedback": ""}]}
    assert score(data, ["a", "b"]) == 1


@pytest.mark.parametrize("response,expected", [(True, 1), ("true", 1), ("TRUE", 1), (False, 0), ("false", 0),
                                               ("maybe", 0), (None, 0), (1, 0)])
def test_truefalse(response, expected):
    assert score({"type": "truefalse", "correct": True}, response) == expected


def test_truefalse_false_is_right():
    assert score({"type": "truefalse", "correct": False}, False) == 1


MATCH = {"type": "matching", "partial": True, "pairs": [
    {"id": "p1", "prompt": "VNeID", "answer": "Định danh điện tử"},
    {"id": "p2", "prompt": "VietQR", "answer": "Thanh toán"},
    {"id": "p3", "prompt": "Zalo", "answer": "Nhắn tin"},
], "distractors": ["Trò chơi"]}


def test_matching_partial_and_all_or_nothing():
    full = {"p1": "Định danh điện tử", "p2": "Thanh toán", "p3": "Nhắn tin"}
    assert score(MATCH, full) == 1
    assert score(MATCH, {"p1": "Định danh điện tử", "p2": "Trò chơi"}) == Fraction(1, 3)
    assert score(MATCH, {"p1": " Định danh điện tử "}) == Fraction(1, 3)
    assert score(MATCH, {"zz": "Thanh toán"}) == 0
    assert score(MATCH, ["Thanh toán"]) == 0
    strict = dict(MATCH, partial=False)
    assert score(strict, full) == 1
    assert score(strict, {"p1": "Định danh điện tử", "p2": "Thanh toán"}) == 0


ORDER = {"type": "ordering", "partial": True, "items": [{"id": f"i{n}", "text": str(n)} for n in range(1, 5)]}


def test_ordering():
    assert score(ORDER, ["i1", "i2", "i3", "i4"]) == 1
    assert score(ORDER, ["i4", "i3", "i2", "i1"]) == 0  # reversed: longest right run is 1 item
    assert score(ORDER, ["i2", "i1", "i3", "i4"]) == Fraction(2, 3)  # one swap: 3 of 4 in right relative order
    assert score(ORDER, ["i1", "i2"]) == Fraction(1, 3)  # incomplete answers get what they show
    assert score(ORDER, ["i1", "i1", "i2", "x", "i3", "i4"]) == 1  # duplicates and unknown ids ignored
    assert score(dict(ORDER, partial=False), ["i2", "i1", "i3", "i4"]) == 0
    assert score(ORDER, "i1") == 0


NUM = {"type": "numeric", "answers": [
    {"id": "a1", "value": "3.14", "tolerance": "0.01", "fraction": "100", "feedback": ""},
    {"id": "a2", "value": "3", "tolerance": "0.5", "fraction": "50", "feedback": ""},
]}


@pytest.mark.parametrize("response,expected", [
    ("3.14", 1), ("3.15", 1), ("3.13", 1),  # boundaries included, exact decimal arithmetic
    ("3.1501", Fraction(1, 2)), ("3,14", 1), (" 3.14 ", 1), ("2.5", Fraction(1, 2)), ("2.4999", 0),
    ("abc", 0), ("", 0), ("NaN", 0), ("inf", 0), (None, 0),
])
def test_numeric_tolerance(response, expected):
    assert score(NUM, response) == expected


def test_numeric_zero_tolerance_and_wildcard():
    data = {"type": "numeric", "answers": [
        {"id": "a1", "value": "1000", "tolerance": "0", "fraction": "100", "feedback": ""},
        {"id": "a2", "value": "*", "tolerance": "0", "fraction": "10", "feedback": ""}]}
    assert score(data, "1000") == 1
    assert score(data, "1000.0") == 1
    assert score(data, "999") == Fraction(1, 10)


SHORT = {"type": "shorttext", "case_sensitive": False, "ignore_diacritics": True, "answers": [
    {"id": "a1", "text": "Hà Nội", "fraction": "100", "feedback": ""},
    {"id": "a2", "text": "Thủ đô*", "fraction": "50", "feedback": ""},
]}


@pytest.mark.parametrize("response,expected", [
    ("Hà Nội", 1), ("ha noi", 1), ("HA  NOI", 1), ("  Hà   Nội ", 1), ("Hanoi", 0),
    ("thu do Viet Nam", Fraction(1, 2)), ("", 0), (None, 0),
])
def test_shorttext_insensitive(response, expected):
    assert score(SHORT, response) == expected


def test_shorttext_sensitive():
    data = dict(SHORT, case_sensitive=True, ignore_diacritics=False)
    assert score(data, "Hà Nội") == 1
    assert score(data, "hà nội") == 0
    assert score(data, "Ha Noi") == 0
    data = dict(SHORT, case_sensitive=False, ignore_diacritics=False)
    assert score(data, "HÀ NỘI") == 1
    assert score(data, "ha noi") == 0


def test_d_with_stroke_and_composed_forms():
    assert strip_diacritics("Đường đến Đà Lạt") == "Duong den Da Lat"
    data = {"type": "shorttext", "case_sensitive": False, "ignore_diacritics": True,
            "answers": [{"id": "a1", "text": "định danh", "fraction": "100", "feedback": ""}]}
    assert score(data, "DINH DANH") == 1
    # NFD input (as some phone keyboards send it) equals NFC
    import unicodedata
    assert normalize_text(unicodedata.normalize("NFD", "Hà Nội")) == normalize_text("Hà Nội")


def test_unknown_type():
    with pytest.raises(ValueError):
        score({"type": "essay"}, "x")


def test_parse_form_response():
    def getlist_from(d):
        return lambda name: d.get(name, [])

    assert parse_form_response(SINGLE, "q1", getlist_from({"q1": ["c2"]})) == "c2"
    assert parse_form_response(MULTI, "q1", getlist_from({"q1": ["c1", "c2"]})) == ["c1", "c2"]
    assert parse_form_response({"type": "truefalse"}, "q1", getlist_from({"q1": ["false"]})) is False
    assert parse_form_response(MATCH, "q2", getlist_from({"q2-p1": ["Thanh toán"], "q2-p2": [""]})) == {"p1": "Thanh toán"}
    assert parse_form_response(ORDER, "q3", getlist_from({"q3-i1": ["2"], "q3-i2": ["1"], "q3-i3": ["3"], "q3-i4": ["4"]})) \
        == ["i2", "i1", "i3", "i4"]
    assert parse_form_response(NUM, "q4", getlist_from({"q4": ["  "]})) is None
