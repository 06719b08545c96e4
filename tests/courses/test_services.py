"""Learning rules, called without HTTP: enrolment, knowledge checks, completion, progress."""

import pytest
from django.db import IntegrityError

from courses import selectors, services, visits
from courses.models import Enrollment, KnowledgeCheckSubmission, LessonCompletion
from courses.signals import course_completed

from .conftest import KNOWLEDGE_CHECK, RIGHT_ANSWERS, WRONG_ANSWERS, check_block_id


def test_enrol_is_idempotent(course_tree, learner):
    first, created = services.enrol(user=learner, course=course_tree["course"])
    again, created_again = services.enrol(user=learner, course=course_tree["course"])
    assert created and not created_again
    assert first.pk == again.pk
    assert Enrollment.objects.filter(user=learner).count() == 1


def test_enrol_survives_a_race(course_tree, learner, monkeypatch):
    """Another request inserted the row between get_or_create's SELECT and INSERT."""
    existing = Enrollment.objects.create(user=learner, course=course_tree["course"])

    def racing_get_or_create(**kwargs):
        raise IntegrityError("uniq_enrollment")

    monkeypatch.setattr(Enrollment.objects, "get_or_create", racing_get_or_create)
    enrollment, created = services.enrol(user=learner, course=course_tree["course"])
    assert enrollment.pk == existing.pk and not created


@pytest.mark.parametrize(
    ("answers", "percent"),
    [
        (RIGHT_ANSWERS, 100),
        (WRONG_ANSWERS, 0),
        ({"0": ["1"], "1": ["0"]}, 50),  # multiple choice is all-or-nothing
        ({"0": ["1"], "1": ["0", "1", "2"]}, 50),  # one wrong extra choice spoils it
        ({"0": ["0", "1"], "1": ["0", "1"]}, 50),  # two choices on a single-choice question
        ({"0": ["1"], "1": ["1", "0", "1", "9", "x"]}, 100),  # duplicates and junk ignored
        ({}, 0),
    ],
)
def test_score_check(answers, percent):
    result = services.score_check(KNOWLEDGE_CHECK, answers)
    assert result.percent == percent
    assert result.passed is (percent >= 100)


def test_pass_percent_of_the_block_decides(course_tree):
    result = services.score_check({**KNOWLEDGE_CHECK, "pass_percent": 50}, {"0": ["1"]})
    assert result.percent == 50 and result.passed


def test_passing_the_check_completes_the_lesson_and_reaching_the_end_does_not(course_tree, learner):
    """The rule (issue 15): a lesson with a check is complete when the check is passed, whatever button is pressed;
    pressing "Hoàn thành bài học" before that leaves it incomplete and says what is missing."""
    services.enrol(user=learner, course=course_tree["course"])
    lesson = course_tree["lessons"][1]
    result = services.complete_lesson(user=learner, lesson=lesson)
    assert not result.lesson_complete and [r.kind for r in result.state.missing] == ["check"]
    assert "Kiểm tra nhanh" in str(services.missing_message(lesson=lesson, state=result.state))
    assert not LessonCompletion.objects.filter(user=learner, lesson=lesson).exists()

    block_id = check_block_id(lesson)
    services.submit_knowledge_check(user=learner, lesson=lesson, block_id=block_id, answers=WRONG_ANSWERS, token="a1")
    assert not LessonCompletion.objects.filter(user=learner, lesson=lesson).exists()

    submission, result = services.submit_knowledge_check(
        user=learner, lesson=lesson, block_id=block_id, answers=RIGHT_ANSWERS, token="a2"
    )
    assert result.passed and submission.passed and submission.pass_percent == 100
    assert submission.results == [True, True]
    # Passing the check completed the lesson: no button needed.
    assert LessonCompletion.objects.filter(user=learner, lesson=lesson).count() == 1
    assert selectors.course_progress(user=learner, course=course_tree["course"]).is_done(lesson)
    services.complete_lesson(user=learner, lesson=lesson)  # idempotent
    assert LessonCompletion.objects.filter(user=learner, lesson=lesson).count() == 1


def test_nothing_is_recorded_before_bat_dau_hoc(course_tree, learner):
    """Enrolment is explicit: a learner who did not press "Bắt đầu học" records no answer and no progress."""
    lesson = course_tree["lessons"][1]
    with pytest.raises(services.LearningError) as refused:
        services.submit_knowledge_check(user=learner, lesson=lesson, block_id=check_block_id(lesson),
                                        answers=RIGHT_ANSWERS, token="t")
    assert refused.value.message == services.NOT_ENROLLED
    with pytest.raises(services.LearningError) as refused:
        services.complete_lesson(user=learner, lesson=course_tree["lessons"][0])
    assert refused.value.message == services.NOT_ENROLLED
    assert services.lesson_progress_update(user=learner, lesson=course_tree["lessons"][0], reached_end=True).lesson_created is False
    assert not Enrollment.objects.exists() and not LessonCompletion.objects.exists()
    assert not KnowledgeCheckSubmission.objects.exists()


def test_double_post_with_the_same_token_counts_once(course_tree, learner):
    services.enrol(user=learner, course=course_tree["course"])
    lesson = course_tree["lessons"][1]
    block_id = check_block_id(lesson)
    first, _ = services.submit_knowledge_check(
        user=learner, lesson=lesson, block_id=block_id, answers=WRONG_ANSWERS, token="same"
    )
    second, result = services.submit_knowledge_check(
        user=learner, lesson=lesson, block_id=block_id, answers=RIGHT_ANSWERS, token="same"
    )
    assert first.pk == second.pk and not result.passed
    assert KnowledgeCheckSubmission.objects.filter(user=learner).count() == 1


