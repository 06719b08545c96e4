"""Issue 17: the signed-in pages in at most 4 SQL queries whatever the course size, with caches that never show a
learner stale progress of their own (``lms.routecache``, ``lms.authcache``, ``courses.learnercache``, the course
outline in ``courses.selectors``)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services
from courses.models import Enrollment

MAX_QUERIES = 4


@pytest.fixture(autouse=True)
def _sessions_as_in_production(settings):
    """Production reads sessions from the cache first (cached_db, with Redis); the suite's default is the database."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # The normal path (read through the response's context): the fast lane, on with Redis, has its own tests
    # (test_fastlane.py, test_fastlane_pages.py).
    settings.FASTLANE_ENABLED = False


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def two_courses(build_course, learner, make_user):
    small = build_course(lessons=3, check_in=0, module=True, slug="nho")
    large = build_course(lessons=12, check_in=0, module=True, slug="lon")
    for tree in (small, large):
        services.enrol(user=learner, course=tree["course"])
        services.complete_lesson(user=learner, lesson=tree["lessons"][0])
    other = make_user()
    for tree in (small, large):  # the other learner's pages warm what is shared of the courses (their cards too)
        services.enrol(user=other, course=tree["course"])
    return small, large, other


def _pages(tree):
    return {
        "lesson": tree["lessons"][-2].url,
        "course": tree["course"].url,
        "home": tree["home"].url if "home" in tree else "/",
        "catalogue": reverse("catalogue"),
        "mine": reverse("my_learning"),
    }


@pytest.mark.parametrize("page", ["lesson", "course", "home", "mine"])
def test_signed_in_page_queries_are_few_and_do_not_grow_with_the_course(client, two_courses, page, learner,
                                                                         django_assert_max_num_queries):
    small, large, other = two_courses
    client.force_login(learner)
    counts = {}
    for tree in (small, large):
        url = _pages(tree)[page]
        warm = client.__class__()
        warm.force_login(other)
        warm.get(url)  # another learner opened it first: what is shared is cached
        client.get(tree["lessons"][-1].url)  # the measured lesson is a new visit, not the last one opened
        counts[tree["course"].slug] = _queries(client, url)
    assert counts["nho"] == counts["lon"], counts
    client.get(large["lessons"][0].url)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(_pages(large)[page])


def test_catalogue_signed_in_queries_do_not_grow(client, two_courses, learner, build_course,
                                                 django_assert_max_num_queries):
    client.force_login(learner)
    url = client.get(reverse("catalogue")).url
    client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url).status_code == 200
    for number in range(3):
        build_course(lessons=2, check_in=0, slug=f"them-{number}")
    client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url).status_code == 200


def test_learner_sees_their_completion_at_once(client, build_course, learner):
    """Completing a lesson shows at once on the lesson, the course page and Học tập của tôi, although each of them
    was read (and cached) just before."""
    tree = build_course(lessons=3, check_in=0, module=True)
    services.enrol(user=learner, course=tree["course"])
    client.force_login(learner)
    lesson = tree["lessons"][1]
    for url in (lesson.url, tree["course"].url, reverse("my_learning")):
        client.get(url)
    before = client.get(tree["course"].url).context["progress"].done
    response = client.post(reverse("lesson_complete", args=[lesson.pk]))
    assert response.status_code == 302
    assert client.get(lesson.url).context["is_done"] is True
    assert client.get(tree["course"].url).context["progress"].done == before + 1
    mine = client.get(reverse("my_learning")).context
    progress = next(p for p in mine["in_progress"] + mine["completed"] if p.course.pk == tree["course"].pk)
    assert progress.done == before + 1


def test_knowledge_check_result_shows_at_once(client, build_course, learner):
    from tests.courses.conftest import check_block_id

    tree = build_course(lessons=2, check_in=1)
    lesson = tree["lessons"][0]
    services.enrol(user=learner, course=tree["course"])
    client.force_login(learner)
    assert client.get(lesson.url).context["check_submissions"] == {}
    block_id = check_block_id(lesson)
    services.submit_knowledge_check(user=learner, lesson=lesson, block_id=block_id, answers={"0": ["0"]}, token="t1")
    assert block_id in client.get(lesson.url).context["check_submissions"]


