"""Issue 17: the signed-in course page and *Học tập của tôi* in the fast lane (``courses/fastlane_pages.py``,
``lms.fastlane.Rows``). A hit must be the very page the normal path renders for that learner, cost no SQL, follow
the learner's own progress at once, and what is stored must be bounded by rows × states, never by learners."""

import datetime as dt
import itertools
import pickle

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from courses import services
from courses.models import Enrollment
from lms import fastlane, frontdoor, localpages

from .fastlane_helpers import assert_same as _assert_same
from .fastlane_helpers import fast as _fast
from .fastlane_helpers import fast_lane_settings
from .fastlane_helpers import normal as _normal
from .fastlane_helpers import signed_in_client as _client
from .fastlane_helpers import slow as _slow

MAX_QUERIES = 4


@pytest.fixture(autouse=True)
def _fast_lane_on(settings):
    fast_lane_settings(settings)
    localpages.forget()  # this process's copies of stored pages: each test starts without any
    with translation.override("vi"):  # reverse() in the default language, whatever a request left active before
        yield
    localpages.forget()


def _key(request) -> str:
    return fastlane.entry_key(request, frontdoor.language_of(request))


def _enrolled(make_user, course, done=()):
    user = make_user()
    services.enrol(user=user, course=course["course"])
    for number in done:
        services.complete_lesson(user=user, lesson=course["lessons"][number])
    return user


def _no_sql_hit(client, url, warm_up: str) -> str:
    """A hit for a learner whose own caches are warm (``warm_up``, another page, read first), with no SQL."""
    client.get(warm_up)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.get("X-Fast-Lane") == "hit", response.get("X-Fast-Lane")
    assert len(captured) == 0, [q["sql"] for q in captured.captured_queries]
    return response.content.decode()


# --- course page ---------------------------------------------------------------------------------------------------


@pytest.fixture
def course(build_course):
    return build_course(lessons=4, check_in=0, module=True)


def test_course_page_of_another_learner_in_the_same_state_is_a_hit_without_sql(course, make_user, settings):
    url = course["course"].url
    first, second = (_enrolled(make_user, course, done=(0,)) for _ in range(2))
    assert _client(first).get(url).get("X-Fast-Lane") == "miss"  # stored by the normal path
    page = _no_sql_hit(_client(second), url, course["lessons"][3].url)  # the second learner's first course page
    assert "Đã học 1/4 bài (25%)" in page and "Tiếp tục bài: Bài 2" in page
    _assert_same(_client(second), url, settings)


def test_course_page_is_the_same_page_both_ways_for_every_kind_of_learner(course, make_user, admin_user, settings,
                                                                           build_course):
    seq = build_course(lessons=3, check_in=0, slug="tuan-tu", sequential=True)
    services.enrol(user=admin_user, course=course["course"])
    cases = [
        (make_user(), course),  # not enrolled: Bắt đầu học
        (_enrolled(make_user, course), course),  # enrolled, nothing done
        (_enrolled(make_user, course, done=(0, 1)), course),
        (_enrolled(make_user, course, done=(2,)), course),  # done out of order: lesson 1 to continue
        (admin_user, course),  # the Quản lý link
        (_enrolled(make_user, seq, done=(0,)), seq),  # sequential: lesson 3 locked behind lesson 2
    ]
    for user, tree in cases:
        _assert_same(_client(user), tree["course"].url, settings)
    page = _assert_same(_client(cases[-1][0]), seq["course"].url, settings).content.decode()
    assert "Chưa mở: hoàn thành bài “Bài 2: Nhận biết lừa đảo” trước" in page
    page = _assert_same(_client(cases[2][0], textsize="large"), course["course"].url, settings).content.decode()
    assert "text-large" in page


