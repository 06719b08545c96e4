"""The rotating check-in code: windows of 30 s, the current and the previous accepted, nothing older or ahead
(the clock is injected; no sleep)."""

from __future__ import annotations

from classes import tokens

T0 = 1_796_605_200.0  # a window boundary (divisible by 30)


def test_code_changes_every_30_seconds_and_differs_per_session(settings):
    assert T0 % tokens.WINDOW == 0
    first = tokens.current_token(7, now=T0)
    assert tokens.current_token(7, now=T0 + 29.9) == first
    assert tokens.current_token(7, now=T0 + 30) != first
    assert tokens.current_token(8, now=T0) != first
    assert len(first) == 20 and all(ch in "0123456789abcdef" for ch in first)


def test_current_and_previous_window_accepted_older_and_future_refused():
    code = tokens.current_token(7, now=T0)
    assert tokens.token_valid(7, code, now=T0)
    assert tokens.token_valid(7, code, now=T0 + 29)
    assert tokens.token_valid(7, code, now=T0 + 59.9)  # the next window: still the previous one
    assert not tokens.token_valid(7, code, now=T0 + 60)  # expired: a replay is refused
    assert not tokens.token_valid(7, code, now=T0 - 1)  # a code from the future (a guessed window ahead)
    assert not tokens.token_valid(8, code, now=T0)  # another session's code


def test_malformed_codes_are_refused():
    for bad in ("", "x" * 20, tokens.current_token(7, now=T0)[:-1], None, 123, "é" * 20):
        assert not tokens.token_valid(7, bad, now=T0)


def test_code_depends_on_the_secret(settings):
    code = tokens.current_token(7, now=T0)
    settings.SECRET_KEY = "another-secret-for-this-test-only-" + "x" * 20
    assert tokens.current_token(7, now=T0) != code


def test_seconds_left():
    assert tokens.seconds_left(now=T0) == 30
    assert tokens.seconds_left(now=T0 + 25.5) == 5


def test_ticket_names_its_session_and_expires():
    ticket = tokens.ticket_for(7)
    assert tokens.ticket_session(ticket) == 7
    assert tokens.ticket_session(ticket + "x") is None
    assert tokens.ticket_session("") is None
    assert tokens.ticket_session(ticket, max_age=-1) is None  # older than allowed