def test_enrolment_changed_elsewhere_is_seen_at_once(client, build_course, learner):
    """A row changed outside the learner's requests (an admin, a worker) is seen on their next page."""
    tree = build_course(lessons=2, check_in=0)
    services.enrol(user=learner, course=tree["course"])
    client.force_login(learner)
    assert client.get(tree["course"].url).context["progress"].enrolled
    Enrollment.objects.get(user=learner).delete()
    assert not client.get(tree["course"].url).context["progress"].enrolled


def test_a_publish_shows_a_new_lesson_to_a_signed_in_learner_at_once(client, build_course, learner):
    from courses.models import LessonPage

    tree = build_course(lessons=2, check_in=0)
    client.force_login(learner)
    assert client.get(tree["course"].url).context["progress"].total == 2
    client.get(tree["lessons"][0].url)
    lesson = tree["course"].add_child(instance=LessonPage(title="Bài mới", slug="bai-moi"))
    lesson.save_revision().publish()
    assert client.get(tree["course"].url).context["progress"].total == 3
    assert client.get(tree["lessons"][0].url).context["progress"].total == 3


def test_a_changed_permission_is_seen_at_once(client, learner):
    from django.contrib.auth.models import Permission

    client.force_login(learner)
    client.get("/")
    permission = Permission.objects.get(codename="view_unit_reports", content_type__app_label="accounts")
    assert not client.get("/").wsgi_request.user.has_perm("accounts.view_unit_reports")
    learner.user_permissions.add(permission)
    assert client.get("/").wsgi_request.user.has_perm("accounts.view_unit_reports")


def test_progress_read_in_a_transaction_that_rolls_back_is_not_kept(client, build_course, learner):
    from django.db import transaction

    from courses import selectors
    from courses.models import LessonCompletion

    tree = build_course(lessons=2, check_in=0)
    services.enrol(user=learner, course=tree["course"])
    client.force_login(learner)
    assert client.get(tree["course"].url).context["progress"].done == 0
    with pytest.raises(RuntimeError), transaction.atomic():
        LessonCompletion.objects.create(user=learner, lesson=tree["lessons"][0])
        assert selectors.course_progress(user=learner, course=tree["course"]).done == 1
        raise RuntimeError("rolled back")
    assert client.get(tree["course"].url).context["progress"].done == 0


def test_catalogue_filter_lists_follow_an_edit_at_once(client, build_course, learner):
    from courses.models import Topic

    build_course(lessons=1, check_in=0)
    client.force_login(learner)
    url = client.get(reverse("catalogue")).url
    assert "Chủ đề mới toanh" not in client.get(url).content.decode()
    Topic.objects.create(slug="moi-toanh", name="Chủ đề mới toanh")
    assert "Chủ đề mới toanh" in client.get(url).content.decode()
    response = client.get(url, {"topic": "moi-toanh"})
    assert response.context["filter_form"].cleaned_filters()["topic"].slug == "moi-toanh"


def test_outside_a_request_every_read_checks_the_version(build_course, learner):
    """A task worker has no request: a change made by another process (which starts a new version) is seen at
    the next read, never hidden by what this thread read before."""
    from django.core.cache import cache
    from django.utils import timezone

    from courses import learnercache

    tree = build_course(lessons=1, check_in=0)
    services.enrol(user=learner, course=tree["course"])
    key = tree["course"].translation_key
    assert learnercache.records(learner).enrollments[key].completed_at is None
    Enrollment.objects.filter(user=learner).update(completed_at=timezone.now())  # another process's write…
    cache.set(learnercache.version_key(learner.pk), "another-process")  # …and its forget()
    assert learnercache.records(learner).enrollments[key].completed_at is not None
