"""Writes of the reminders app, as plain functions of an injected ``now`` (tests walk a simulated calendar).

1. **Planning** writes ``Delivery`` rows, one per person × reminder, keyed (``deadline:<req>:<stage>:<user>``,
   ``nudge:<course>:<user>``, ``manager:<req>:<local date>:<user>``); the unique key makes planning idempotent.
   Each row's ``due_at`` is ``now``, or the end of quiet hours.
2. **Dispatching** (``deliveries_dispatch``) hands due rows to the task worker in batches of
   ``REMINDER_BATCH_SIZE`` — never during quiet hours.
3. **Sending** (``deliveries_send``, in the worker) claims each row with a conditional UPDATE (``pending`` and
   due, or ``sending`` under a claim older than ``REMINDER_CLAIM_MINUTES``: its worker died), checks the reminder
   still applies (requirement met? nudges turned off?), then sends channel by channel. Before a gateway call the
   row records the channel as ``attempting``; after it, the channel as sent. A worker that dies in between leaves
   ``attempting`` set: the row is claimed again later, the other channels are sent, and that channel is **not**
   tried again (it may have gone out: no duplicate; status ``unknown`` if nothing else was sent). A gateway error
   (an exception) puts the row back to ``pending`` after ``REMINDER_RETRY_MINUTES`` × attempts, and fails it after
   ``REMINDER_MAX_ATTEMPTS``.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from classes import selectors as class_selectors
from courses import selectors as course_selectors
from lms.accounts import sms
from lms.organisations.models import Requirement, Unit

from . import messages, rules, selectors
from .models import Delivery, Preference

logger = logging.getLogger(__name__)

EMAIL, SMS = "email", "sms"
UNCERTAIN = "?"  # suffix of a channel in ``Delivery.channels`` whose send was cut off by a dead worker

SKIP_MET = "requirement met"
SKIP_INACTIVE = "requirement no longer active"
SKIP_UNSUBSCRIBED = "nudges turned off"
SKIP_NO_CHANNEL = "no channel"
SKIP_ACCOUNT = "account inactive or erased"
SKIP_NOT_REGISTERED = "registration cancelled or session cancelled or started"


def _quiet():
    return rules.parse_quiet_hours(settings.REMINDER_QUIET_HOURS)


def in_quiet_hours(now: dt.datetime) -> bool:
    return rules.in_quiet_hours(now, _quiet(), settings.TIME_ZONE)


def _due_at(now: dt.datetime) -> dt.datetime:
    return rules.sendable_from(now, _quiet(), settings.TIME_ZONE)


def _local_date(now: dt.datetime) -> dt.date:
    return timezone.localtime(now).date()


def _create_missing(rows: list[Delivery]) -> int:
    """Insert the rows whose key is new; returns how many were new."""
    if not rows:
        return 0
    existing = set()
    keys = [row.key for row in rows]
    for start in range(0, len(keys), 1000):
        existing |= set(Delivery.objects.filter(key__in=keys[start:start + 1000]).values_list("key", flat=True))
    new = [row for row in rows if row.key not in existing]
    Delivery.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)  # a concurrent planner: no error
    return len(new)


# --- Planning -----------------------------------------------------------------------------------------------


def plan_deadline_reminders(*, now: dt.datetime) -> int:
    """Plan the deadline stage due today (14/3/1 days before, overdue) for everyone who owes an active
    requirement; returns how many reminders were added."""
    today = _local_date(now)
    offsets = settings.REMINDER_DAYS_BEFORE
    due_at = _due_at(now)
    added = 0
    for requirement in selectors.requirements_in_window(
        today=today, offsets=offsets, overdue_days=settings.REMINDER_OVERDUE_WINDOW_DAYS
    ):
        days_left = (requirement.deadline - today).days
        stage = rules.deadline_stage(days_left, offsets)
        if stage is None:
            continue
        kind = Delivery.Kind.OVERDUE if stage == rules.OVERDUE else Delivery.Kind.DEADLINE
        user_ids = selectors.people_owing(requirement).values_list("pk", flat=True).iterator(chunk_size=2000)
        batch: list[Delivery] = []
        for user_id in user_ids:
            batch.append(Delivery(
                key=f"deadline:{requirement.pk}:{stage}:{user_id}", user_id=user_id, kind=kind, legal=True,
                requirement=requirement, title=requirement.title[:255], days_left=days_left,
                deadline=requirement.deadline, due_at=due_at, created_at=now,
            ))
            if len(batch) >= 2000:
                added += _create_missing(batch)
                batch = []
        added += _create_missing(batch)
    return added


def plan_nudges(*, now: dt.datetime) -> int:
    """Plan one nudge per person × course for learners who stopped a course (``CoursePage.nudge_after_days``)
    and did not turn nudges off; returns how many were added."""
    stalled = course_selectors.stalled_enrollments(now=now)
    if not stalled:
        return 0
    off = set(Preference.objects.filter(nudges=False, user_id__in={u for u, _c, _d in stalled})
              .values_list("user_id", flat=True))
    due_at = _due_at(now)
    titles: dict[int, str] = {}
    for _u, course_id, _d in stalled:
        if course_id not in titles:
            found = course_selectors.course_title_and_path(course_id=course_id, language=settings.LANGUAGE_CODE)
            titles[course_id] = (found[0] if found else str(course_id))[:255]
    rows = [
        Delivery(key=f"nudge:{course_id}:{user_id}", user_id=user_id, kind=Delivery.Kind.NUDGE, legal=False,
                 course_id_ref=course_id, title=titles[course_id], days_left=days, due_at=due_at, created_at=now)
        for user_id, course_id, days in stalled if user_id not in off
    ]
    return _create_missing(rows)


def plan_session_reminders(*, now: dt.datetime) -> int:
    """Plan the reminders of registered learners for in-person sessions (``classes``): the day before (``d1``) and on
    the day before the start (``d0``), each once per person (``session:<id>:<stage>:<user>``); returns how many were
    added. Sent in the person's channels, outside quiet hours; skipped at sending if the registration or the session
    was cancelled, or the session has started."""
    today = _local_date(now)
    end = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=2), dt.time.min))
    due_at = _due_at(now)
    rows: list[Delivery] = []
    for session in class_selectors.sessions_starting(start=now, end=end):
        day = timezone.localtime(session.starts_at).date()
        stage = rules.session_stage(today=today, session_day=day, now=now, starts_at=session.starts_at)
        if stage is None:
            continue
        for user_id in class_selectors.registrant_ids(session.pk):
            rows.append(Delivery(
                key=f"session:{session.pk}:{stage}:{user_id}", user_id=user_id, kind=Delivery.Kind.SESSION,
                legal=True, session_id_ref=session.pk, title=session.topic[:255], days_left=(day - today).days,
                deadline=day, due_at=due_at, created_at=now,
            ))
    return _create_missing(rows)


@dataclass(frozen=True)
class ManagerRemindOutcome:
    queued: int  # new reminders, sent now or when quiet hours end
    over_limit: int  # people skipped: REMINDER_WEEKLY_LIMIT reminders in the last seven days
    already: int  # people this manager's reminder about this requirement already reached today


def manager_remind(*, manager, requirement: Requirement, now: dt.datetime, unit: Unit | None = None) -> ManagerRemindOutcome:
    """Remind everyone in ``manager``'s scope (and ``unit``'s subtree) who has not met ``requirement``, except
    people who already got ``REMINDER_WEEKLY_LIMIT`` reminders in the last seven days; once per person per day."""
    if not selectors.requirements_visible_to(manager).filter(pk=requirement.pk).exists():
        raise PermissionDenied
    user_ids = list(selectors.people_owing_in_scope(manager, requirement, unit=unit).values_list("pk", flat=True))
    day = _local_date(now).isoformat()
    keys = {uid: f"manager:{requirement.pk}:{day}:{uid}" for uid in user_ids}
    already = set(Delivery.objects.filter(key__in=keys.values()).values_list("user_id", flat=True))
    counts = selectors.counts_since(user_ids, since=rules.week_start(now))
    limit = settings.REMINDER_WEEKLY_LIMIT
    over = {uid for uid in user_ids if uid not in already and counts.get(uid, 0) >= limit}
    due_at = _due_at(now)
    rows = [
        Delivery(key=keys[uid], user_id=uid, kind=Delivery.Kind.MANAGER, legal=True, requirement=requirement,
                 title=requirement.title[:255], days_left=(requirement.deadline - _local_date(now)).days,
                 deadline=requirement.deadline, sent_by=manager, due_at=due_at, created_at=now)
        for uid in user_ids if uid not in already and uid not in over
    ]
    queued = _create_missing(rows)
    if queued:
        transaction.on_commit(lambda: deliveries_dispatch(now=timezone.now()))
    return ManagerRemindOutcome(queued=queued, over_limit=len(over), already=len(already))


# --- Learners' choices --------------------------------------------------------------------------------------


def preference_update(*, user, by_email: bool, by_sms: bool, nudges: bool, language: str) -> Preference:
    pref, _created = Preference.objects.get_or_create(user=user)
    pref.by_email, pref.by_sms, pref.nudges, pref.language = by_email, by_sms, nudges, language
    pref.full_clean()
    pref.save()
    return pref


def nudges_unsubscribe(*, user_id: int) -> None:
    """Turn nudges off (the unsubscribe link); deadline notices still come. Pending nudges are dropped."""
    pref, _created = Preference.objects.get_or_create(user_id=user_id)
    if pref.nudges:
        pref.nudges = False
        pref.save(update_fields=["nudges", "updated_at"])
    Delivery.objects.filter(user_id=user_id, kind=Delivery.Kind.NUDGE, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SKIPPED, last_error=SKIP_UNSUBSCRIBED,
    )


def language_remember(*, user, language: str) -> None:
    """Keep the language a person uses the site in (at log-in) for their messages."""
    codes = {code for code, _name in settings.LANGUAGES}
    language = (language or "").split("-")[0]
    if language not in codes:
        return
    updated = Preference.objects.filter(user_id=user.pk).exclude(language=language).update(language=language)
    if not updated and not Preference.objects.filter(user_id=user.pk).exists():
        Preference.objects.get_or_create(user_id=user.pk, defaults={"language": language})


# --- Dispatching and sending --------------------------------------------------------------------------------


def deliveries_dispatch(*, now: dt.datetime, max_batches: int = 50) -> int:
    """Hand due reminders to the task worker, ``REMINDER_BATCH_SIZE`` per task (none during quiet hours);
    returns how many were handed over."""
    if in_quiet_hours(now):
        return 0
    from .tasks import send_reminder_batch  # the task module imports these services

    size = settings.REMINDER_BATCH_SIZE
    claim_age = dt.timedelta(minutes=settings.REMINDER_CLAIM_MINUTES)
    ids = selectors.due_ids(now=now, requeue_before=now - claim_age, stale_before=now - claim_age,
                            limit=size * max_batches)
    for start in range(0, len(ids), size):
        chunk = ids[start:start + size]
        Delivery.objects.filter(pk__in=chunk).update(queued_at=now)
        send_reminder_batch.enqueue(ids=chunk)
    return len(ids)


def delivery_claim(*, delivery_id: int, worker: str, now: dt.datetime) -> bool:
    """Claim one delivery for ``worker``: one conditional UPDATE, so of two workers exactly one wins."""
    stale = now - dt.timedelta(minutes=settings.REMINDER_CLAIM_MINUTES)
    claimable = Q(status=Delivery.Status.PENDING, due_at__lte=now) | Q(status=Delivery.Status.SENDING,
                                                                       claimed_at__lt=stale)
    return bool(Delivery.objects.filter(claimable, pk=delivery_id).update(
        status=Delivery.Status.SENDING, claimed_by=worker, claimed_at=now, attempts=F("attempts") + 1,
    ))


def _finish(delivery: Delivery, worker: str, **fields) -> None:
    Delivery.objects.filter(pk=delivery.pk, claimed_by=worker).update(**fields)


def _skip_reason(delivery: Delivery, user, pref: Preference, now: dt.datetime | None = None) -> str:
    if not user.is_active or user.erased_at is not None:
        return SKIP_ACCOUNT
    if delivery.kind == Delivery.Kind.SESSION:
        session = class_selectors.session_by_id(delivery.session_id_ref or 0)
        if (session is None or session.status != session.Status.SCHEDULED or session.starts_at <= (now or timezone.now())
                or not class_selectors.is_registered(session_id=session.pk, user_id=user.pk)):
            return SKIP_NOT_REGISTERED
        return ""
    if delivery.kind == Delivery.Kind.NUDGE:
        if not pref.nudges:
            return SKIP_UNSUBSCRIBED
        if course_selectors.completed_user_ids(course_id=delivery.course_id_ref).filter(user_id=user.pk).exists():
            return SKIP_MET
        return ""
    requirement = delivery.requirement
    if requirement is None or not requirement.active:
        return SKIP_INACTIVE
    if selectors.done_user_ids(requirement).filter(user_id=user.pk).exists():
        return SKIP_MET
    return ""


def channels_for(user, pref: Preference) -> list[str]:
    """The channels a person gets reminders on: email (when chosen, and a real address: accounts a roster created
    from a phone number have a ``.invalid`` one), SMS (when chosen and the phone verified)."""
    out = []
    if pref.by_email and user.email and not user.email.endswith(".invalid"):  # roster phone-only accounts
        out.append(EMAIL)
    if pref.by_sms and user.phone and user.phone_verified:
        out.append(SMS)
    return out


def _email_connection():
    queued = settings.EMAIL_BACKEND == "lms.mail.QueuedEmailBackend"  # already in the worker: deliver directly
    return get_connection(settings.EMAIL_DELIVERY_BACKEND if queued else None)


def _send(channel: str, user, message: messages.Message) -> None:
    if channel == EMAIL:
        headers = {}
        if message.unsubscribe_url:
            headers = {"List-Unsubscribe": f"<{message.unsubscribe_url}>",
                       "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        EmailMessage(subject=message.subject, body=message.body, to=[user.email], headers=headers,
                     connection=_email_connection()).send()
    else:
        sms.send_sms(user.phone, message.sms)


def delivery_send(*, delivery_id: int, worker: str, now: dt.datetime) -> str:
    """Claim and send one reminder; returns its status afterwards ("" when another worker holds it)."""
    if not delivery_claim(delivery_id=delivery_id, worker=worker, now=now):
        return ""
    delivery = Delivery.objects.select_related("user", "requirement__content_type", "requirement__unit").get(
        pk=delivery_id)
    user = delivery.user
    pref = selectors.preference_for(user)
    reason = _skip_reason(delivery, user, pref, now)
    wanted = channels_for(user, pref) if not reason else []
    if not reason and not wanted:
        reason = SKIP_NO_CHANNEL
    if reason:
        _finish(delivery, worker, status=Delivery.Status.SKIPPED, last_error=reason, attempting="")
        return Delivery.Status.SKIPPED
    done = list(delivery.channels)
    if delivery.attempting:  # a worker died during this gateway call: the message may have gone out
        done.append(delivery.attempting + UNCERTAIN)
        logger.warning("Reminder %s: worker lost while sending by %s; not sent again", delivery.key, delivery.attempting)
        _finish(delivery, worker, channels=done, attempting="")
    message = messages.compose(delivery, name=user.get_short_name(), language=pref.language)
    for channel in wanted:
        if channel in done or channel + UNCERTAIN in done:
            continue
        _finish(delivery, worker, attempting=channel)
        try:
            _send(channel, user, message)
        except Exception as exc:  # the gateway said no: nothing went out, try again later
            failed = delivery.attempts >= settings.REMINDER_MAX_ATTEMPTS  # counted by the claim
            logger.warning("Reminder %s by %s failed (attempt %s): %s", delivery.key, channel, delivery.attempts, exc)
            _finish(
                delivery, worker, attempting="", channels=done, last_error=f"{channel}: {exc}"[:500],
                status=Delivery.Status.FAILED if failed else Delivery.Status.PENDING, claimed_by="",
                due_at=_due_at(now + dt.timedelta(minutes=settings.REMINDER_RETRY_MINUTES * delivery.attempts)),
            )
            return Delivery.Status.FAILED if failed else Delivery.Status.PENDING
        done.append(channel)
        _finish(delivery, worker, attempting="", channels=done)
    confirmed = [c for c in done if not c.endswith(UNCERTAIN)]
    status = Delivery.Status.SENT if confirmed else Delivery.Status.UNKNOWN
    _finish(delivery, worker, status=status, sent_at=now if confirmed else None)
    return status


def deliveries_send(*, ids: list[int], now: dt.datetime | None = None, worker: str | None = None) -> dict[str, int]:
    """Send a batch (the worker's task); rows another worker holds are left to it. During quiet hours nothing is
    sent (the rows wait). Returns counts by resulting status."""
    now = now or timezone.now()
    if in_quiet_hours(now):
        return {}
    worker = worker or uuid.uuid4().hex
    counts: dict[str, int] = {}
    for delivery_id in ids:
        status = delivery_send(delivery_id=delivery_id, worker=worker, now=now) or "taken"
        counts[status] = counts.get(status, 0) + 1
    return counts
