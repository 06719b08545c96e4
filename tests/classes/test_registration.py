"""Registration: capacity enforced (a double click, two learners for the last seat, PostgreSQL threads),
cancellation gives the seat back, closed and cancelled sessions refuse."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from classes import services
from classes.models import Registration, Session

from .conftest import NOW


def _taken(session) -> int:
    session.refresh_from_db()
    return session.seats_taken


def test_register_twice_takes_one_seat(db, make_session, person, tree):
    session = make_session(capacity=2)
    learner = person(tree["C-A1"])
    first = services.registration_create(user=learner, session=session, now=NOW)
    again = services.registration_create(user=learner, session=session, now=NOW)
    assert first.created and not again.created
    assert again.registration.pk == first.registration.pk
    assert _taken(session) == 1 == Registration.objects.filter(session=session).count()


def test_full_session_refuses_and_cancel_gives_the_seat_back(db, make_session, person, tree):
    session = make_session(capacity=1)
    a, b = person(tree["C-A1"]), person(tree["C-A1"])
    services.registration_create(user=a, session=session, now=NOW)
    with pytest.raises(services.ClassError) as refused:
        services.registration_create(user=b, session=session, now=NOW)
    assert refused.value.message == services.FULL
    assert services.registration_cancel(user=a, session=session)
    assert not services.registration_cancel(user=a, session=session)  # twice: nothing more
    assert _taken(session) == 0
    assert services.registration_create(user=b, session=session, now=NOW).created
    with pytest.raises(services.ClassError):
        services.registration_create(user=a, session=session, now=NOW)  # a's old row is not a seat
    assert _taken(session) == 1
    services.registration_cancel(user=b, session=session)
    revived = services.registration_create(user=a, session=session, now=NOW)  # the cancelled row comes back
    assert revived.created and revived.registration.status == Registration.Status.REGISTERED
    assert Registration.objects.filter(session=session, user=a).count() == 1


def test_started_or_cancelled_sessions_refuse(db, make_session, person, tree):
    learner = person(tree["C-A1"])
    started = make_session(starts_in=-0.5)
    with pytest.raises(services.ClassError) as closed:
        services.registration_create(user=learner, session=started, now=NOW)
    assert closed.value.message == services.CLOSED
    cancelled = make_session(status=Session.Status.CANCELLED)
    with pytest.raises(services.ClassError) as gone:
        services.registration_create(user=learner, session=cancelled, now=NOW)
    assert gone.value.message == services.CANCELLED


def test_database_refuses_overbooking_behind_the_services_back(db, make_session):
    from django.db import IntegrityError, transaction

    session = make_session(capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(seats_taken=2)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL")
def test_two_learners_for_the_last_seat_and_a_double_click_never_overbook(make_session, person, tree):
    session = make_session(capacity=1)
    a, b = person(tree["C-A1"]), person(tree["C-A1"])
    barrier = threading.Barrier(4)
    outcomes = []

    def take(user):
        from django.db import connection as conn

        try:
            barrier.wait()
            outcomes.append(("ok", user.pk, services.registration_create(user=user, session=session, now=NOW).created))
        except services.ClassError as exc:
            outcomes.append(("full", user.pk, str(exc.message)))
        finally:
            conn.close()

    threads = [threading.Thread(target=take, args=(u,)) for u in (a, b, a, b)]  # each learner double-clicks
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(outcomes) == 4
    session.refresh_from_db()
    assert session.seats_taken == 1
    registered = Registration.objects.filter(session=session, status=Registration.Status.REGISTERED)
    assert registered.count() == 1
    winner = registered.get().user_id
    assert [o for o in outcomes if o[0] == "ok" and o[2]] == [("ok", winner, True)]
    assert all(o[1] != winner for o in outcomes if o[0] == "full")


def test_upcoming_near_a_learner(db, make_session, person, tree):
    from classes import selectors

    here = make_session(unit=tree["C-A1"], topic="Ở phường")
    above = make_session(unit=tree["P-A"], topic="Ở tỉnh")
    below = make_session(unit=tree["A-A1-X"], topic="Ở UBND phường")
    sibling = make_session(unit=tree["S-A2"], topic="Ở trường (cùng cấp)")
    elsewhere = make_session(unit=tree["C-B1"], topic="Tỉnh khác")
    ended = make_session(unit=tree["C-A1"], starts_in=-5, topic="Đã xong")
    learner = person(tree["C-A1"])
    near = set(selectors.upcoming_near(learner, now=NOW))
    assert near == {here, above, below, sibling}
    assert elsewhere not in near and ended not in near
    assert set(selectors.upcoming_in(unit=tree["P-B"], now=NOW)) == {elsewhere}
    assert set(selectors.upcoming_in(unit=None, now=NOW + dt.timedelta(days=30))) == set()
