"""The rule of ``courses.progress``, called without HTTP and (for the pure part) without a database."""

import pytest

from courses import progress as rule
from courses import selectors, services
from courses.models import Enrollment, LessonCompletion
from reporting.queries import course_stats

from .conftest import RIGHT_ANSWERS, check_block_id

CHECK = rule.Requirement(kind=rule.CHECK, block_id="c1", title="Kiểm tra nhanh")
H5P = rule.Requirement(kind=rule.ACTIVITY, block_id="h1", title="Kéo thả")


@pytest.mark.parametrize(
    ("required", "passed", "reached_end", "complete"),
    [
        ([], [], False, False),  # nothing required, not read to the end
        ([], [], True, True),  # nothing required, end reached
        (["c1"], [], True, False),  # reaching the end is not enough with a check
        (["c1"], ["c1"], False, True),  # passing the check is, without pressing anything
        (["c1", "h1"], ["c1"], True, False),  # a required activity too
        (["c1", "h1"], ["h1", "c1", "other"], False, True),
    ],
)
def test_lesson_is_complete(required, passed, reached_end, complete):
    assert rule.lesson_is_complete(required=required, passed=passed, reached_end=reached_end) is complete


def test_lesson_state_lists_what_is_missing_in_order():
    state = rule.lesson_state(requirements=[CHECK, H5P], passed={"h1"})
    assert state.missing == (CHECK,) and not state.complete
    assert rule.lesson_state(requirements=[CHECK, H5P], passed={"h1", "c1"}).complete
    assert rule.lesson_state(requirements=[], passed=set(), reached_end=True).complete


@pytest.mark.parametrize(
    ("sequential", "done", "open_"),
    [
        (False, [False, False, False], [True, True, True]),  # free course: all open
        (True, [False, False, False], [True, False, False]),  # only the first
        (True, [True, False, False], [True, True, False]),
        (True, [True, False, True], [True, True, True]),  # a lesson already complete stays open
    ],
)
def test_lesson_is_open(sequential, done, open_):
    assert [rule.lesson_is_open(sequential=sequential, position=n, done=done) for n in range(3)] == open_


def test_the_same_rule_decides_the_lesson_the_course_my_learning_and_the_reports(build_course, learner, make_user):
    """One lesson without a check (complete at its end), one with (complete when passed): the course page's
    progress, *Học tập của tôi*, the enrolment's completion (what certificates are issued on) and a manager's
    completion numbers agree."""
    national = make_user(is_superuser=True, is_staff=True)

    def reported():
        stat = next(s for s in course_stats(national, None) if s.item.pk == course.pk)
        return stat.enrolled, stat.completed

    tree = build_course(lessons=2, check_in=2)
    course, (first, second) = tree["course"], tree["lessons"]
    services.enrol(user=learner, course=course)
    assert services.complete_lesson(user=learner, lesson=first).lesson_complete
    assert not services.complete_lesson(user=learner, lesson=second).lesson_complete
    progress = selectors.course_progress(user=learner, course=course)
    assert (progress.done, progress.continue_lesson.pk) == (1, second.pk)
    assert selectors.learner_courses(user=learner).in_progress[0].done == 1
    assert Enrollment.objects.get(user=learner).completed_at is None
    assert reported() == (1, 0)

    services.submit_knowledge_check(user=learner, lesson=second, block_id=check_block_id(second),
                                    answers=RIGHT_ANSWERS, token="t")
    assert LessonCompletion.objects.filter(user=learner).count() == 2
    assert Enrollment.objects.get(user=learner).completed_at is not None
    mine = selectors.learner_courses(user=learner)
    assert not mine.in_progress and mine.completed[0].course.pk == course.pk
    assert reported() == (1, 1)


def test_sequential_course_locks_until_the_lesson_before_is_complete(build_course, learner):
    tree = build_course(lessons=3, check_in=2, sequential=True)
    course, lessons = tree["course"], tree["lessons"]
    services.enrol(user=learner, course=course)
    progress = selectors.course_progress(user=learner, course=course)
    assert [progress.status(lesson) for lesson in lessons] == ["current", "locked", "locked"]
    assert progress.blocker(lessons[2]).pk == lessons[1].pk
    with pytest.raises(services.LearningError) as refused:
        services.complete_lesson(user=learner, lesson=lessons[2])
    assert lessons[1].title in str(refused.value.message)

    services.complete_lesson(user=learner, lesson=lessons[0])
    progress = selectors.course_progress(user=learner, course=course)
    assert [progress.status(lesson) for lesson in lessons] == ["done", "current", "locked"]


def test_a_free_course_is_the_default(course_tree):
    assert course_tree["course"].sequential is False


