"""Issue 17: the signed-in home page and catalogue in the fast lane (``courses/fastpages.py``). A page served from
the shared body plus the learner's parts must be the very page the normal path renders for that learner; a learner
sees their own latest progress at once; a hit costs no SQL and a miss at most 4 queries whatever the number of
courses; the stored entry does not grow with the number of learners."""

import pickle
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses import services
from lms import fastlane, localpages
from quizzes import services as quiz_services

from ..quizzes.conftest import framework, make_assessment, make_question  # noqa: F401 - the fixtures below use them
from .fastlane_helpers import assert_same as _assert_same
from .fastlane_helpers import fast as _fast
from .fastlane_helpers import fast_lane_settings
from .fastlane_helpers import signed_in_client as _client

MAX_QUERIES = 4


@pytest.fixture(autouse=True)
def _fast_lane_on(settings):
    fast_lane_settings(settings)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(captured)


def _key(client, url) -> str:
    request = client.get(url).wsgi_request
    return fastlane.entry_key(request, request.LANGUAGE_CODE)


def _entry(client, url) -> dict:
    return cache.get(_key(client, url))


@pytest.fixture
def courses(build_course):
    first = build_course(lessons=4, check_in=0, module=True, slug="mot", title="Khóa một")
    second = build_course(lessons=3, check_in=0, slug="hai", title="Khóa hai")
    return first, second


@pytest.fixture
def catalogue_url(courses, learner):
    return Client().get(reverse("catalogue")).url


@pytest.fixture
def new_test(request):
    """``make_assessment`` of tests/quizzes (two questions for its default blueprint row made once)."""
    for _ in range(2):
        request.getfixturevalue("make_question")("4.2", level=1)
    return request.getfixturevalue("make_assessment")


@pytest.fixture
def standard_test(new_test):
    return new_test(slug="chuan", title="Kiểm tra chuẩn")


# --- home page ----------------------------------------------------------------------------------------------------


def test_home_is_the_same_page_both_ways_for_every_kind_of_learner(courses, learner, make_user, admin_user,
                                                                     settings, standard_test):
    from lms.organisations.models import PopulationGroup

    first, second = courses
    group = PopulationGroup.objects.get(code="civil-servant")
    standard_test.population_groups.add(group)
    standard_test.save()
    fresh, started, finished, civil = make_user(), make_user(), make_user(), make_user(population_group=group)
    services.enrol(user=learner, course=first["course"])
    services.complete_lesson(user=learner, lesson=first["lessons"][0])
    services.enrol(user=started, course=second["course"])
    services.enrol(user=finished, course=second["course"])
    for lesson in second["lessons"]:
        services.complete_lesson(user=finished, lesson=lesson)
    services.enrol(user=civil, course=first["course"])
    services.enrol(user=admin_user, course=second["course"])
    services.complete_lesson(user=admin_user, lesson=second["lessons"][1])  # not the first: the next is lesson 1
    url = first["home"].url
    pages = {}
    for name, user in [("learner", learner), ("fresh", fresh), ("started", started), ("finished", finished),
                       ("civil", civil), ("manager", admin_user)]:
        pages[name] = _assert_same(_client(user), url, settings).content.decode()
    assert "Đã học 1/4 bài (25%)" in pages["learner"] and "Tiếp tục bài: Bài 2" in pages["learner"]
    assert "Học tiếp từ chỗ bạn dừng" not in pages["fresh"] and "Học tiếp từ chỗ bạn dừng" not in pages["finished"]
    assert "Đã học 0/3 bài (0%)" in pages["started"] and "Tiếp tục bài: Bài 1" in pages["started"]
    assert "Bài kiểm tra chuẩn cho nhóm của bạn" in pages["civil"]
    assert "Bài kiểm tra chuẩn cho nhóm của bạn" not in pages["learner"] and "Kiểm tra chuẩn" in pages["learner"]
    assert "Quản lý" in pages["manager"] and "Đã học 1/3 bài (33%)" in pages["manager"]
    large = _assert_same(_client(learner, textsize="large"), url, settings)
    assert b"text-large" in large.content


def test_english_home_is_the_same_page_both_ways(courses, learner, settings):
    from wagtail.models import Locale

    first, _second = courses
    services.enrol(user=learner, course=first["course"])
    english = Locale.objects.get_or_create(language_code="en")[0]
    for page in (first["home"], first["index"], first["course"], first["module"], *first["lessons"][:2]):
        copy = page.copy_for_translation(english, copy_parents=True, alias=False)
        copy.title = f"EN {copy.title}"
        copy.save_revision().publish()
    page = _assert_same(_client(learner), "/en/", settings).content.decode()
    assert "EN Khóa một" in page and "0 of 2 lessons done (0%)" in page and "Continue: EN Bài 1" in page


