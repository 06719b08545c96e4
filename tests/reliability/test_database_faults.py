"""The database goes away in the middle of an answer save or a submit (PostgreSQL only).

gunicorn talks to PostgreSQL through a proxy the test controls. To land the fault *inside* a request, the test
holds the attempt's row lock from its own connection, so the server's save or submit waits in its transaction;
then the proxy drops every connection. After recovery: every answer acknowledged (2xx) before the fault is
stored, the interrupted one was not half-written, a retry stores it once, the attempt resumes, and one submit
closes it once (one result, one certificate at most).
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import psycopg

from .conftest import requires_postgresql
from .support import Learner, backends_waiting_on_lock, right_choice, terminate_backends, wrong_choice

pytestmark = requires_postgresql


@contextmanager
def attempt_row_locked(settings_dict, attempt_pk: int):
    """Hold ``SELECT … FOR UPDATE`` on the attempt from a separate connection until the block ends."""
    conn = psycopg.connect(host=settings_dict["HOST"] or "127.0.0.1", port=int(settings_dict["PORT"] or 5432),
                           user=settings_dict["USER"] or "postgres", password=settings_dict["PASSWORD"] or None,
                           dbname=settings_dict["NAME"], autocommit=False)
    try:
        conn.execute("SELECT id FROM quizzes_attempt WHERE id = %s FOR UPDATE", [attempt_pk])
        yield
    finally:
        conn.rollback()
        conn.close()


def in_thread(fn):
    """Run ``fn`` in a thread; the returned dict gets ``response`` or ``error``."""
    out = {}

    def run():
        try:
            out["response"] = fn()
        except Exception as exc:  # noqa: BLE001 - reported to the test
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    out["thread"] = thread
    return out


def wait_until(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def stored(attempt):
    return {i.position: i for i in attempt.items.all()}


def test_dropped_idle_connections_cost_no_request(web, started_attempt):
    """``pg_terminate_backend`` on the server's persistent connections (a PostgreSQL restart, a failover):
    health checks reconnect at the next request, which succeeds."""
    attempt = started_attempt
    items = stored(attempt)
    learner = Learner(web.base, attempt.user)
    assert learner.open(attempt.pk).status_code == 200
    assert learner.save(attempt.pk, 1, [right_choice(items[1])]).status_code == 200
    assert terminate_backends() >= 1
    response = learner.save(attempt.pk, 2, [right_choice(items[2])])
    assert response.status_code == 200, response.text[:300]
    assert learner.open(attempt.pk).status_code == 200
    items = stored(attempt)
    assert items[1].response == right_choice(items[1]) and items[2].response == right_choice(items[2])


def test_database_lost_during_answer_save(web, db_proxy, postgresql, started_attempt):
    from quizzes.models import Attempt

    attempt = started_attempt
    items = stored(attempt)
    learner = Learner(web.base, attempt.user)
    assert learner.open(attempt.pk).status_code == 200
    acknowledged = {}
    for position in (1, 2, 3):
        choice = right_choice(items[position])
        response = learner.save(attempt.pk, position, [choice])
        assert response.status_code == 200 and response.json()["ok"]
        acknowledged[position] = choice
    # Change answer 3, then the fault: the save waits on the row lock inside its transaction, the database goes.
    with attempt_row_locked(postgresql, attempt.pk):
        pending = in_thread(lambda: learner.save(attempt.pk, 3, [wrong_choice(items[3])]))
        assert wait_until(lambda: backends_waiting_on_lock() == 1), "the save never reached the row lock"
        db_proxy.cut()
        pending["thread"].join(20)
    response = pending["response"]
    assert response.status_code == 503, (response.status_code, response.text[:300])
    assert response.headers.get("Retry-After")
    body = response.json()
    assert body["ok"] is False and body["retry"] is True and body["error"]
    # While the database is away: a clear 503, never a 500, for the save and for the page.
    response = learner.save(attempt.pk, 4, [right_choice(items[4])])
    assert response.status_code == 503 and response.json()["retry"] is True
    page = learner.http.get(f"{web.base}/quizzes/attempt/{attempt.pk}/", timeout=10)
    assert page.status_code == 503 and "Retry-After" in page.headers
    # Nothing acknowledged is lost, the interrupted change was not written.
    items = stored(attempt)
    assert {p: items[p].response for p in acknowledged} == acknowledged
    assert items[4].response is None
    assert all(len(items[p].history) == 1 for p in acknowledged)
    # Recovery: the client retries what failed; each answer is stored once.
    db_proxy.restore()
    assert learner.save(attempt.pk, 3, [wrong_choice(items[3])]).status_code == 200
    assert learner.save(attempt.pk, 4, [right_choice(items[4])]).status_code == 200
    assert learner.open(attempt.pk).status_code == 200  # the attempt resumes
    items = stored(attempt)
    assert items[3].response == wrong_choice(items[3]) and len(items[3].history) == 2
    assert items[4].response == right_choice(items[4]) and len(items[4].history) == 1
    assert Attempt.objects.get(pk=attempt.pk).state == Attempt.State.IN_PROGRESS


def test_database_lost_during_submit(web, db_proxy, postgresql, started_attempt):
    from certificates.models import Certificate
    from quizzes.models import Attempt

    attempt = started_attempt
    items = stored(attempt)
    learner = Learner(web.base, attempt.user)
    assert learner.open(attempt.pk).status_code == 200
    acknowledged = {p: right_choice(items[p]) for p in items}
    for position, choice in acknowledged.items():
        assert learner.save(attempt.pk, position, [choice]).status_code == 200
    with attempt_row_locked(postgresql, attempt.pk):
        pending = in_thread(lambda: learner.submit(attempt.pk))
        assert wait_until(lambda: backends_waiting_on_lock() == 1), "the submit never reached the row lock"
        db_proxy.cut()
        pending["thread"].join(20)
    assert pending["response"].status_code == 503
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.IN_PROGRESS and attempt.closed_at is None and attempt.score is None
    assert {p: i.response for p, i in stored(attempt).items()} == acknowledged
    db_proxy.restore()
    # The learner reopens the attempt (it resumes with every answer), then presses "Nộp bài" twice.
    page = learner.open(attempt.pk)
    assert page.status_code == 200
    assert page.text.count("checked") >= len(acknowledged)
    first, second = learner.submit(attempt.pk), learner.submit(attempt.pk)
    assert first.status_code == 302 and "/result/" in first.headers["Location"]
    assert second.status_code == 302 and "/result/" in second.headers["Location"]
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED and attempt.score == 100.0 and attempt.passed is True
    assert {p: i.response for p, i in stored(attempt).items()} == acknowledged
    assert Certificate.objects.filter(user=attempt.user, attempt__assessment=attempt.assessment).count() == 1
