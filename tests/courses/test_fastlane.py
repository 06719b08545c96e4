"""Issue 17: the fast lane (``lms/fastlane.py``, ``courses/fastlane.py``). A signed-in lesson served from one shared
body plus the learner's parts must be the very page the normal path renders for that learner, with the same
headers; it falls back to the normal path whenever it cannot be sure; visits are batched without being lost."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from courses import learnercache, services, visits
from courses.models import Enrollment, KnowledgeCheckSubmission

from .conftest import RIGHT_ANSWERS, WRONG_ANSWERS
from .fastlane_helpers import assert_same as _assert_same
from .fastlane_helpers import fast as _fast
from .fastlane_helpers import fast_lane_settings
from .fastlane_helpers import slow as _slow


@pytest.fixture(autouse=True)
def _fast_lane_on(settings):
    fast_lane_settings(settings)


@pytest.fixture(autouse=True)
def fixed_tokens(monkeypatch):
    """Knowledge-check tokens drawn the same on both paths, so that the choices' ids and order can be compared."""
    token = uuid.UUID("12345678123456781234567812345678")
    monkeypatch.setattr("courses.blocks.uuid4", lambda: token)
    monkeypatch.setattr("lms.fastlane.new_check_token", lambda: token.hex)


@pytest.fixture
def course(build_course):
    return build_course(lessons=4, check_in=3, module=True)


@pytest.fixture
def signed_in(learner):
    client = Client()
    client.force_login(learner)
    return client


def test_lesson_is_the_same_page_both_ways_for_every_kind_of_learner(course, learner, make_user, settings,
                                                                       build_course, admin_user):
    lessons = course["lessons"]
    seq = build_course(lessons=3, check_in=0, slug="tuan-tu", sequential=True)
    done_one, fresh, reader, manager = learner, make_user(), make_user(), admin_user
    for user in (done_one, fresh, manager):
        services.enrol(user=user, course=course["course"])
    services.complete_lesson(user=done_one, lesson=lessons[0])
    services.complete_lesson(user=done_one, lesson=lessons[1])
    services.enrol(user=fresh, course=seq["course"])
    cases = [
        (done_one, lessons[0].url),  # a lesson done
        (done_one, lessons[2].url),  # the lesson with the check, nothing answered yet
        (done_one, lessons[3].url),  # the last lesson
        (fresh, lessons[1].url),  # enrolled, nothing done
        (reader, lessons[1].url),  # not enrolled: reading, the Bắt đầu học callout
        (reader, lessons[2].url),  # not enrolled, a check
        (manager, lessons[1].url),  # the Quản lý link
        (fresh, seq["lessons"][0].url),  # sequential course: the next lesson locked
    ]
    for user, url in cases:
        client = Client()
        client.force_login(user)
        _assert_same(client, url, settings)
    large = Client()
    large.force_login(done_one)
    large.cookies["textsize"] = "large"
    page = _assert_same(large, lessons[1].url, settings)
    assert b"text-large" in page.content


def test_english_lesson_is_the_same_page_both_ways(course, learner, settings):
    from wagtail.models import Locale

    services.enrol(user=learner, course=course["course"])
    english = Locale.objects.get_or_create(language_code="en")[0]
    translated = {}
    for page in (course["home"], course["index"], course["course"], course["module"], *course["lessons"]):
        copy = page.copy_for_translation(english, copy_parents=True, alias=False)
        copy.save_revision().publish()
        translated[page.pk] = copy.specific
    client = Client()
    client.force_login(learner)
    url = translated[course["lessons"][1].pk].url
    assert url.startswith("/en/")
    _assert_same(client, url, settings)


