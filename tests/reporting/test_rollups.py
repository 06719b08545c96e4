"""The dashboard's counters (reporting/rollups.py) equal a direct count after random learner activity, on any unit;
reconciliation repairs drift; concurrent increments of one counter add up (PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import random
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction
from django.utils import timezone

from courses.models import Enrollment
from lms.organisations.models import Requirement
from lms.organisations.roster import place_fields
from lms.privacy.services import anonymise_user
from reporting import queries, rollups
from reporting.models import GroupTally, ItemTally, LearnerTally, PendingLearner


def _numbers(board: queries.Dashboard) -> dict:
    return {
        "learners": board.learners,
        "courses": [(s.item.pk, s.enrolled, s.completed) for s in board.courses],
        "tests": [(s.item.pk, s.enrolled, s.completed) for s in board.tests],
        "groups": [(g.group.pk, g.learners, g.passed, g.basic) for g in board.groups],
        "weeks": [(w["week"], w["passed"], w["completed"]) for w in board.weeks],
        "children": [(c.unit.pk, c.learners, c.enrolled, c.completed, c.passed) for c in board.children],
    }


def _assert_equal_everywhere(viewers, units, requirements, rng, *, picks=4):
    for viewer in viewers:
        for unit in [None, *rng.sample(units, min(picks, len(units)))]:
            assert _numbers(queries.dashboard(viewer, unit)) == _numbers(queries.dashboard_direct(viewer, unit)), (
                viewer, unit)
            fast = queries.requirement_summaries(viewer, requirements, unit=unit)
            for requirement, summary in zip(requirements, fast, strict=True):
                direct = queries.requirement_summary_direct(viewer, requirement, unit=unit)
                assert (summary.applies, summary.done) == (direct.applies, direct.done), (viewer, unit, requirement)


@pytest.fixture
def second_test(db, groups, standard_test):
    from quizzes.models import Assessment

    other = Assessment.objects.create(framework=standard_test.framework, title="Bài kiểm tra người dân",
                                      slug="chuan-nguoi-dan", pass_mark=50, is_published=True)
    other.population_groups = [groups["adult"], groups["youth"]]
    other.save()
    return other


def test_counters_equal_a_direct_count_after_random_activity(
    tree, groups, person, make_user, standard_test, second_test, course, record_attempt,
    manager_a, national_manager, make_manager,
):
    rng = random.Random(17)
    units = list(tree.values())
    manager_c = make_manager(tree["C-A1"], tree["C-B1"])  # two roots in two provinces
    tests = [standard_test, second_test]
    codes = ["civil-servant", "adult", "youth", "student"]
    people = [person(rng.choice(units), group=rng.choice(codes)) for _ in range(9)]
    people.append(make_user(population_group=groups["adult"]))  # no place: only the whole country counts them
    people.append(person(tree["C-A1"], is_staff=True))  # staff: never counted
    requirements = []
    for target, unit in ((standard_test, None), (course, tree["P-A"]), (second_test, tree["C-B1"])):
        requirement = Requirement.objects.create(
            title=f"Yêu cầu {target.pk}", content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk, unit=unit, deadline=dt.date(2026, 12, 31))
        requirements.append(requirement)
    requirements[0].population_groups.set([groups["civil-servant"]])
    now = timezone.now()

    def when():  # any time of day over 100 days: local days and weeks are crossed
        return now - dt.timedelta(days=rng.uniform(0, 100), hours=rng.uniform(0, 24))

    for step in range(60):
        alive = [p for p in people if p.pk is not None]
        someone = rng.choice(alive)
        action = rng.random()
        if action < 0.25:
            record_attempt(someone, rng.choice(tests), score=rng.choice([30, 55, 70, 95]), when=when())
        elif action < 0.45:
            enrollment, _made = Enrollment.objects.get_or_create(user=someone, course=course)
            if rng.random() < 0.6 and enrollment.completed_at is None:
                enrollment.completed_at = when()
                enrollment.save(update_fields=["completed_at"])
        elif action < 0.55:  # moves to another unit (or loses their place)
            fields = place_fields(rng.choice(units)) if rng.random() < 0.85 else {
                "unit": None, "commune": None, "province": None}
            for name, value in fields.items():
                setattr(someone, name, value)
            someone.save()
        elif action < 0.63:
            someone.population_group = groups[rng.choice(codes)]
            someone.save()
        elif action < 0.68:
            anonymise_user(user=someone)  # erased: still counted
            someone.refresh_from_db()
        elif action < 0.72:
            someone.is_active = not someone.is_active
            someone.save(update_fields=["is_active"])
        elif action < 0.77:
            Enrollment.objects.filter(user=someone).delete()
        elif action < 0.82:
            attempt = someone.quiz_attempts.order_by("pk").last()
            if attempt is not None:
                attempt.delete()
        elif action < 0.85 and len(alive) > 4:
            someone.delete()
        elif action < 0.92:
            someone.save(update_fields=["last_login"])  # a sign-in: nothing noted
        if rng.random() < 0.3:
            rollups.apply_pending()  # the worker's turn; otherwise the dashboard adds what is pending
        if step == 29:
            _assert_equal_everywhere([manager_a, manager_c], units, requirements, rng, picks=2)
    rollups.apply_pending()
    assert not PendingLearner.objects.exists()
    _assert_equal_everywhere([manager_a, national_manager, manager_c], units, requirements, rng, picks=len(units))
    # What was applied step by step is what a recomputation from scratch gives.
    report = rollups.reconcile()
    assert (report.learners, report.counters) == (0, 0)


def test_reconciliation_repairs_a_tampered_counter_and_ledger(tree, person, standard_test, record_attempt, course,
                                                                national_manager):
    hoa, lan = person(tree["A-A1-X"]), person(tree["C-B1"], group="adult")
    record_attempt(hoa, standard_test, 90)
    Enrollment.objects.create(user=lan, course=course)
    rollups.apply_pending()
    truth = _numbers(queries.dashboard_direct(national_manager, None))
    assert _numbers(queries.dashboard(national_manager, None)) == truth

    GroupTally.objects.filter(place_id=tree["A-A1-X"].pk).update(learners=7)  # drift in a counter
    ItemTally.objects.filter(place_id=tree["C-B1"].pk).delete()  # a lost counter
    LearnerTally.objects.filter(user_id=hoa.pk).update(share={})  # and a ledger that forgot a learner
    Enrollment.objects.filter(user=lan).update(completed_at=timezone.now())  # a change behind the models' back
    assert _numbers(queries.dashboard(national_manager, None)) != _numbers(
        queries.dashboard_direct(national_manager, None))

    report = rollups.reconcile()
    assert report.learners == 2 and report.counters >= 2
    assert _numbers(queries.dashboard(national_manager, None)) == _numbers(
        queries.dashboard_direct(national_manager, None))
    assert rollups.reconcile().counters == 0


def test_move_erasure_and_deletion_change_the_counts(tree, person, standard_test, record_attempt, manager_a,
                                                      manager_b):
    hoa = person(tree["A-A1-X"])
    record_attempt(hoa, standard_test, 90)
    rollups.apply_pending()
    board_a = queries.dashboard(manager_a, tree["P-A"])
    assert (board_a.learners, board_a.passed_standard_total) == (1, 1)

    for name, value in place_fields(tree["C-B1"]).items():
        setattr(hoa, name, value)
    hoa.save()
    assert queries.dashboard(manager_a, tree["P-A"]).learners == 0  # pending: added at read
    rollups.apply_pending()
    assert not LearnerTally.objects.filter(place_id=tree["A-A1-X"].pk).exists()
    board_b = queries.dashboard(manager_b, tree["P-B"])
    assert (board_b.learners, board_b.passed_standard_total, board_b.tests[0].completed) == (1, 1, 1)

    anonymise_user(user=hoa)
    rollups.apply_pending()
    assert queries.dashboard(manager_b, tree["P-B"]).learners == 1  # erased: kept in the totals

    hoa_id = hoa.pk
    hoa.delete()
    assert queries.dashboard(manager_b, tree["P-B"]).learners == 0
    rollups.apply_pending()
    assert not LearnerTally.objects.filter(user_id=hoa_id).exists()
    assert sum(GroupTally.objects.filter(place_id=tree["C-B1"].pk).values_list("learners", flat=True)) == 0


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks of PostgreSQL")
def test_two_transactions_adding_to_one_counter_lose_nothing(db):
    # The writers are threads with their own connections: they commit (the test's own transaction sees it), and
    # the last one takes the row away again, so no table flush is needed.
    key = (999_999, 0)
    first_holds = threading.Event()
    outcome = []

    def add_one(hold: bool):
        try:
            with transaction.atomic():
                deltas = rollups.Deltas()
                rollups.Deltas.add(deltas.groups, key, (1, 0, 1))
                rollups._add(deltas)
                if hold:
                    first_holds.set()
                    # Keep the row locked until the second writer is seen waiting for it.
                    with connections["default"].cursor() as cursor:
                        for _ in range(50_000):
                            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                            if cursor.fetchone()[0]:
                                outcome.append("waited")
                                break
        finally:
            connections.close_all()

    first = threading.Thread(target=add_one, args=(True,))
    first.start()
    assert first_holds.wait(30)
    second = threading.Thread(target=add_one, args=(False,))
    second.start()
    first.join(30)
    second.join(30)
    row = GroupTally.objects.get(place_id=key[0], group_id=key[1])
    counts = (row.learners, row.basic)

    def clean():
        try:
            GroupTally.objects.filter(place_id=key[0]).delete()
        finally:
            connections.close_all()

    cleaner = threading.Thread(target=clean)
    cleaner.start()
    cleaner.join(30)
    assert outcome == ["waited"]  # the second writer did wait for the first one's row lock
    assert counts == (2, 2)
    assert connection.vendor == "postgresql"


def test_a_tests_new_population_group_counts_its_earlier_passes(tree, person, groups, standard_test, record_attempt,
                                                                 national_manager, django_capture_on_commit_callbacks):
    adult = person(tree["C-A1"], group="adult")
    record_attempt(adult, standard_test, 90)
    rollups.reconcile()  # records which tests are whose standard test
    assert {g.group.code: g.passed for g in queries.dashboard(national_manager, None).groups}["adult"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        standard_test.population_groups = [groups["civil-servant"], groups["adult"]]
        standard_test.save()
    rollups.apply_pending()
    board = queries.dashboard(national_manager, None)
    assert {g.group.code: g.passed for g in board.groups}["adult"] == 1
    assert _numbers(board) == _numbers(queries.dashboard_direct(national_manager, None))