def test_course_page_shows_the_learners_latest_progress_at_once(course, learner, settings):
    client = _client(learner)
    url = course["course"].url
    before = _fast(client, url).content.decode()
    assert "Bắt đầu học" in before and "Đã học" not in before
    client.post(reverse("course_enrol", args=[course["course"].pk]))
    client.get(course["lessons"][0].url)  # shows the message: the normal path
    enrolled = _fast(client, url).content.decode()
    assert "Đã học 0/4 bài (0%)" in enrolled and "Tiếp tục bài: Bài 1" in enrolled
    client.post(reverse("lesson_complete", args=[course["lessons"][0].pk]))
    client.get(course["lessons"][1].url)
    after = _fast(client, url).content.decode()
    assert "Đã học 1/4 bài (25%)" in after and "Tiếp tục bài: Bài 2" in after
    _assert_same(client, url, settings)
    Enrollment.objects.filter(user=learner).delete()  # unenrolled (by an administrator)
    response = client.get(url)
    assert "Bắt đầu học" in response.content.decode()
    assert _normal(response.content.decode()) == _normal(_slow(client, url, settings).content.decode())


def test_completed_course_is_never_served_fast(course, make_user):
    """The learner's own certificate is on the page: the normal path, always."""
    done = _enrolled(make_user, course, done=range(4))
    other = _enrolled(make_user, course, done=range(4))
    url = course["course"].url
    for user in (done, other, done):
        assert _client(user).get(url).get("X-Fast-Lane") != "hit"


@pytest.mark.parametrize("page", ["course", "mine"])
def test_a_miss_costs_at_most_four_queries_with_5_and_50_lessons(page, build_course, make_user):
    counts = {}
    for lessons in (5, 50):
        tree = build_course(lessons=lessons, check_in=0, module=True, slug=f"khoa-{lessons}")
        url = tree["course"].url if page == "course" else reverse("my_learning")
        _client(_enrolled(make_user, tree, done=(0, 1))).get(url)  # shared caches warm
        learner = _enrolled(make_user, tree, done=(0,))
        client = _client(learner)
        client.get(tree["lessons"][2].url)  # the learner's own entry read, as on any page before
        cache.delete(_key(client.get(url).wsgi_request))  # no stored page (as after a publish)
        localpages.forget()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.get("X-Fast-Lane") == "miss" and response.status_code == 200
        counts[lessons] = len(captured)
        assert cache.get(_key(response.wsgi_request)) is not None  # stored by this miss
    assert counts[5] == counts[50] <= MAX_QUERIES, counts


def test_course_page_entry_does_not_grow_with_learners_of_distinct_progress(build_course, make_user):
    """32 learners, each with their own set of lessons done (every subset of 5 but all): what is stored stops
    growing once each lesson has been seen in each of its states."""
    tree = build_course(lessons=5, check_in=0, module=True)
    url = tree["course"].url
    subsets = sorted((s for n in range(5) for s in itertools.combinations(range(5), n)),
                     key=lambda s: (s not in {tuple(range(len(s))), (1, 2, 3, 4)}, len(s)))  # the prefixes first
    _fast(_client(make_user()), url)  # not enrolled
    sizes = []
    for done in subsets:
        _fast(_client(_enrolled(make_user, tree, done=done)), url)
        sizes.append(len(pickle.dumps(cache.get(_key(_client(make_user()).get(url).wsgi_request)))))
    assert len(subsets) == 31 and len(set(sizes[6:])) == 1, sizes  # 25 learners of new progress added nothing
    entry = cache.get(_key(_client(make_user()).get(url).wsgi_request))
    rows = entry["rows"]["course.lessons"][1]
    assert len(rows) <= 5 * 3 < len(subsets)  # done, current, todo per lesson


# --- Học tập của tôi ---------------------------------------------------------------------------------------------


@pytest.fixture
def courses(build_course):
    return [build_course(lessons=3, check_in=0, slug=f"khoa-{n}", title=f"Khóa {n}") for n in range(3)]


