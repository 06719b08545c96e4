"""Receivers that note, in the transaction that changes them, the learners whose dashboard figures may change
(``rollups.note_learners``). The apps below send model signals or their own (``quizzes.signals.attempt_scored``);
none of them imports reporting. Connected in ``apps.ReportingConfig.ready``."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from courses.models import Enrollment
from lms.accounts.models import User
from lms.organisations.models import PopulationGroup, Unit
from quizzes.models import Assessment, Attempt
from quizzes.signals import attempt_scored

from . import rollups

# What a user save must touch to change their figures (a sign-in saves ``last_login`` only: nothing to note).
USER_FIELDS = {"is_active", "is_staff", "is_superuser", "erased_at", "unit", "commune", "province",
               "population_group", "unit_id", "commune_id", "province_id", "population_group_id"}


def _user_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields is not None and not USER_FIELDS & set(update_fields)):
        return
    rollups.note_learners([instance.pk])


def _user_deleted(sender, instance, **kwargs):
    rollups.note_learners([instance.pk])


def _enrollment_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    # A lesson visit saves ``last_lesson`` and ``last_activity_at`` only: nothing to note.
    if raw or not (created or update_fields is None or "completed_at" in update_fields or "course" in update_fields):
        return
    rollups.note_learners([instance.user_id])


def _attempt_saved(sender, instance, raw=False, **kwargs):
    # Starting an attempt changes no figure; closing one goes through ``attempt_scored``.
    if not raw and (instance.state in rollups.CLOSED or instance.passed):
        rollups.note_learners([instance.user_id])


def _row_deleted(sender, instance, **kwargs):
    rollups.note_learners([instance.user_id])


def _attempt_scored(sender, attempt_id=None, user_id=None, **kwargs):
    rollups.note_learners([user_id])


def _unit_deleting(sender, instance, **kwargs):
    """The unit's members lose it (``SET_NULL``) after this: note them while they can still be found."""
    rollups.note_learners(User.objects.filter(unit=instance).values_list("pk", flat=True))
    rollups.note_learners(User.objects.filter(commune=instance).values_list("pk", flat=True))
    rollups.note_learners(User.objects.filter(province=instance).values_list("pk", flat=True))


def _group_deleting(sender, instance, **kwargs):
    rollups.note_learners(User.objects.filter(population_group=instance).values_list("pk", flat=True))


def _assessment_saved(sender, instance, raw=False, **kwargs):
    # A test's population groups are saved after this signal (a ParentalManyToManyField): compare once committed.
    if not raw:
        transaction.on_commit(rollups.standard_tests_check)


def connect() -> None:
    post_save.connect(_user_saved, sender=User, dispatch_uid="rollups-user-saved")
    post_delete.connect(_user_deleted, sender=User, dispatch_uid="rollups-user-deleted")
    post_save.connect(_enrollment_saved, sender=Enrollment, dispatch_uid="rollups-enrollment-saved")
    post_delete.connect(_row_deleted, sender=Enrollment, dispatch_uid="rollups-enrollment-deleted")
    post_save.connect(_attempt_saved, sender=Attempt, dispatch_uid="rollups-attempt-saved")
    post_delete.connect(_row_deleted, sender=Attempt, dispatch_uid="rollups-attempt-deleted")
    attempt_scored.connect(_attempt_scored, dispatch_uid="rollups-attempt-scored")
    pre_delete.connect(_unit_deleting, sender=Unit, dispatch_uid="rollups-unit-deleting")
    pre_delete.connect(_group_deleting, sender=PopulationGroup, dispatch_uid="rollups-group-deleting")
    post_save.connect(_assessment_saved, sender=Assessment, dispatch_uid="rollups-assessment-saved")