def test_check_form_is_drawn_anew_for_every_response(course, signed_in, monkeypatch):
    monkeypatch.setattr("lms.fastlane.new_check_token", lambda: uuid.uuid4().hex)
    url = course["lessons"][2].url
    first = _fast(signed_in, url).content.decode()
    second = _fast(signed_in, url).content.decode()
    tokens = [re.findall(r'name="token" value="([0-9a-f]{32})"', page) for page in (first, second)]
    assert len(tokens[0]) == 1 and tokens[0] != tokens[1]
    for page, (token,) in zip((first, second), tokens, strict=True):
        block_id = re.search(r'/checks/([0-9a-f-]+)/', page).group(1)
        ids = set(re.findall(r'name="q0" value="([0-9a-f]{16})"', page))
        assert ids == {services.check_choice_id(token, block_id, 0, n) for n in range(2)}


def test_a_check_answered_through_a_fast_page_counts(course, learner, signed_in):
    services.enrol(user=learner, course=course["course"])
    lesson = course["lessons"][2]
    page = _fast(signed_in, lesson.url).content.decode()
    token = re.search(r'name="token" value="([0-9a-f]{32})"', page).group(1)
    block_id = re.search(r'/checks/([0-9a-f-]+)/', page).group(1)
    data = {"token": token}
    for question, numbers in RIGHT_ANSWERS.items():
        data[f"q{question}"] = [services.check_choice_id(token, block_id, int(question), int(n)) for n in numbers]
    response = signed_in.post(reverse("lesson_check", args=[lesson.pk, block_id]), data)
    assert response.status_code == 302
    (submission,) = KnowledgeCheckSubmission.objects.filter(user=learner, lesson=lesson)
    assert submission.passed


def test_learner_sees_own_progress_at_once(course, learner, signed_in, settings):
    services.enrol(user=learner, course=course["course"])
    lessons = course["lessons"]
    before = _fast(signed_in, lessons[1].url).content.decode()
    assert "Đã học 0/4 bài (0%)" in before and "Bạn đã hoàn thành bài học này" not in before
    assert signed_in.post(reverse("lesson_complete", args=[lessons[1].pk])).status_code == 302
    signed_in.get(lessons[2].url)  # shows the message: the normal path
    after = _fast(signed_in, lessons[1].url).content.decode()
    assert "Đã học 1/4 bài (25%)" in after and "Bạn đã hoàn thành bài học này" in after
    _assert_same(signed_in, lessons[1].url, settings)


@pytest.mark.parametrize("reason", ["query", "anonymous", "messages", "post", "check_result", "locked", "head"])
def test_fast_lane_falls_back_to_the_normal_path(reason, course, learner, signed_in, build_course, settings):
    services.enrol(user=learner, course=course["course"])
    lesson = course["lessons"][2]
    url = lesson.url
    _fast(signed_in, url)
    client = signed_in
    if reason == "query":
        url += "?x=1"
    elif reason == "anonymous":
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    elif reason == "messages":  # Bắt đầu học in another course leaves a message for the next page
        other = build_course(lessons=1, check_in=0, slug="khac")
        signed_in.post(reverse("course_enrol", args=[other["course"].pk]))
    elif reason == "post":
        response = client.post(url)
        assert "X-Fast-Lane" not in response
        return
    elif reason == "head":
        response = client.head(url)
        assert "X-Fast-Lane" not in response
        return
    elif reason == "check_result":
        block_id = next(block.id for block in lesson.body if block.block_type == "knowledge_check")
        services.submit_knowledge_check(user=learner, lesson=lesson, block_id=block_id, answers=WRONG_ANSWERS,
                                        token=uuid.uuid4().hex)
    elif reason == "locked":
        seq = build_course(lessons=3, check_in=0, slug="khoa", sequential=True)
        services.enrol(user=learner, course=seq["course"])
        _fast(signed_in, seq["lessons"][0].url)
        url = seq["lessons"][2].url
        assert client.get(url).status_code == 403
    response = client.get(url)
    assert response.get("X-Fast-Lane", "none") != "hit"
    if reason == "messages":
        assert "callout" in response.content.decode() and 'class="message message-success"' in response.content.decode()
    if reason == "check_result":
        assert "Chưa đạt" in response.content.decode()