def test_unknown_block_and_empty_answers_are_refused(course_tree, learner):
    services.enrol(user=learner, course=course_tree["course"])
    lesson = course_tree["lessons"][1]
    with pytest.raises(services.LearningError) as unknown:
        services.submit_knowledge_check(user=learner, lesson=lesson, block_id="nope", answers=RIGHT_ANSWERS, token="t")
    assert unknown.value.message == services.CHECK_NOT_FOUND
    with pytest.raises(services.LearningError) as empty:
        services.submit_knowledge_check(
            user=learner, lesson=lesson, block_id=check_block_id(lesson), answers={}, token="t"
        )
    assert empty.value.message == services.CHECK_NO_ANSWER


def test_progress_and_course_completion(course_tree, learner):
    course, lessons = course_tree["course"], course_tree["lessons"]
    received = []

    def on_completed(sender, **kwargs):
        received.append(kwargs)

    course_completed.connect(on_completed)
    services.enrol(user=learner, course=course)
    try:
        progress = selectors.course_progress(user=learner, course=course)
        assert (progress.done, progress.total, progress.percent) == (0, 3, 0)
        assert progress.next_lesson.pk == lessons[0].pk

        services.complete_lesson(user=learner, lesson=lessons[0])
        progress = selectors.course_progress(user=learner, course=course)
        assert (progress.done, progress.total, progress.percent) == (1, 3, 33)
        assert progress.next_lesson.pk == lessons[1].pk

        services.submit_knowledge_check(
            user=learner, lesson=lessons[1], block_id=check_block_id(lessons[1]), answers=RIGHT_ANSWERS, token="x"
        )
        services.complete_lesson(user=learner, lesson=lessons[1])
        assert not received
        result = services.complete_lesson(user=learner, lesson=lessons[2])
        assert result.course_completed
        services.complete_lesson(user=learner, lesson=lessons[2])
    finally:
        course_completed.disconnect(on_completed)

    progress = selectors.course_progress(user=learner, course=course)
    assert (progress.done, progress.percent, progress.next_lesson) == (3, 100, None)
    assert progress.enrollment.completed_at is not None
    assert len(received) == 1 and received[0]["course"].pk == course.pk and received[0]["user"] == learner


def test_continue_opens_the_first_incomplete_lesson_not_the_last_visited(course_tree, learner):
    """Issue 15: after lesson 1, the learner opened lesson 2, moved on to 3 without passing 2's check: *Tiếp tục*
    pointed at lesson 3 and skipped 2. It opens the first incomplete lesson."""
    course, lessons = course_tree["course"], course_tree["lessons"]
    services.enrol(user=learner, course=course)
    assert selectors.continue_lesson(user=learner, course=course).pk == lessons[0].pk
    services.complete_lesson(user=learner, lesson=lessons[0])
    services.complete_lesson(user=learner, lesson=lessons[1])  # "Bài tiếp theo" without passing its check
    enrollment = Enrollment.objects.get(user=learner)
    services.record_visit(enrollment=enrollment, lesson=lessons[2])
    visits.flush()  # with Redis the visit reaches the database in the next batch (courses/visits.py)
    assert Enrollment.objects.get(user=learner).last_lesson_id == lessons[2].pk
    assert selectors.continue_lesson(user=learner, course=course).pk == lessons[1].pk
    services.complete_lesson(user=learner, lesson=lessons[2])
    assert selectors.continue_lesson(user=learner, course=course).pk == lessons[1].pk


def test_progress_is_kept_across_languages(course_tree, learner):
    """Progress is recorded on the Vietnamese pages; the English translation shows the same progress."""
    from wagtail.models import Locale

    en = Locale.objects.create(language_code="en")
    home_en = course_tree["home"].copy_for_translation(en)
    index_en = course_tree["index"].copy_for_translation(en)
    course_en = course_tree["course"].copy_for_translation(en)
    lessons_en = [lesson.copy_for_translation(en) for lesson in course_tree["lessons"]]
    for page in (home_en, index_en, course_en, *lessons_en):
        page.save_revision().publish()

    assert services.canonical(lessons_en[0]).pk == course_tree["lessons"][0].pk
    services.enrol(user=learner, course=course_en.specific)
    services.complete_lesson(user=learner, lesson=lessons_en[0])
    assert LessonCompletion.objects.get(user=learner).lesson_id == course_tree["lessons"][0].pk
    assert Enrollment.objects.get(user=learner).course_id == course_tree["course"].pk

    progress_en = selectors.course_progress(user=learner, course=course_en.specific)
    assert (progress_en.done, progress_en.total) == (1, 3)
    assert progress_en.next_lesson.pk == lessons_en[1].pk
    # A check answered in English unlocks the Vietnamese lesson too (block ids are shared by translations).
    lesson_en = lessons_en[1].specific
    services.submit_knowledge_check(
        user=learner, lesson=lesson_en, block_id=check_block_id(lesson_en), answers=RIGHT_ANSWERS, token="en"
    )
    services.complete_lesson(user=learner, lesson=course_tree["lessons"][1])
    assert selectors.learner_courses(user=learner, locale=en).in_progress[0].course.pk == course_en.pk


def test_choice_ids_are_the_salted_hmac_they_always_were(settings):
    """The derived key is computed once per secret (issue 17); the ids must not change: a form rendered before
    the change is still answered right after it."""
    from django.utils.crypto import salted_hmac

    for secret in (settings.SECRET_KEY, "another-secret-key-for-this-test-only"):
        settings.SECRET_KEY = secret
        for question, choice in ((0, 0), (3, 7)):
            expected = salted_hmac("courses.knowledge_check", f"tok:blk:{question}:{choice}").hexdigest()[:16]
            assert services.check_choice_id("tok", "blk", question, choice) == expected
