"""The rotating check-in code (pure functions of a session id, a secret and the clock; tests inject ``now``).

- The trainer's screen shows a QR code of ``/classes/checkin/<session>/?t=<token>``; the token is
  ``HMAC-SHA256(secret, "classes.checkin:<session>:<window>")`` cut to 20 hex digits, where ``window`` is
  ``floor(unix time / 30)``: it changes every ``WINDOW`` (30) seconds.
- A token is accepted in its own window and the next one only (``token_valid``: the current and the previous
  window), so a code read from the screen works for 30 to 60 seconds; an older one (a photo sent to a friend, a
  replay) is refused.
- Once accepted, the learner gets a *ticket* (``ticket_for``: the session id signed with a timestamp, valid
  ``TICKET_SECONDS``) so that signing in, which may take longer than a window, does not lose the check-in; the
  ticket is what the confirmation posts, and the attendance is recorded once (one row per learner and session).
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core import signing

WINDOW = 30  # seconds a code is shown
TICKET_SECONDS = 300  # how long a scanned code's ticket lets a learner sign in and confirm
TICKET_SALT = "classes.checkin-ticket"


def window_of(now: float) -> int:
    return int(now // WINDOW)


def _key() -> bytes:
    return hashlib.sha256(b"classes.checkin-key:" + settings.SECRET_KEY.encode()).digest()


def token_for(session_id: int, window: int) -> str:
    message = f"classes.checkin:{session_id}:{window}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()[:20]


def current_token(session_id: int, *, now: float | None = None) -> str:
    return token_for(session_id, window_of(time.time() if now is None else now))


def token_valid(session_id: int, token: str, *, now: float | None = None) -> bool:
    """Whether ``token`` is the code of the current window or of the previous one (nothing older, nothing ahead)."""
    if not isinstance(token, str) or len(token) != 20 or not token.isascii():
        return False
    window = window_of(time.time() if now is None else now)
    return any(hmac.compare_digest(token, token_for(session_id, w)) for w in (window, window - 1))


def seconds_left(*, now: float | None = None) -> int:
    """Seconds until the code on screen changes."""
    now = time.time() if now is None else now
    return WINDOW - int(now % WINDOW)


def ticket_for(session_id: int) -> str:
    return signing.dumps({"s": session_id}, salt=TICKET_SALT, compress=False)


def ticket_session(ticket: str, *, max_age: int = TICKET_SECONDS) -> int | None:
    """The session a ticket was issued for, or None (forged, altered or older than ``max_age``)."""
    try:
        data = signing.loads(ticket or "", salt=TICKET_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    session_id = data.get("s") if isinstance(data, dict) else None
    return session_id if isinstance(session_id, int) else None