def test_consent_not_given_is_never_served_fast(course, signed_in):
    """The privacy notice not answered yet (lms.privacy ConsentRequiredMiddleware): the consent page, never the
    lesson, even when the lesson is stored."""
    from lms.privacy.middleware import SESSION_KEY

    url = course["lessons"][1].url
    _fast(signed_in, url)
    session = signed_in.session
    session[SESSION_KEY] = True
    session.save()
    response = signed_in.get(url)
    assert response.status_code == 302 and reverse("privacy:consent") in response.url
    assert response["X-Fast-Lane"] == "not a page"  # the front door saw the flag and let the stack answer


def test_security_headers_as_on_the_normal_path_and_a_new_nonce_each_time(course, signed_in, settings):
    url = course["lessons"][1].url
    page = _assert_same(signed_in, url, settings)
    again = _fast(signed_in, url)
    assert "private" in page["Cache-Control"]
    assert page["X-Frame-Options"]
    assert "Cookie" in page["Vary"]
    slow = _slow(signed_in, url, settings)
    nonce_of = re.compile(r"'nonce-([^']+)'")
    unnonced = [nonce_of.sub("'nonce-N'", r["Content-Security-Policy"]) for r in (page, again, slow)]
    assert unnonced[0] == unnonced[1] == unnonced[2]
    nonces = []
    for response in (page, again):
        body = response.content.decode()
        assert "\x00" not in body and "\x01" not in body
        # The site's inline scripts (the assistant's loader, issue 22) carry this response's nonce, the header's.
        header_nonces = set(nonce_of.findall(response["Content-Security-Policy"]))
        body_nonces = set(re.findall(r'nonce="([^"]+)"', body))
        assert len(header_nonces) == 1 and body_nonces and body_nonces <= header_nonces
        nonces.append(header_nonces.pop())
    assert nonces[0] != nonces[1]


def test_nonce_is_cut_out_and_drawn_anew_for_each_response(rf):
    """A page using the CSP nonce (none of the fast pages does today) gets its own response's nonce."""
    from lms import fastlane

    request = rf.get("/")
    request._csp_nonce = "abc123"
    capture = fastlane.Capture()
    frozen = fastlane._freeze_text('<script nonce="abc123">x</script>', request, capture, {})
    entry = {"body": frozen.split(fastlane.HOLE), "charset": "utf-8", "headers": [], "parts": {}, "checks": {}}
    served = []
    for nonce in ("first", "second"):
        later = rf.get("/")
        later.csp_nonce = nonce
        served.append(fastlane.assemble(later, entry, {}).content.decode())
    assert served == ['<script nonce="first">x</script>', '<script nonce="second">x</script>']


def test_shared_body_never_holds_one_learners_values(course, learner, make_user, settings):
    """A learner with another state gets their own parts, not the first learner's."""
    services.enrol(user=learner, course=course["course"])
    services.complete_lesson(user=learner, lesson=course["lessons"][1])
    first = Client()
    first.force_login(learner)
    assert "Bạn đã hoàn thành bài học này" in _fast(first, course["lessons"][1].url).content.decode()
    second = Client()
    second.force_login(make_user())
    page = _assert_same(second, course["lessons"][1].url, settings).content.decode()
    assert "Bạn đã hoàn thành bài học này" not in page and "Bắt đầu học" in page


# --- visits --------------------------------------------------------------------------------------------------------


def _redis_or_skip():
    if visits._redis() is None:
        pytest.skip("visits are batched only with Redis (REDIS_URL)")


def test_visit_without_redis_is_written_at_once(course, learner, signed_in, settings):
    if visits._redis() is not None:
        pytest.skip("with Redis the visit is batched (tests below)")
    enrollment, _ = services.enrol(user=learner, course=course["course"])
    _fast(signed_in, course["lessons"][1].url)
    signed_in.get(course["lessons"][3].url)
    assert Enrollment.objects.get(pk=enrollment.pk).last_lesson_id == course["lessons"][3].pk


