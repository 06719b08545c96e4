"""Signals other apps may listen to (quizzes imports none of them).

``attempt_closed(sender=Attempt, attempt=..., timed_out=bool)`` is sent once per attempt, after the transaction
that scored it commits (for example, so that the certificates app can issue a certificate for a pass).
"""

from django.dispatch import Signal

attempt_closed = Signal()

#: ``attempt_scored(sender=Attempt, attempt_id=int, user_id=int)`` is sent inside the transaction that closed and
#: scored the attempt (``services.attempt_close``), for figures that must change in that same transaction (the
#: managers' dashboard counters note the learner there).
attempt_scored = Signal()
