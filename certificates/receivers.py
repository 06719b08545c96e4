"""Rules that issue certificates, listening to the apps below this one (nothing imports certificates)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from courses.signals import course_completed
from lms.privacy.signals import user_erasing
from quizzes.selectors import attempt_with_test
from quizzes.signals import attempt_closed

from . import services

logger = logging.getLogger(__name__)


@receiver(course_completed, dispatch_uid="certificates.issue_for_course")
def issue_for_completed_course(sender, *, user, course, **kwargs):
    """All lessons done and all knowledge checks passed (the courses app decides): a completion certificate."""

    def issue():
        services.certificate_issue_for_course(user=user, course=course)

    transaction.on_commit(issue, robust=True)


@receiver(attempt_closed, dispatch_uid="certificates.issue_for_closed_attempt")
def issue_for_closed_attempt(sender, *, attempt, **kwargs):
    """The quizzes app closed and scored an attempt (sent after commit): a certificate when it passed."""
    issue_for_passed_attempt(sender=type(attempt), instance=attempt)


@receiver(post_save, sender="quizzes.Attempt", dispatch_uid="certificates.issue_for_attempt")
def issue_for_passed_attempt(sender, instance, **kwargs):
    """A closed attempt with ``passed=True``: a certificate for the test (the first passing attempt counts).

    Attempts closed by ``quizzes.services`` arrive through ``attempt_closed`` (they are closed with an UPDATE, which
    sends no ``post_save``); this receiver covers attempts saved any other way (admin, imports, fixtures)."""
    if instance.state == instance.State.IN_PROGRESS or instance.passed is not True:
        return
    attempt_id = instance.pk

    def issue():
        attempt = attempt_with_test(attempt_id)
        if attempt is not None and attempt.passed is True and attempt.state != attempt.State.IN_PROGRESS:
            services.certificate_issue_for_attempt(attempt=attempt)

    transaction.on_commit(issue, robust=True)


@receiver(user_erasing, dispatch_uid="certificates.erase_learner")
def erase_learner(sender, *, user, withhold_name=False, **kwargs):
    """A learner's account is being erased: certificates stay verifiable, without their PDF (and name, on request)."""
    services.certificate_erase_learner(user=user, withhold_name=withhold_name)