def test_visit_is_seen_at_once_and_written_by_the_flush(course, learner, signed_in):
    _redis_or_skip()
    enrollment, _ = services.enrol(user=learner, course=course["course"])
    lessons = course["lessons"]
    _fast(signed_in, lessons[1].url)
    _fast(signed_in, lessons[3].url)  # served fast: the visit is recorded by the fast lane
    assert learnercache.records(learner).enrollments[course["course"].translation_key].last_lesson_id == lessons[3].pk
    assert Enrollment.objects.get(pk=enrollment.pk).last_lesson_id != lessons[3].pk  # not written yet
    learnercache.forget(learner.pk)  # the entry re-read from the database (a change elsewhere): still there
    learnercache._local.records = {}
    assert learnercache.records(learner).enrollments[course["course"].translation_key].last_lesson_id == lessons[3].pk
    assert visits.flush() >= 1
    assert Enrollment.objects.get(pk=enrollment.pk).last_lesson_id == lessons[3].pk
    assert visits.pending_for([enrollment.pk]) == {}
    assert visits.flush() == 0


def test_visit_survives_a_flush_that_dies_and_is_written_once(course, learner, monkeypatch):
    _redis_or_skip()
    enrollment, _ = services.enrol(user=learner, course=course["course"])
    lessons = course["lessons"]
    services.record_visit(enrollment=enrollment, lesson=lessons[2])

    class Crash(Exception):
        pass

    real_eval = visits._redis().__class__.eval

    def die_before_removal(self, *args, **kwargs):
        raise Crash  # the worker dies after the commit, before the pending visit is removed

    monkeypatch.setattr(visits._redis().__class__, "eval", die_before_removal)
    with pytest.raises(Crash):
        visits.flush()
    monkeypatch.setattr(visits._redis().__class__, "eval", real_eval)
    assert visits.pending_for([enrollment.pk])  # still pending
    written = Enrollment.objects.get(pk=enrollment.pk)
    assert written.last_lesson_id == lessons[2].pk
    assert visits.flush() == 1  # the same values again: harmless
    row = Enrollment.objects.get(pk=enrollment.pk)
    assert (row.last_lesson_id, row.last_activity_at) == (written.last_lesson_id, written.last_activity_at)

    # dies before the commit: nothing written, the visit still pending
    services.record_visit(enrollment=enrollment, lesson=lessons[3])
    from django.db.models.query import QuerySet

    real_update = QuerySet.update
    monkeypatch.setattr(QuerySet, "update", lambda self, **kw: (_ for _ in ()).throw(Crash()))
    with pytest.raises(Crash):
        visits.flush()
    monkeypatch.setattr(QuerySet, "update", real_update)
    assert Enrollment.objects.get(pk=enrollment.pk).last_lesson_id == lessons[2].pk
    assert visits.flush() == 1
    assert Enrollment.objects.get(pk=enrollment.pk).last_lesson_id == lessons[3].pk


def test_visit_arriving_during_a_flush_is_kept_for_the_next(course, learner, monkeypatch):
    _redis_or_skip()
    enrollment, _ = services.enrol(user=learner, course=course["course"])
    lessons = course["lessons"]
    services.record_visit(enrollment=enrollment, lesson=lessons[1])
    from django.db import transaction

    real_atomic = transaction.atomic
    arrived = []

    def atomic_then_visit(*args, **kwargs):
        if not arrived:
            arrived.append(True)
            services.record_visit(enrollment=enrollment, lesson=lessons[3])  # between the read and the removal
        return real_atomic(*args, **kwargs)

    monkeypatch.setattr("courses.visits.transaction.atomic", atomic_then_visit)
    visits.flush()
    monkeypatch.setattr("courses.visits.transaction.atomic", real_atomic)
    assert visits.pending_for([enrollment.pk])[enrollment.pk][0] == lessons[3].pk
    visits.flush()
    assert Enrollment.objects.get(pk=enrollment.pk).last_lesson_id == lessons[3].pk
