"""Signals other apps may listen to (quizzes imports none of them).

``attempt_closed(sender=Attempt, attempt=..., timed_out=bool)`` is sent once per attempt, after the transaction
that scored it commits (for example, so that the certificates app can issue a certificate for a pass).
"""

from django.dispatch import Signal

attempt_closed = Signal()
