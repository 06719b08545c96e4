"""Reads of the reminders app: who owes a requirement, a person's choices, when people were last reminded.

Courses, tests and places are read through their apps' selectors (``courses.selectors``, ``quizzes.selectors``,
``lms.organisations``); a manager's scope through ``lms.organisations.permissions``.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Q, QuerySet

from courses import selectors as course_selectors
from lms.organisations.models import Requirement, Unit
from lms.organisations.permissions import home_in, is_national, root_paths, scope_users
from quizzes import selectors as quiz_selectors

from .models import Delivery, Preference

#: Statuses that count as "reminded" (sent) and as "planned or sent" (for the weekly limit).
COUNTED = (Delivery.Status.PENDING, Delivery.Status.SENDING, Delivery.Status.SENT, Delivery.Status.UNKNOWN)


def preference_for(user) -> Preference:
    """The person's choices (an unsaved row with the defaults when they never chose)."""
    pref = Preference.objects.filter(user_id=user.pk).first()
    return pref or Preference(user_id=user.pk)


def done_user_ids(requirement: Requirement) -> QuerySet:
    """``user_id`` values of the people who met ``requirement`` (passed the test, completed the course)."""
    if requirement.content_type.model == "assessment":
        return quiz_selectors.passed_user_ids(assessment_id=requirement.object_id)
    return course_selectors.completed_user_ids(course_id=requirement.object_id)


def people_owing(requirement: Requirement) -> QuerySet:
    """Active learners (not staff, not erased) to whom ``requirement`` applies and who have not met it."""
    qs = get_user_model().objects.filter(is_active=True, is_staff=False, erased_at__isnull=True)
    if requirement.unit_id:
        qs = qs.filter(home_in([requirement.unit.path]))
    group_ids = list(requirement.population_groups.values_list("pk", flat=True))
    if group_ids:
        qs = qs.filter(population_group_id__in=group_ids)
    return qs.exclude(pk__in=done_user_ids(requirement))


def people_owing_in_scope(viewer, requirement: Requirement, *, unit: Unit | None = None) -> QuerySet:
    """``people_owing`` narrowed to the people ``viewer`` (a manager) may see, and to ``unit``'s subtree."""
    qs = scope_users(viewer, people_owing(requirement))
    if unit is not None:
        qs = qs.filter(home_in([unit.path]))
    return qs


def requirements_visible_to(viewer) -> QuerySet[Requirement]:
    """Active requirements that concern people ``viewer`` sees: for everyone, assigned above their units, or
    inside them."""
    qs = Requirement.objects.filter(active=True).select_related("content_type", "unit").order_by("deadline", "title")
    if is_national(viewer):
        return qs
    roots = root_paths(viewer)
    if not roots:
        return qs.none()
    q = Q(unit__isnull=True)
    for root in roots:
        q |= Q(unit__path__in=[root[: Unit.steplen * d] for d in range(1, len(root) // Unit.steplen + 1)])
        q |= Q(unit__path__startswith=root)
    return qs.filter(q)


def requirements_in_window(*, today: dt.date, offsets, overdue_days: int) -> QuerySet[Requirement]:
    """Active requirements whose deadline is at most max(offsets) days ahead and at most ``overdue_days`` behind."""
    return (
        Requirement.objects.filter(
            active=True,
            deadline__lte=today + dt.timedelta(days=max(offsets, default=0)),
            deadline__gte=today - dt.timedelta(days=overdue_days),
        )
        .select_related("content_type", "unit")
        .order_by("deadline", "pk")
    )


def last_reminded(user_ids, *, requirement: Requirement | None = None) -> dict[int, dt.datetime]:
    """When each person was last sent a reminder (about ``requirement`` when given), by user id."""
    qs = Delivery.objects.filter(user_id__in=list(user_ids), status=Delivery.Status.SENT)
    if requirement is not None:
        qs = qs.filter(requirement=requirement)
    return dict(qs.values_list("user_id").annotate(last=Max("sent_at")))


def counts_since(user_ids, *, since: dt.datetime) -> dict[int, int]:
    """Reminders planned or sent to each person since ``since`` (for the weekly limit), by user id."""
    rows = (
        Delivery.objects.filter(user_id__in=list(user_ids), created_at__gte=since, status__in=COUNTED)
        .values_list("user_id").annotate(n=Count("pk"))
    )
    return dict(rows)


def due_ids(*, now: dt.datetime, requeue_before: dt.datetime, stale_before: dt.datetime, limit: int) -> list[int]:
    """Deliveries to hand to the worker: pending and due (and not queued recently), or claimed by a worker that
    has since died (claim older than ``stale_before``)."""
    pending = Q(status=Delivery.Status.PENDING, due_at__lte=now) & (
        Q(queued_at__isnull=True) | Q(queued_at__lt=requeue_before)
    )
    lost = Q(status=Delivery.Status.SENDING, claimed_at__lt=stale_before)
    return list(Delivery.objects.filter(pending | lost).order_by("due_at", "pk").values_list("pk", flat=True)[:limit])


def deliveries_of(user) -> QuerySet[Delivery]:
    """A person's reminders, newest first (their settings page and their data download)."""
    return Delivery.objects.filter(user=user).order_by("-created_at", "-pk")
