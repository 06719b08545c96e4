"""The rules of watching (courses/video/watching.py), without HTTP or database."""

import math

import pytest

from courses.video import watching as w


def test_union_counts_a_replayed_minute_once():
    assert w.merge([(0, 60), (30, 90)], [(10, 20)], duration=300) == [(0, 90)]
    assert w.total(w.merge([(0, 60), (0, 60)], duration=300)) == 60


def test_seeking_ahead_counts_only_what_was_played():
    # Played 0–10 s, jumped to 50 s, played to 60 s: 20 s, not 60.
    merged = w.merge([(0, 10), (50, 60)], duration=120)
    assert merged == [(0, 10), (50, 60)]
    assert w.total(merged) == 20
    assert w.percent(w.total(merged), 120) == 16


def test_intervals_are_clipped_to_the_duration_and_snap_to_the_end():
    assert w.merge([(-5, 3), (100, 500)], duration=120) == [(0, 3), (100, 120)]
    assert w.merge([(0, 119.7)], duration=120) == [(0, 120)]  # the last frame is a fraction short of the end
    assert w.percent(w.total(w.merge([(0, 119.7)], duration=120)), 120) == 100


@pytest.mark.parametrize("raw", [
    "0-10", {"a": 1}, [[0]], [[0, "10"]], [[0, math.inf]], [[0, float("nan")]], [[True, 3]], [[0, 1, 2]],
    [[0, 1]] * (w.MAX_INTERVALS + 1),
])
def test_a_malformed_report_is_refused(raw):
    with pytest.raises(w.BadReport):
        w.clean_intervals(raw, duration=60)


def test_reversed_and_empty_pairs_are_dropped():
    assert w.clean_intervals([[5, 2], [3, 3], [1, 2]], duration=60) == [(1, 2)]


def test_percent_rounds_down_and_stays_within_0_and_100():
    assert w.percent(59.9, 100) == 59
    assert w.percent(500, 100) == 100
    assert w.percent(10, 0) == 0


def test_first_report_is_capped_and_later_ones_by_the_time_elapsed():
    # A forged first report claiming a whole hour gets FIRST_ALLOWANCE seconds, from the start of the video.
    first = w.credit([], [(0, 3600)], duration=3600, limit=w.allowance(elapsed=None))
    assert first == [(0, w.FIRST_ALLOWANCE)]
    # 15 s later at most 15 × MAX_SPEED + SLACK more.
    second = w.credit(first, [(0, 3600)], duration=3600, limit=w.allowance(elapsed=15))
    assert w.total(second) == w.FIRST_ALLOWANCE + 15 * w.MAX_SPEED + w.SLACK


def test_credit_never_charges_seconds_already_counted():
    existing = [(0, 100)]
    assert w.credit(existing, [(0, 100), (200, 210)], duration=300, limit=10) == [(0, 100), (200, 210)]
    assert w.credit(existing, [(50, 150)], duration=300, limit=20) == [(0, 120)]


def test_a_required_percent_of_zero_requires_nothing():
    assert w.meets(0, 0)
    assert not w.meets(79, 80)
    assert w.meets(80, 80)


def test_resume_at_the_last_position_unless_at_the_end():
    assert w.resume_position(42.37, 600) == 42.4
    assert w.resume_position(599, 600) == 0  # finished: start again
    assert w.resume_position(None, 600) == 0
    assert w.resume_position(2.0, 4.0) == 2.0  # a short clip resumes too
    assert w.resume_position(3.8, 4.0) == 0


def test_position_is_cleaned():
    assert w.clean_position("12", duration=60) is None
    assert w.clean_position(-3, duration=60) == 0
    assert w.clean_position(1e9, duration=60) == 60
