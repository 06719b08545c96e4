"""Periodic jobs of the quiz engine (listed in ``settings.PERIODIC_JOBS``)."""

import logging

from .services import attempts_close_expired

logger = logging.getLogger(__name__)


def close_expired_attempts():
    """Score and close every attempt whose time is up (learners who closed the browser included)."""
    closed = attempts_close_expired()
    if closed:
        logger.info("Closed %d timed-out attempts", closed)
    return closed
