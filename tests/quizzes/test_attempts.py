"""Blueprint drawing, starting and resuming, answering, time-outs, idempotent submission, versioning."""

import random
import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection
from django.utils import timezone

from quizzes import jobs, services
from quizzes.models import Attempt, AttemptQuestion, QuestionChoice


@pytest.fixture
def bank(make_question):
    """4.2: 3 questions at L1–2 and 1 at L4; 1.1: 2 at L1."""
    qs = [make_question("4.2", level=1), make_question("4.2", level=2), make_question("4.2", level=2),
          make_question("4.2", level=4), make_question("1.1", level=1), make_question("1.1", level=1)]
    return qs


def right_answer(item):
    data = item.version.data
    return next(c["id"] for c in data["choices"] if c["fraction"] == "100")


def test_blueprint_draw_respects_rows(bank, framework):
    from quizzes.models import BlueprintRow, Competence, CompetenceArea

    rows = [BlueprintRow(competence=Competence.objects.get(code="4.2"), level_min=1, level_max=2, count=3),
            BlueprintRow(area=CompetenceArea.objects.get(code="1", framework=framework), level_min=1, level_max=8, count=2)]
    drawn = services.blueprint_draw(framework=framework, rows=rows, rng=random.Random(1))
    assert len(drawn) == 5 and len({q.pk for q in drawn}) == 5
    assert {q.level for q in drawn[:3]} <= {1, 2}


def test_blueprint_too_few_questions_is_a_clear_error(bank, framework):
    from quizzes.models import BlueprintRow, Competence

    rows = [BlueprintRow(competence=Competence.objects.get(code="4.2"), level_min=1, level_max=2, count=5)]
    with pytest.raises(ValidationError) as exc:
        services.blueprint_draw(framework=framework, rows=rows)
    assert "cần 5 câu nhưng ngân hàng chỉ có 3 câu" in exc.value.messages[0]


def test_overlapping_rows_never_draw_a_question_twice(bank, framework):
    from quizzes.models import BlueprintRow, Competence, CompetenceArea

    rows = [BlueprintRow(area=CompetenceArea.objects.get(code="4", framework=framework), count=2),
            BlueprintRow(competence=Competence.objects.get(code="4.2"), level_min=1, level_max=2, count=2)]
    for seed in range(10):  # the specific row draws first, so the area row never starves
        drawn = services.blueprint_draw(framework=framework, rows=rows, rng=random.Random(seed))
        assert len({q.pk for q in drawn}) == 4
    rows[0].count = 3
    with pytest.raises(ValidationError):
        services.blueprint_draw(framework=framework, rows=rows, rng=random.Random(3))


def test_start_at_start_time_with_too_few_questions(bank, make_assessment, learner):
    assessment = make_assessment(rows=(("4.2", 1, 8, 4),))
    bank[0].is_active = False
    bank[0].save()
    with pytest.raises(ValidationError):
        services.attempt_start(assessment=assessment, user=learner)
    assert not Attempt.objects.exists()


def test_start_freezes_versions_and_resumes(bank, make_assessment, learner):
    assessment = make_assessment(rows=(("4.2", 1, 8, 4), ("1.1", 1, 1, 2)))
    attempt = services.attempt_start(assessment=assessment, user=learner, rng=random.Random(5))
    items = list(attempt.items.order_by("position"))
    assert len(items) == 6 and attempt.deadline == attempt.started_at + timedelta(minutes=30)
    assert all(sorted(i.choice_order) == ["c1", "c2", "c3"] for i in items)
    assert attempt.framework_code == "TT02-2025" and attempt.framework_version == "2025.1"
    again = services.attempt_start(assessment=assessment, user=learner)
    assert again.pk == attempt.pk and Attempt.objects.count() == 1


def test_editing_a_question_never_changes_a_recorded_result(bank, make_assessment, learner):
    assessment = make_assessment(rows=(("1.1", 1, 1, 2),))
    attempt = services.attempt_start(assessment=assessment, user=learner)
    item = attempt.items.get(position=1)
    services.attempt_answer(attempt=attempt, user=learner, position=1, response=right_answer(item))
    attempt, _ = services.attempt_submit(attempt=attempt, user=learner)
    score_before = attempt.score
    question = item.version.question
    versions_before = question.versions.count()
    # the editor swaps the right answer
    question.choices = [QuestionChoice(text="Đúng", fraction=Decimal(0)), QuestionChoice(text="Sai", fraction=Decimal(100)),
                        QuestionChoice(text="Cũng sai", fraction=Decimal(0))]
    question.save()
    assert question.versions.count() == versions_before + 1
    question.save()  # no change → no new version
    assert question.versions.count() == versions_before + 1
    attempt.refresh_from_db()
    item.refresh_from_db()
    assert attempt.score == score_before == 50.0 and item.version.number == 1


def test_answer_foreign_question_and_after_close_refused(bank, make_assessment, learner, make_user):
    assessment = make_assessment(rows=(("1.1", 1, 1, 2),))
    attempt = services.attempt_start(assessment=assessment, user=learner)
    with pytest.raises(services.QuestionNotInAttempt) as exc:
        services.attempt_answer(attempt=attempt, user=learner, position=99, response="c1")
    assert exc.value.message == str(services.MSG_NOT_IN_ATTEMPT) and exc.value.status == 400
    with pytest.raises(services.QuestionNotInAttempt):
        services.attempt_answer(attempt=attempt, user=make_user(), position=1, response="c1")
    services.attempt_submit(attempt=attempt, user=learner)
    with pytest.raises(services.AttemptClosed) as exc:
        services.attempt_answer(attempt=attempt, user=learner, position=1, response="c1")
    assert exc.value.status == 409