def test_another_learner_is_served_from_the_fast_lane_at_once_without_sql(courses, learner, make_user, settings):
    first, second = courses
    url = first["home"].url
    other = make_user()
    services.enrol(user=learner, course=first["course"])
    services.enrol(user=other, course=first["course"])
    assert _client(learner).get(url).get("X-Fast-Lane") != "hit"  # stores the page
    client = _client(other)
    client.get(first["lessons"][0].url)  # their own entry read once, as any page they opened before does
    response, queries = _queries(client, url)
    assert response["X-Fast-Lane"] == "hit"
    assert queries == 0
    _assert_same(client, url, settings, fast_response=response)


def test_learner_sees_own_progress_on_the_home_page_at_once(courses, learner, settings):
    first, second = courses
    url = first["home"].url
    client = _client(learner)
    assert "Học tiếp từ chỗ bạn dừng" not in _fast(client, url).content.decode()
    assert client.post(reverse("course_enrol", args=[first["course"].pk])).status_code == 302
    client.get(first["course"].url)  # shows the enrolment's message
    page = _fast(client, url).content.decode()
    assert "Khóa một" in page and "Đã học 0/4 bài (0%)" in page and "Tiếp tục bài: Bài 1" in page
    assert client.post(reverse("lesson_complete", args=[first["lessons"][0].pk])).status_code == 302
    client.get(first["lessons"][1].url)  # shows the message
    page = _fast(client, url).content.decode()
    assert "Đã học 1/4 bài (25%)" in page and "Tiếp tục bài: Bài 2" in page
    # A lesson opened in the other course (a fast-lane visit, written through into the learner's entry) makes it
    # the course to continue.
    services.enrol(user=learner, course=second["course"])
    _fast(client, second["lessons"][1].url)
    _fast(client, second["lessons"][2].url)
    page = _assert_same(client, url, settings).content.decode()
    assert "Khóa hai" in page and "Đã học 0/3 bài (0%)" in page


def test_home_miss_is_at_most_four_queries_with_few_and_many_courses(courses, learner, make_user, build_course):
    first, second = courses
    url = first["home"].url
    warm = _client(make_user())
    warm.get(url)
    counts = []
    for round_ in range(2):
        if round_:
            for number in range(8):
                extra = build_course(lessons=2, check_in=0, slug=f"them-{number}")
                services.enrol(user=learner, course=extra["course"])
            warm.get(url)  # the shared caches after the publish (another learner)
        client = _client(learner)
        services.enrol(user=learner, course=first["course"])
        services.complete_lesson(user=learner, lesson=first["lessons"][round_])  # a new variant: a miss
        client.get(first["lessons"][3].url)  # a fresh entry of the learner, as after any of their pages
        response, queries = _queries(client, url)
        assert response["X-Fast-Lane"] in ("miss", "variant")  # the learner's new progress: not stored yet
        counts.append(queries)
    assert counts[0] == counts[1] <= MAX_QUERIES, counts


def test_home_entry_does_not_grow_with_learners(build_course, make_user, settings):
    tree = build_course(lessons=6, check_in=0, slug="sau")
    url = tree["home"].url
    lessons = tree["lessons"]

    def learner_with(done):
        user = make_user()
        services.enrol(user=user, course=tree["course"])
        for lesson in done:
            services.complete_lesson(user=user, lesson=lesson)
        client = _client(user)
        _fast(client, url)
        return client

    for count in range(len(lessons)):  # every state of the course once: 0..5 lessons done in order
        client = learner_with(lessons[:count])
    entry = _entry(client, url)
    size = len(pickle.dumps(entry))
    for skipped in range(len(lessons)):  # six more learners, each with their own set of lessons done
        client = learner_with([lesson for n, lesson in enumerate(lessons) if n != skipped])
    entry = _entry(client, url)
    assert len(pickle.dumps(entry)) == size
    assert len(entry["parts"]["home.continue"][1]) == 1  # the one course
    assert len(entry["parts"]["home.progress"][1]) == len(lessons)  # 0/6 … 5/6
    assert len(entry["parts"]["home.next"][1]) == len(lessons)  # the six lessons


def test_standard_tests_follow_the_learner_and_the_bank_at_once(courses, learner, settings, standard_test, new_test):
    first, _second = courses
    url = first["home"].url
    client = _client(learner)
    assert "Kiểm tra chuẩn" in _fast(client, url).content.decode()
    attempt = quiz_services.attempt_start(assessment=standard_test, user=learner)
    response = client.get(url)  # an attempt in progress: the normal path, never the page without it
    assert response["X-Fast-Lane"] != "hit"
    html = response.content.decode()
    assert "Bạn đang làm dở bài này." in html and f"/attempt/{attempt.pk}/" in html
    quiz_services.attempt_submit(attempt=attempt, user=learner)
    assert "Bạn đang làm dở bài này." not in _assert_same(client, url, settings).content.decode()
    new_test(slug="moi", title="Bài kiểm tra mới")  # the bank changes: listed at once
    response = client.get(url)
    assert "Bài kiểm tra mới" in response.content.decode()
    _assert_same(client, url, settings)