def test_an_editor_finds_the_sequential_switch_on_the_course_page_in_the_admin(client, course_tree, make_user):
    editor = make_user(is_staff=True, is_superuser=True)
    client.force_login(editor)
    html = client.get(f"/admin/pages/{course_tree['course'].pk}/edit/").content.decode()
    assert 'name="sequential"' in html and "học lần lượt" in html.lower()


def test_a_locked_lesson_is_a_clear_page_for_learners_and_the_lesson_in_an_editors_preview(
    client, build_course, make_user, rf
):
    tree = build_course(lessons=2, check_in=0, sequential=True)
    learner = make_user()
    services.enrol(user=learner, course=tree["course"])
    client.force_login(learner)
    response = client.get(tree["lessons"][1].url)
    html = response.content.decode()
    assert response.status_code == 403 and "Bài học này chưa mở" in html and tree["lessons"][0].title in html
    assert 'class="lesson-body"' not in html

    request = rf.get("/")
    request.user = make_user(is_staff=True, is_superuser=True)
    preview = tree["lessons"][1].make_preview_request(request)
    preview.render()
    assert preview.status_code == 200 and "Bài học này chưa mở" not in preview.content.decode()


def test_progress_catch_up_completes_lessons_whose_check_was_passed_before_the_rule(course_tree, learner, make_user):
    """Rows from before issue 15: an enrolled learner passed lesson 2's check, no completion was recorded."""
    from django.core.management import call_command

    from courses.models import KnowledgeCheckSubmission

    lesson = course_tree["lessons"][1]
    services.enrol(user=learner, course=course_tree["course"])
    stranger = make_user()  # passed too, but never enrolled: nothing is recorded for them
    for user, token in ((learner, "old1"), (stranger, "old2")):
        KnowledgeCheckSubmission.objects.create(user=user, lesson=lesson, block_id=check_block_id(lesson), token=token,
                                                answers={}, score=100, passed=True, results=[True, True])
    assert services.progress_catch_up() == 1
    assert list(LessonCompletion.objects.values_list("user_id", "lesson_id")) == [(learner.pk, lesson.pk)]
    call_command("progress_catch_up", stdout=open("/dev/null", "w"))  # again: nothing more
    assert LessonCompletion.objects.count() == 1


@pytest.mark.parametrize("sequential", [False, True])
@pytest.mark.parametrize("enrolled", [False, True])
def test_outline_states_in_one_pass_equal_status_and_blocker_per_lesson(sequential, enrolled):
    """The course page's fast lane reads every lesson's status and blocker at once
    (``CourseProgress.outline_states``); it and ``status``/``blocker`` must follow the rule (done, else locked behind
    the lesson before, else where to continue, else to do) for every pattern of done lessons of a 5-lesson course,
    also with a lesson listed twice."""
    from itertools import product
    from types import SimpleNamespace
    from uuid import uuid4

    lessons = [SimpleNamespace(pk=pk, translation_key=uuid4()) for pk in range(1, 6)]
    course = SimpleNamespace(sequential=sequential)
    for outline in (lessons, [*lessons[:3], lessons[1], *lessons[3:]]):
        for flags in product([False, True], repeat=len(lessons)):
            done = {lesson.translation_key for lesson, flag in zip(lessons, flags, strict=True) if flag}
            progress = selectors.CourseProgress(course=course, lessons=outline, done_keys=done,
                                                enrollment=object() if enrolled else None)
            current = progress.continue_lesson if progress.started else None
            expected = [
                ("done", None) if progress.is_done(lesson)
                else ("locked", outline[progress.position(lesson) - 2]) if not progress.is_open(lesson)
                else ("current", None) if current is not None and current.pk == lesson.pk
                else ("todo", None)
                for lesson in outline
            ]
            assert progress.outline_states() == expected
            assert [(progress.status(lesson), progress.blocker(lesson)) for lesson in outline] == expected
            places = [1, 2, 3, 4, 5] if outline is lessons else [1, 2, 3, 5, 6]
            assert [progress.position(lesson) for lesson in lessons] == places


def test_position_of_a_lesson_outside_the_course_is_none():
    from types import SimpleNamespace

    lessons = [SimpleNamespace(pk=pk, translation_key=pk) for pk in (7, 8)]
    progress = selectors.CourseProgress(course=SimpleNamespace(sequential=True), lessons=lessons)
    assert progress.position(SimpleNamespace(pk=9)) is None
    assert progress.is_open(SimpleNamespace(pk=9)) and progress.neighbours(SimpleNamespace(pk=9)) == (None, None)
    assert progress.neighbours(lessons[1]) == (lessons[0], None)