def test_my_learning_of_another_learner_is_a_hit_in_their_own_order(courses, make_user, settings):
    url = reverse("my_learning")
    first = _enrolled(make_user, courses[0], done=(0,))
    services.enrol(user=first, course=courses[1]["course"])
    services.enrol(user=first, course=courses[2]["course"])
    for number in range(3):
        services.complete_lesson(user=first, lesson=courses[2]["lessons"][number])
    assert _client(first).get(url).get("X-Fast-Lane") == "miss"
    second = _enrolled(make_user, courses[2], done=range(3))  # the same rows, another order
    services.enrol(user=second, course=courses[1]["course"])
    services.enrol(user=second, course=courses[0]["course"])
    services.complete_lesson(user=second, lesson=courses[0]["lessons"][0])
    page = _no_sql_hit(_client(second), url, courses[0]["lessons"][1].url)
    assert page.index("Khóa 0") < page.index("Khóa 1") < page.index("Khóa 2")  # most recent activity first
    first_page = _fast(_client(first), url).content.decode()
    assert first_page.index("Khóa 1") < first_page.index("Khóa 0") < first_page.index("Khóa 2")
    _assert_same(_client(second), url, settings)
    _assert_same(_client(first), url, settings)


def test_my_learning_is_the_same_page_both_ways(courses, make_user, learner, settings):
    url = reverse("my_learning")
    nothing = make_user()
    done_out_of_order = _enrolled(make_user, courses[0], done=(1,))
    for user in (nothing, done_out_of_order, _enrolled(make_user, courses[1], done=range(3))):
        page = _assert_same(_client(user), url, settings).content.decode()
    assert "Hoàn thành ngày" in page
    english = _assert_same(_client(done_out_of_order, django_language="en"), "/en" + url, settings)
    assert english.status_code == 200


def test_my_learning_shows_the_learners_latest_progress_at_once(courses, learner, settings):
    client = _client(learner)
    url = reverse("my_learning")
    assert "Bạn chưa bắt đầu khóa học nào" in _fast(client, url).content.decode()
    client.post(reverse("course_enrol", args=[courses[0]["course"].pk]))
    client.get(url)  # shows the message: the normal path
    page = _fast(client, url).content.decode()
    assert "Khóa 0" in page and "Đã học 0/3 bài (0%)" in page
    client.post(reverse("lesson_complete", args=[courses[0]["lessons"][0].pk]))
    client.get(url)
    page = _fast(client, url).content.decode()
    assert "Đã học 1/3 bài (33%)" in page and "Tiếp tục bài: Bài 2" in page
    for lesson in courses[0]["lessons"][1:]:
        client.post(reverse("lesson_complete", args=[lesson.pk]))
    client.get(url)
    page = _fast(client, url).content.decode()
    assert "Bạn chưa bắt đầu khóa học nào" in page and "Hoàn thành ngày" in page
    Enrollment.objects.filter(user=learner).delete()
    page = _fast(client, url).content.decode()
    assert "Khóa 0" not in page
    _assert_same(client, url, settings)


# --- Học tập của tôi with requirements (courses/requiredcache.py) ---------------------------------------------


@pytest.fixture
def required(courses, tree, groups, standard_test):
    """Course 0 and the standard test required of the civil servants of province A, due in 30 days."""
    from django.contrib.contenttypes.models import ContentType

    from lms.organisations.models import Requirement

    due = timezone.localdate() + dt.timedelta(days=30)
    made = []
    for target in (courses[0]["course"], standard_test):
        requirement = Requirement.objects.create(
            title=target.title, content_type=ContentType.objects.get_for_model(target), object_id=target.pk,
            unit=tree["P-A"], deadline=due)
        requirement.population_groups.set([groups["civil-servant"]])
        made.append(requirement)
    return made


def _required_section(page: str) -> str:
    return page.split('id="required-title"')[1].split("</section>")[0]