def test_time_out_closed_by_job(bank, make_assessment, learner):
    assessment = make_assessment(rows=(("1.1", 1, 1, 2),), time_limit_minutes=10)
    start = timezone.now() - timedelta(minutes=11)
    attempt = services.attempt_start(assessment=assessment, user=learner, now=start)
    item = attempt.items.get(position=1)
    services.attempt_answer(attempt=attempt, user=learner, position=1, response=right_answer(item),
                            now=start + timedelta(minutes=2))
    assert jobs.close_expired_attempts() == 1
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.TIMED_OUT and attempt.score == 50.0
    assert jobs.close_expired_attempts() == 0


def test_time_out_closed_on_access_and_late_answer_refused(bank, make_assessment, learner):
    assessment = make_assessment(rows=(("1.1", 1, 1, 2),), time_limit_minutes=10)
    start = timezone.now() - timedelta(minutes=20)
    attempt = services.attempt_start(assessment=assessment, user=learner, now=start)
    with pytest.raises(services.AttemptClosed):
        services.attempt_answer(attempt=attempt, user=learner, position=1, response="c1")
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.TIMED_OUT
    # starting again gives a new attempt, not the expired one
    fresh = services.attempt_start(assessment=assessment, user=learner)
    assert fresh.pk != attempt.pk


def test_time_out_on_resume(bank, make_assessment, learner):
    assessment = make_assessment(rows=(("1.1", 1, 1, 2),), time_limit_minutes=5, attempts_allowed=1)
    start = timezone.now() - timedelta(minutes=6)
    attempt = services.attempt_start(assessment=assessment, user=learner, now=start)
    assert services.attempt_expire_if_due(attempt) is True
    assert attempt.state == Attempt.State.TIMED_OUT
    with pytest.raises(services.AttemptError, match="hết số lần"):
        services.attempt_start(assessment=assessment, user=learner)


def test_submit_twice_yields_one_result(bank, make_assessment, learner):
    assessment = make_assessment(rows=(("1.1", 1, 1, 2),))
    attempt = services.attempt_start(assessment=assessment, user=learner)
    first, won1 = services.attempt_submit(attempt=attempt, user=learner)
    second, won2 = services.attempt_submit(attempt=attempt, user=learner)
    assert (won1, won2) == (True, False)
    assert first.closed_at == second.closed_at and first.result == second.result


def test_closed_signal_sent_once(bank, make_assessment, learner, django_capture_on_commit_callbacks):
    from quizzes.signals import attempt_closed

    seen = []

    def receiver(sender, attempt, timed_out, **kwargs):
        seen.append((attempt.pk, timed_out))

    attempt_closed.connect(receiver)
    try:
        assessment = make_assessment(rows=(("1.1", 1, 1, 2),))
        attempt = services.attempt_start(assessment=assessment, user=learner)
        with django_capture_on_commit_callbacks(execute=True):
            services.attempt_submit(attempt=attempt, user=learner)
            services.attempt_submit(attempt=attempt, user=learner)
    finally:
        attempt_closed.disconnect(receiver)
    assert seen == [(attempt.pk, False)]


@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_yield_one_result(make_question, make_assessment, make_user):
    for _ in range(2):
        make_question("1.1", level=1)
    learner = make_user()
    assessment = make_assessment(rows=(("1.1", 1, 1, 2),))
    attempt = services.attempt_start(assessment=assessment, user=learner)
    results, barrier = [], threading.Barrier(4)

    def submit():
        from django.db import connections

        barrier.wait()
        try:
            for _ in range(200):
                try:
                    results.append(services.attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk), user=learner)[1])
                    return
                except OperationalError as exc:
                    # The in-memory test database of SQLite uses a shared cache, whose table locks are not retried
                    # by the busy timeout that the file database in settings has: retry as that timeout would.
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
        except Exception as exc:  # noqa: BLE001
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 1, (connection.vendor, results)
    assert results.count(False) == 3
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    assert AttemptQuestion.objects.filter(attempt=attempt, score__isnull=True).count() == 0


def test_deleting_a_question_keeps_the_recorded_attempt(bank, make_assessment, learner):
    from quizzes.models import QuestionVersion

    assessment = make_assessment(rows=(("1.1", 1, 1, 2),))
    attempt = services.attempt_start(assessment=assessment, user=learner)
    item = attempt.items.get(position=1)
    services.attempt_answer(attempt=attempt, user=learner, position=1, response=right_answer(item))
    services.attempt_submit(attempt=attempt, user=learner)
    item.version.question.delete()
    version = QuestionVersion.objects.get(pk=item.version_id)
    assert version.question_id is None and version.data["choices"]
    attempt.refresh_from_db()
    assert attempt.score == 50.0 and attempt.items.count() == 2


def test_start_query_count_does_not_grow_with_questions(make_question, make_assessment, learner,
                                                        django_assert_max_num_queries):
    for _ in range(12):
        make_question("2.5", level=1)
    assessment = make_assessment(rows=(("2.5", 1, 1, 12),))
    with django_assert_max_num_queries(20):
        attempt = services.attempt_start(assessment=assessment, user=learner)
    assert attempt.items.count() == 12


def test_answers_keep_their_history(bank, make_assessment, learner):
    assessment = make_assessment(rows=(("1.1", 1, 1, 2),))
    attempt = services.attempt_start(assessment=assessment, user=learner)
    services.attempt_answer(attempt=attempt, user=learner, position=1, response="c2")
    item = services.attempt_answer(attempt=attempt, user=learner, position=1, response="c1")
    assert item.response == "c1" and [h["response"] for h in item.history] == ["c2", "c1"]
