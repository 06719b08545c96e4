"""Sending: claimed once, a worker killed mid-batch, gateway errors retried, two workers on one batch."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from reminders import selectors, services
from reminders.models import Delivery

from .conftest import CrashingEmailBackend, WorkerKilled, at, inbox, texts_to

D = dt.date(2027, 3, 20)
NOW = at(D - dt.timedelta(days=3), 10)


@pytest.fixture
def five_owing(tree, person, requirement):
    people = [person(tree["C-A1"]) for _ in range(5)]
    requirement(D)
    assert services.plan_deadline_reminders(now=NOW) == 5
    return people


def _ids():
    return list(Delivery.objects.order_by("pk").values_list("pk", flat=True))


def test_a_worker_killed_mid_batch_then_rerun_sends_nobody_twice(settings, five_owing, mailoutbox):
    settings.EMAIL_BACKEND = "tests.reminders.conftest.CrashingEmailBackend"
    CrashingEmailBackend.sent, CrashingEmailBackend.crash_on = 0, 3
    with pytest.raises(WorkerKilled):
        services.deliveries_send(ids=_ids(), now=NOW, worker="w1")
    statuses = list(Delivery.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["sent", "sent", "sending", "pending", "pending"]
    # The task runs again at once (the queue retries it): the rest is sent, the row in flight is left to its claim.
    services.deliveries_send(ids=_ids(), now=NOW + dt.timedelta(minutes=1), worker="w2")
    # Later the lost claim is taken over: the channel cut off is not tried again (its message may be out).
    later = NOW + dt.timedelta(minutes=16)
    assert selectors.due_ids(now=later, requeue_before=later, stale_before=later - dt.timedelta(minutes=15),
                             limit=10) == [_ids()[2]]
    services.deliveries_send(ids=_ids(), now=later, worker="w3")
    assert [len(inbox(p)) for p in five_owing] == [1, 1, 1, 1, 1]
    statuses = list(Delivery.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["sent", "sent", "unknown", "sent", "sent"]
    services.deliveries_send(ids=_ids(), now=later + dt.timedelta(days=1), worker="w4")
    assert len(mailoutbox) == 5


def test_a_gateway_error_is_retried_later_without_resending_the_other_channel(settings, tree, person, requirement,
                                                                              mailoutbox):
    calls = []

    def flaky(phone, message):
        calls.append(phone)
        if len(calls) < 3:
            raise RuntimeError("gateway busy")

    settings.SMS_BACKEND = "tests.reminders.test_sending.flaky_gateway"
    _flaky[:] = [flaky]
    alice = person(tree["C-A1"], phone="+84901000009", phone_verified=True)
    requirement(D)
    services.plan_deadline_reminders(now=NOW)
    assert services.deliveries_send(ids=_ids(), now=NOW) == {"pending": 1}
    row = Delivery.objects.get()
    assert row.channels == ["email"] and row.due_at == NOW + dt.timedelta(minutes=15)
    assert services.deliveries_send(ids=_ids(), now=NOW + dt.timedelta(minutes=5)) == {"taken": 1}  # not yet due
    assert services.deliveries_send(ids=_ids(), now=NOW + dt.timedelta(minutes=15)) == {"pending": 1}
    assert services.deliveries_send(ids=_ids(), now=NOW + dt.timedelta(hours=1)) == {"sent": 1}
    assert len(inbox(alice)) == 1 and len(calls) == 3
    assert Delivery.objects.get().status == "sent"


_flaky: list = []


def flaky_gateway(phone, message):
    _flaky[0](phone, message)


def test_gateway_errors_fail_the_delivery_after_the_last_attempt(settings, tree, person, requirement):
    settings.SMS_BACKEND = "tests.reminders.test_sending.flaky_gateway"
    _flaky[:] = [lambda phone, message: (_ for _ in ()).throw(RuntimeError("down"))]
    from reminders.services import preference_update

    bob = person(tree["C-A1"], phone="+84901000010", phone_verified=True)
    preference_update(user=bob, by_email=False, by_sms=True, nudges=True, language="vi")
    requirement(D)
    services.plan_deadline_reminders(now=NOW)
    for hours in (0, 1, 2):
        services.deliveries_send(ids=_ids(), now=NOW + dt.timedelta(hours=hours))
    row = Delivery.objects.get()
    assert (row.status, row.attempts, row.last_error) == ("failed", 3, "sms: down")


def test_dispatch_hands_due_reminders_to_the_task_worker(settings, tree, person, requirement, mailoutbox):
    """The periodic job's path: batches go through the task queue (inline in tests) and are sent once."""
    from django.utils import timezone

    from reminders import jobs

    settings.REMINDER_QUIET_HOURS = ""  # the real clock: whatever time the suite runs
    settings.REMINDER_BATCH_SIZE = 2
    people = [person(tree["C-A1"]) for _ in range(3)]
    requirement(timezone.localdate() + dt.timedelta(days=3))
    assert jobs.plan_reminders() == 3
    assert [len(inbox(p)) for p in people] == [1, 1, 1]
    assert jobs.dispatch_reminders() == 0 and jobs.plan_reminders() == 0


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locking between connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_workers_on_the_same_batch_send_each_message_once(tree, person, requirement, mailoutbox):
    people = [person(tree["C-A1"], phone=f"+8490200{i:04d}", phone_verified=True) for i in range(30)]
    requirement(D)
    services.plan_deadline_reminders(now=NOW)
    ids = _ids()
    start = threading.Barrier(2)
    results, errors = {}, []

    def worker(name):
        try:
            start.wait()
            results[name] = services.deliveries_send(ids=ids, now=NOW, worker=name)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results["w1"].get("sent", 0) + results["w2"].get("sent", 0) == 30
    assert [len(inbox(p)) for p in people] == [1] * 30
    assert [len(texts_to(p)) for p in people] == [1] * 30