def test_my_learning_with_requirements_is_a_hit_without_sql(courses, required, person, tree, settings):
    url = reverse("my_learning")
    first = person(tree["A-A1-X"])
    _fast(_client(first), url)
    second = person(tree["S-A2"])
    page = _no_sql_hit(_client(second), url, url)  # their own caches read once (their first page)
    section = _required_section(page)
    assert "Khóa 0" in section and "Bài kiểm tra chuẩn CBCCVC" in section
    assert section.count("Cần hoàn thành trước hạn") == 2 and "Đã học 0/3 bài (0%)" in section
    _assert_same(_client(second), url, settings)
    outside = person(tree["C-B1"])  # province B: nothing required
    assert "Hiện chưa có khóa học hay bài kiểm tra nào" in _assert_same(_client(outside), url, settings).content.decode()


def test_my_learning_shows_the_learners_latest_requirements_at_once(courses, required, person, tree,
                                                                    standard_test, record_attempt, settings):
    from lms.organisations.roster import place_fields

    url = reverse("my_learning")
    learner = person(tree["A-A1-X"])
    client = _client(learner)
    _fast(client, url)
    record_attempt(learner, standard_test, 90)  # the required test passed
    section = _required_section(client.get(url).content.decode())
    assert section.count("Cần hoàn thành trước hạn") == 1 and section.count("✓ Xong") == 1
    _assert_same(client, url, settings)
    services.enrol(user=learner, course=courses[0]["course"])
    services.complete_lesson(user=learner, lesson=courses[0]["lessons"][0])
    section = _required_section(client.get(url).content.decode())
    assert "Đã học 1/3 bài (33%)" in section
    for lesson in courses[0]["lessons"][1:]:  # the required course completed
        services.complete_lesson(user=learner, lesson=lesson)
    section = _required_section(client.get(url).content.decode())
    assert section.count("✓ Xong") == 2 and "Cần hoàn thành" not in section
    _assert_same(client, url, settings)
    required[1].deadline = timezone.localdate() + dt.timedelta(days=3)  # a requirement edited
    required[1].save()
    assert (timezone.localdate() + dt.timedelta(days=3)).isoformat() in client.get(url).content.decode()
    required[0].delete()  # a requirement deleted
    section = _required_section(client.get(url).content.decode())
    assert "Khóa 0" not in section and section.count("✓ Xong") == 1
    _assert_same(client, url, settings)
    for field, value in place_fields(tree["C-B1"]).items():  # moved to province B: nothing required any more
        setattr(learner, field, value)
    learner.save()
    assert "Hiện chưa có khóa học hay bài kiểm tra nào" in _required_section(client.get(url).content.decode())
    _assert_same(client, url, settings)


def test_my_learning_shows_a_deadline_passing_at_midnight(courses, required, person, tree, monkeypatch, settings):
    url = reverse("my_learning")
    client = _client(person(tree["A-A1-X"]))
    section = _required_section(_fast(client, url).content.decode())
    assert "Quá hạn" not in section
    after = required[0].deadline + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: after)
    section = _required_section(client.get(url).content.decode())
    assert section.count("Quá hạn") == 2
    _assert_same(client, url, settings)


def test_my_learning_miss_with_requirements_costs_at_most_four_queries(courses, required, person, tree):
    url = reverse("my_learning")
    _client(person(tree["A-A1-X"])).get(url)  # shared caches warm
    learner = person(tree["A-A1-X"])
    services.enrol(user=learner, course=courses[0]["course"])
    client = _client(learner)
    cache.delete(_key(client.get(url).wsgi_request))  # the learner's own entries read; no stored page
    localpages.forget()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.get("X-Fast-Lane") == "miss" and response.status_code == 200
    assert "Khóa 0" in _required_section(response.content.decode())
    assert len(captured) <= MAX_QUERIES, [q["sql"] for q in captured.captured_queries]
    assert cache.get(_key(response.wsgi_request)) is not None