def test_a_test_opening_later_is_listed_when_it_opens(courses, learner, new_test, monkeypatch):
    opens = timezone.now() + timedelta(hours=1)
    new_test(slug="sau", title="Mở lúc tám giờ", available_from=opens)
    url = courses[0]["home"].url
    client = _client(learner)
    assert "Mở lúc tám giờ" not in _fast(client, url).content.decode()
    later = opens + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)  # the clock at 8:01 (the tests list reads it per request)
    page = _fast(client, url).content.decode()
    assert "Mở lúc tám giờ" in page


# --- catalogue ----------------------------------------------------------------------------------------------------


def test_catalogue_is_the_same_page_both_ways(catalogue_url, learner, make_user, admin_user, settings, courses):
    services.enrol(user=learner, course=courses[0]["course"])
    for user in (learner, make_user(), admin_user):
        page = _assert_same(_client(user), catalogue_url, settings).content.decode()
        assert "Khóa một" in page and "Khóa hai" in page
    entry = _entry(_client(learner), catalogue_url)
    assert set(entry["parts"]) == {"nav"} and len(entry["parts"]["nav"][1]) == 2  # learner, manager: nothing else
    _assert_same(_client(learner, textsize="large"), catalogue_url, settings)


def test_catalogue_hit_without_sql_and_miss_within_four_queries(catalogue_url, learner, make_user, build_course):
    first, other = _client(learner), _client(make_user())
    other.get("/")  # their own entries read once, as any page they opened before does
    for round_ in range(2):
        if round_:
            for number in range(8):
                build_course(lessons=2, check_in=0, slug=f"them-{number}")
        first.get(catalogue_url)  # the shared caches after the publish
        cache.delete(_key(first, catalogue_url))  # the page not stored yet (nor kept by this process)
        localpages.forget()
        response, queries = _queries(first, catalogue_url)
        assert response["X-Fast-Lane"] == "miss" and queries <= MAX_QUERIES, queries
        response, queries = _queries(other, catalogue_url)
        assert response["X-Fast-Lane"] == "hit" and queries == 0
        assert response.content.decode().count('class="card"') == (2 if not round_ else 10)


def test_catalogue_follows_a_new_topic_at_once_and_filters_take_the_normal_path(catalogue_url, learner):
    from courses.models import Topic

    client = _client(learner)
    assert "Chủ đề mới toanh" not in _fast(client, catalogue_url).content.decode()
    Topic.objects.create(slug="moi-toanh", name="Chủ đề mới toanh")
    assert "Chủ đề mới toanh" in client.get(catalogue_url).content.decode()
    assert "Chủ đề mới toanh" in _fast(client, catalogue_url).content.decode()
    response = client.get(catalogue_url, {"topic": "moi-toanh"})
    assert response.get("X-Fast-Lane") != "hit" and "0 khóa học" in response.content.decode()


# --- nested parts (lms/fastlane.py) -------------------------------------------------------------------------------


def test_nested_parts_are_stored_and_filled_per_inner_variant(rf):
    from django.template import engines

    template = engines["django"].from_string(
        '{% load fastlane %}<p>{% fastpart "outer" course %}[{{ course }}:'
        '{% fastpart "inner" done %}{{ done }}{% endfastpart %}]{% endfastpart %}</p>')
    request = rf.get("/")
    capture = fastlane.Capture()
    request._fastlane_capture = capture
    html = template.render({"request": request, "course": 7, "done": 3})
    assert fastlane.MARK not in capture.parts[-1][3] and capture.parts[-1][3] == "[7:3]"
    body = capture.holes(html)
    assert body.split(fastlane.HOLE) == ["<p>", "part:outer", "</p>"]
    assert capture.holes(capture.marked[1]).split(fastlane.HOLE) == ["[7:", "part:inner", "]"]
    entry = {"body": ["<p>", "part:outer", "</p>"], "charset": "utf-8", "headers": [], "checks": {}, "parts": {
        "outer": (("course",), {(7,): ["[7:", "part:inner", "]"]}),
        "inner": (("done",), {(3,): ["3"], (4,): ["4"]}),
    }}
    later = rf.get("/")
    later.csp_nonce = "n"
    assert fastlane.assemble(later, entry, {"course": 7, "done": 4}).content == b"<p>[7:4]</p>"
    with pytest.raises(KeyError):  # a variant not stored yet: the normal path
        fastlane.assemble(later, entry, {"course": 7, "done": 5})

