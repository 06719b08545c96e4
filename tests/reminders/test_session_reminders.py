"""Reminders of in-person sessions (classes, issue 23): the day before and on the day, once each, to registered
learners in their channels, never during quiet hours, skipped for a cancelled registration or session."""

from __future__ import annotations

import datetime as dt

import pytest

from classes import services as class_services
from classes.models import Session
from reminders import services
from reminders.models import Delivery

from .conftest import at, inbox, texts_to

D = dt.date(2027, 3, 20)  # the session's day


@pytest.fixture
def session(db, tree):
    start = at(D, 8, 30)
    return Session.objects.create(unit=tree["C-A1"], topic="Hướng dẫn cài đặt VNeID mức 2",
                                  place="Nhà văn hoá tổ dân phố 5", starts_at=start,
                                  ends_at=start + dt.timedelta(hours=2), capacity=30)


@pytest.fixture
def registered(session, tree, person):
    people = [person(tree["C-A1"]), person(tree["C-A1"], phone="+84912300400", phone_verified=True)]
    for p in people:
        class_services.registration_create(user=p, session=session, now=at(D - dt.timedelta(days=5)))
    return people


def test_day_before_and_day_of_once_each(settings, session, registered, mailoutbox):
    from reminders.models import Preference

    Preference.objects.create(user=registered[1], by_email=False, by_sms=True)
    assert services.plan_session_reminders(now=at(D - dt.timedelta(days=2), 10)) == 0  # too early
    eve = at(D - dt.timedelta(days=1), 10)
    assert services.plan_session_reminders(now=eve) == 2
    assert services.plan_session_reminders(now=eve + dt.timedelta(hours=1)) == 0  # planned twice: nothing new
    services.deliveries_send(ids=list(Delivery.objects.values_list("pk", flat=True)), now=eve)
    assert [m.subject for m in inbox(registered[0])] == ["Ngày mai 08:30: Hướng dẫn cài đặt VNeID mức 2"]
    assert "Nhà văn hoá tổ dân phố 5" in inbox(registered[0])[0].body
    assert f"/classes/{session.pk}/" in inbox(registered[0])[0].body
    assert texts_to(registered[1]) and "ngày mai 08:30" in texts_to(registered[1])[0]
    assert not inbox(registered[1])
    morning = at(D, 7, 15)
    assert services.plan_session_reminders(now=morning) == 2
    assert services.plan_session_reminders(now=at(D, 9)) == 0  # started: no more
    keys = set(Delivery.objects.values_list("key", flat=True))
    assert keys == {f"session:{session.pk}:{stage}:{p.pk}" for stage in ("d1", "d0") for p in registered}


def test_quiet_hours_wait_and_cancelled_registrations_are_skipped(settings, session, registered, mailoutbox):
    late = at(D - dt.timedelta(days=1), 22)  # inside quiet hours (21:00–07:00)
    services.plan_session_reminders(now=late)
    assert set(Delivery.objects.values_list("due_at", flat=True)) == {at(D, 7)}
    assert services.deliveries_send(ids=list(Delivery.objects.values_list("pk", flat=True)), now=late) == {}
    class_services.registration_cancel(user=registered[0], session=session)
    counts = services.deliveries_send(ids=list(Delivery.objects.values_list("pk", flat=True)), now=at(D, 7))
    assert counts == {"skipped": 1, "sent": 1}
    assert not inbox(registered[0])
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)
    assert services.plan_session_reminders(now=at(D, 7, 30)) == 0