def test_my_learning_entry_with_requirements_does_not_grow_with_learners(courses, required, person, tree,
                                                                         standard_test, record_attempt):
    """16 learners, each with their own progress in the required course and another (0–3 lessons of each): what is
    stored stops growing once each row has been seen in each of its states."""
    url = reverse("my_learning")
    combos = sorted(itertools.product(range(4), range(4)), key=lambda c: c[0] != c[1])  # the diagonal first
    sizes = []
    for number, (first, second) in enumerate(combos):
        learner = person(tree["A-A1-X"])
        for tree_, done in ((courses[0], first), (courses[1], second)):
            services.enrol(user=learner, course=tree_["course"])
            for lesson in tree_["lessons"][:done]:
                services.complete_lesson(user=learner, lesson=lesson)
        if number < 2:
            record_attempt(learner, standard_test, 90 if number else 10)
        client = _client(learner)
        _fast(client, url)
        sizes.append(len(pickle.dumps(cache.get(_key(client.get(url).wsgi_request)))))
    assert len(combos) == 16 and len(set(sizes[4:])) == 1, sizes
    rows = cache.get(_key(client.get(url).wsgi_request))["rows"]["learning.required"][1]
    assert len(rows) <= 4 + 2  # the course by lessons done (0–3), the test pending or done


def test_my_learning_entry_does_not_grow_with_learners_of_distinct_progress(courses, make_user):
    url = reverse("my_learning")
    tree = courses[0]
    subsets = sorted((s for n in range(3) for s in itertools.combinations(range(3), n)),
                     key=lambda s: (s != tuple(range(len(s))), len(s)))
    sizes = []
    for done in subsets:
        client = _client(_enrolled(make_user, tree, done=done))
        _fast(client, url)
        sizes.append(len(pickle.dumps(cache.get(_key(client.get(url).wsgi_request)))))
    assert len(set(sizes[3:])) == 1, sizes
    rows = cache.get(_key(client.get(url).wsgi_request))["rows"]["learning.in_progress"][1]
    assert len(rows) <= 2 * 3 + 1  # card by lessons done (0–2), lesson to continue (3)


# --- the rows mechanism ------------------------------------------------------------------------------------------


def test_rows_hold_only_rows(rf):
    from django.template import Context, Template, TemplateSyntaxError

    template = Template('{% load fastlane %}{% fastrows "x" %}{% for n in items %} {% fastrow n %}<i>{{ n }}</i>'
                        '{% endfastrow %} {% endfor %}{% endfastrows %}')
    assert template.render(Context({"items": [1, 2]})) == "<i>1</i><i>2</i>"
    bad = Template('{% load fastlane %}{% fastrows "x" %}{% for n in items %}<b>{% fastrow n %}{% endfastrow %}'
                   '{% endfor %}{% endfastrows %}')
    with pytest.raises(TemplateSyntaxError):
        bad.render(Context({"items": [1]}))


def test_rows_stored_per_row_and_served_in_the_handlers_order(rf):
    from django.http import HttpResponse
    from django.template import Context, Template

    template = Template('{% load fastlane %}<ul>{% fastrows "r" %}{% for n in items %}{% fastrow n.id n.done %}'
                        '<li>{{ n.id }}{% if n.done %}✓{% endif %}</li>{% endfastrow %}{% endfor %}{% endfastrows %}'
                        '</ul>')
    rows = [{"id": 1, "done": True}, {"id": 2, "done": False}]
    request = rf.get("/")
    request.user = None
    request._fastlane_capture = fastlane.Capture()
    request._fastlane_kind = ("test-rows", {})
    marked = template.render(Context({"items": rows, "request": request}))
    fastlane.register("test-rows", lambda request, user, data: (
        {"r": [[{"n.id": row["id"], "n.done": row["done"]} for row in rows]]}, None))
    response = HttpResponse(fastlane.Rows.restore(request._fastlane_capture, marked))
    assert response.content.decode() == "<ul><li>1✓</li><li>2</li></ul>"
    fastlane.store(request, response, marked, key="test-rows", generation=1, old=None)
    entry = cache.get("test-rows")
    assert entry["rows"]["r"] == (("n.id", "n.done"), {(1, True): ["<li>1✓</li>"], (2, False): ["<li>2</li>"]})
    later = rf.get("/")
    later.csp_nonce = "n"
    served = fastlane.assemble(later, entry, {"r": [[{"n.id": 2, "n.done": False}, {"n.id": 1, "n.done": True}]]})
    assert served.content.decode() == "<ul><li>2</li><li>1✓</li></ul>"
    assert fastlane.assemble(later, entry, {"r": [[]]}).content.decode() == "<ul></ul>"
    with pytest.raises(KeyError):  # a row not stored yet: the normal path
        fastlane.assemble(later, entry, {"r": [[{"n.id": 2, "n.done": True}]]})


def test_rows_of_a_part_not_shown_to_the_next_learner_stay_stored(courses, make_user):
    """A learner with no course stores the page without rows: the rows stored before are kept for the others."""
    url = reverse("my_learning")
    _fast(_client(_enrolled(make_user, courses[0], done=(0,))), url)
    _fast(_client(make_user()), url)  # nothing in progress: the part's other variant, no rows in it
    entry = cache.get(_key(_client(make_user()).get(url).wsgi_request))
    assert len(entry["rows"]["learning.in_progress"][1]) == 2
    page = _no_sql_hit(_client(_enrolled(make_user, courses[0], done=(0,))), url, courses[0]["lessons"][2].url)
    assert "Đã học 1/3 bài (33%)" in page


def test_a_part_inside_a_row_is_not_stored(rf):
    from django.http import HttpResponse
    from django.template import Context, Template

    template = Template('{% load fastlane %}{% fastrows "r" %}{% for n in items %}{% fastrow n %}'
                        '{% fastpart "p" n %}{{ n }}{% endfastpart %}{% endfastrow %}{% endfor %}{% endfastrows %}')
    request = rf.get("/")
    request.user = None
    request._fastlane_capture = fastlane.Capture()
    request._fastlane_kind = ("test-part-in-row", {})
    marked = template.render(Context({"items": [1], "request": request}))
    fastlane.register("test-part-in-row", lambda request, user, data: ({"n": 1, "r": [[{"n": 1}]]}, None))
    response = HttpResponse(fastlane.Rows.restore(request._fastlane_capture, marked))
    assert fastlane.store(request, response, marked, key="test-part-in-row", generation=1, old=None) is None
    assert cache.get("test-part-in-row") is None


def test_my_learning_follows_a_requirements_groups_at_once(courses, required, person, tree, groups, settings):
    url = reverse("my_learning")
    client = _client(person(tree["A-A1-X"]))  # a civil servant
    assert "Khóa 0" in _required_section(_fast(client, url).content.decode())
    required[0].population_groups.set([groups["student"]])  # the course now required of students only
    section = _required_section(client.get(url).content.decode())
    assert "Khóa 0" not in section and "Bài kiểm tra chuẩn CBCCVC" in section
    _assert_same(client, url, settings)


def test_my_learning_follows_a_test_passed_by_the_closes_update(courses, required, person, tree, standard_test,
                                                                 record_attempt, settings):
    """``quizzes.services.attempt_close`` writes the result with a conditional ``update()`` (no ``post_save``) and
    sends ``attempt_scored``: the learner's requirements follow that too."""
    from quizzes.models import Attempt
    from quizzes.signals import attempt_scored

    url = reverse("my_learning")
    learner = person(tree["A-A1-X"])
    attempt = record_attempt(learner, standard_test, 10)  # failed
    client = _client(learner)
    assert _required_section(_fast(client, url).content.decode()).count("✓ Xong") == 0
    Attempt.objects.filter(pk=attempt.pk).update(score=90, passed=True)  # as the close does
    attempt_scored.send(sender=Attempt, attempt_id=attempt.pk, user_id=learner.pk)
    assert _required_section(client.get(url).content.decode()).count("✓ Xong") == 1
    _assert_same(client, url, settings)
