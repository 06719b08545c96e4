"""The front door (``lms/frontdoor.py``, issue 17): stored pages answered before the middleware stack must be the very
responses the stack gives (headers and cookies included), and any request it cannot be sure about goes down the
stack. Also its CSRF tokens (``lms/csrftoken.py``) and the pages kept in process memory (``lms/localpages.py``)."""

import re

import pytest
from django.core.cache import cache
from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token
from django.test import Client
from django.urls import reverse

from lms import csrftoken, localpages, pagecache
from lms.frontdoor import FrontDoorMiddleware
from tests.courses.conftest import build_course  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
NONCE = re.compile(r"nonce-[A-Za-z0-9+/=_-]+|nonce=\"[^\"]*\"")


def _normal(text: str) -> str:
    return NONCE.sub("NONCE", CSRF.sub(r"\1T\2", text))


def _headers(response) -> dict:
    skipped = {"X-Page-Cache", "X-Fast-Lane"}
    return {name: _normal(value) for name, value in response.items() if name not in skipped}


@pytest.fixture(autouse=True)
def _caches_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.FASTLANE_ENABLED = True
    settings.FASTLANE_DEBUG_HEADER = True
    localpages.forget()
    yield
    localpages.forget()


@pytest.fixture
def course(build_course):  # noqa: F811
    return build_course(lessons=2, check_in=0)


def _hit(client, url, header="X-Fast-Lane"):
    for _ in range(3):
        response = client.get(url)
        if response.get(header) == "hit":
            return response
    raise AssertionError(f"{url}: never a hit ({response.get(header)})")


# --- anonymous visitors --------------------------------------------------------------------------------------


def test_anonymous_hit_has_the_stacks_headers_and_cookie(course, settings):
    url = course["lessons"][0].url
    stack = Client().get(url)
    assert stack["X-Page-Cache"] == "miss"
    hit = _hit(Client(), url, "X-Page-Cache")
    assert _normal(hit.content.decode()) == _normal(stack.content.decode())
    assert _headers(hit) == _headers(stack)
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
                 "Content-Language", "Vary"):
        assert name in hit, name
    nonce = re.search(r"'nonce-([^']+)'", hit["Content-Security-Policy"]).group(1)
    assert f'nonce="{nonce}"' in hit.content.decode()  # the header's nonce is the body's, new per response
    again = _hit(Client(), url, "X-Page-Cache")
    assert nonce not in again["Content-Security-Policy"]
    morsel, first = hit.cookies[settings.CSRF_COOKIE_NAME], stack.cookies[settings.CSRF_COOKIE_NAME]
    assert morsel["max-age"] == first["max-age"] and morsel["samesite"] == first["samesite"]
    assert morsel["path"] == first["path"] and morsel.value != first.value  # each visitor their own secret


def test_anonymous_hit_keeps_the_visitors_csrf_secret_and_replaces_a_bad_one(course, settings):
    url = course["lessons"][0].url
    Client().get(url)
    visitor = Client(enforce_csrf_checks=True)
    visitor.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    hit = _hit(visitor, url, "X-Page-Cache")
    assert hit.cookies[settings.CSRF_COOKIE_NAME].value == "a" * 32  # set again, as Django does, same secret
    token = CSRF.search(hit.content.decode()).group(0).split('value="')[1][:-1]
    assert _unmask_cipher_token(token) == "a" * 32
    broken = Client()
    broken.cookies[settings.CSRF_COOKIE_NAME] = "not*a*secret"
    response = broken.get(url)
    assert response.get("X-Page-Cache") != "hit"  # Django replaces it: the stack does that
    assert re.fullmatch(r"[A-Za-z0-9]{32}", response.cookies[settings.CSRF_COOKIE_NAME].value)


def test_static_admin_and_post_requests_never_meet_the_door(course, monkeypatch):
    calls = []
    monkeypatch.setattr(pagecache, "page_key", lambda *a, **k: calls.append(a) or "x")
    Client().get("/static/nothing.css")
    Client().get("/admin/login/")
    Client().post(course["lessons"][0].url)
    assert calls == []


def test_local_copy_serves_anonymous_visitors_without_the_network_and_a_publish_here_is_seen_at_once(
        course, settings, monkeypatch):
    settings.PAGE_CACHE_LOCAL_SECONDS = 60
    lesson = course["lessons"][0]
    Client().get(lesson.url)
    _hit(Client(), lesson.url, "X-Page-Cache")

    def unreachable(*_args, **_kwargs):
        raise AssertionError("the cache was asked")

    monkeypatch.setattr(cache, "get_many", unreachable)
    assert Client().get(lesson.url)["X-Page-Cache"] == "hit"
    monkeypatch.undo()
    lesson.title = "Bài 1: Đổi tên sau khi xuất bản"
    lesson.save_revision().publish()  # invalidate(): this process forgets its copies
    response = Client().get(lesson.url)
    assert response["X-Page-Cache"] == "miss" and "Đổi tên sau khi xuất bản" in response.content.decode()


def test_local_copy_is_bounded():
    for n in range(localpages.MAX_ENTRIES + 50):
        localpages.put(f"k{n}", 1, {"n": n})
    assert len(localpages._entries) == localpages.MAX_ENTRIES
    assert localpages.get("k0", 1) is None and localpages.get(f"k{localpages.MAX_ENTRIES + 49}", 1) == {
        "n": localpages.MAX_ENTRIES + 49}
    assert localpages.get(f"k{localpages.MAX_ENTRIES + 49}", 2) is None  # another generation: not current


# --- signed-in learners --------------------------------------------------------------------------------------


@pytest.fixture
def signed_in(learner, course):
    from courses import services

    services.enrol(user=learner, course=course["course"])
    client = Client()
    client.force_login(learner)
    return client


def test_signed_in_local_copy_is_never_stale(course, signed_in):
    url = course["lessons"][1].url
    _hit(signed_in, url)
    # Another process publishes: a new generation in the cache, this process's copies untouched.
    cache.set(pagecache.GENERATION_KEY, 1, timeout=None)
    assert signed_in.get(url)["X-Fast-Lane"] != "hit"
    assert _hit(signed_in, url).status_code == 200


def test_a_changed_password_ends_the_session_on_the_door_too(course, signed_in, learner):
    url = course["lessons"][1].url
    _hit(signed_in, url)
    learner.set_password("Matkhau#2026-moi")
    learner.save()  # the authcache entry goes; and even a stale one would fail the session's hash
    response = signed_in.get(url)
    assert response.get("X-Fast-Lane") != "hit"
    assert reverse("account_logout") not in response.content.decode()  # signed out: the anonymous page


def test_a_stale_user_entry_with_another_password_hash_is_refused(course, signed_in, learner):
    from lms import authcache

    url = course["lessons"][1].url
    _hit(signed_in, url)
    generation, user = cache.get(authcache.user_key(learner.pk))
    user.password = "pbkdf2_sha256$1$x$y"  # what a save elsewhere would change (its entry not dropped yet)
    cache.set(authcache.user_key(learner.pk), (generation, user))
    assert signed_in.get(url).get("X-Fast-Lane") != "hit"


@pytest.mark.parametrize("key", ["_messages", "privacy_consent_due", "account_login", "anything_else"])
def test_a_session_holding_more_than_the_sign_in_takes_the_stack(course, signed_in, key):
    url = course["lessons"][1].url
    _hit(signed_in, url)
    session = signed_in.session
    session[key] = "[]" if key == "_messages" else True
    session.save()
    response = signed_in.get(url)
    assert response.get("X-Fast-Lane") in ("session holds more than the sign-in", "not a page")


def test_forged_or_unknown_session_cookies_take_the_stack(course, signed_in, settings):
    url = course["lessons"][1].url
    _hit(signed_in, url)
    for value in ("x" * 32, "../../etc/passwd", "a" * 500, ""):
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = value
        response = client.get(url)
        assert response.status_code == 200 and response.get("X-Fast-Lane") != "hit", value


def test_signed_in_hit_sets_the_csrf_cookie_as_the_stack_does(course, signed_in, settings):
    url = course["lessons"][1].url
    hit = _hit(signed_in, url)
    secret = signed_in.cookies[settings.CSRF_COOKIE_NAME].value
    assert hit.cookies[settings.CSRF_COOKIE_NAME].value == secret
    token = CSRF.search(hit.content.decode()).group(0).split('value="')[1][:-1]
    assert _unmask_cipher_token(token) == secret


# --- CSRF tokens ---------------------------------------------------------------------------------------------


class _Request:
    def __init__(self, secret=None):
        self.META = {} if secret is None else {"CSRF_COOKIE": secret}


def test_tokens_are_djangos_format_and_unmask_to_the_secret():
    request = _Request()
    first = csrftoken.get_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == 32 and set(secret) <= set(CSRF_ALLOWED_CHARS)
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    tokens = {first, *(csrftoken.get_token(request) for _ in range(200))}
    assert len(tokens) == 201  # a new mask each time
    for token in tokens:
        assert len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == secret


def test_random_strings_drop_the_bytes_that_would_bias_them(monkeypatch):
    draws = iter([bytes([255, 250, 248] * 14), bytes(range(40))])
    monkeypatch.setattr(csrftoken.os, "urandom", lambda n: next(draws)[:n])
    text = csrftoken.random_string(32)
    assert text == "".join(CSRF_ALLOWED_CHARS[b] for b in range(32))  # 248..255 never used, never folded


def test_the_remembered_owner_of_a_session_is_only_a_hint(course, signed_in, learner, make_user):
    from courses import services

    other = make_user()
    services.enrol(user=other, course=course["course"])
    url = course["lessons"][1].url
    _hit(signed_in, url)
    session_key = signed_in.cookies["sessionid"].value
    assert localpages.session_user(session_key) == learner.pk
    localpages.remember_session(session_key, other.pk)  # wrong (cannot happen, but must not matter)
    page = _hit(signed_in, url)
    assert localpages.session_user(session_key) == learner.pk and page.status_code == 200
    values_for = []
    real = FrontDoorMiddleware._user

    def spy(self, session, found, kind):
        user = real(self, session, found, kind)
        values_for.append(user.pk)
        return user

    FrontDoorMiddleware._user = spy
    try:
        localpages.remember_session(session_key, other.pk)
        _hit(signed_in, url)
    finally:
        FrontDoorMiddleware._user = real
    assert values_for == [learner.pk]


def test_outlines_come_from_process_memory_only_for_the_generation_the_door_read(course, monkeypatch):
    from courses import selectors

    course_page = course["course"]
    generation = pagecache.current_generation()
    localpages.set_request_generation(generation)
    try:
        selectors.course_lessons(course=course_page)  # read from the database, put in the cache
        first = selectors.course_lessons(course=course_page)  # read from the cache: kept in this process too

        def unreachable(*_args, **_kwargs):
            raise AssertionError("the cache was asked")

        monkeypatch.setattr(cache, "get_many", unreachable)
        assert [lesson.pk for lesson in selectors.course_lessons(course=course_page)] == [item.pk for item in first]
        localpages.set_request_generation(generation + 1)  # published since: the copy is not this generation's
        with pytest.raises(AssertionError, match="the cache was asked"):
            selectors.course_lessons(course=course_page)
        localpages.set_request_generation(None)  # outside the door's requests: never from memory
        with pytest.raises(AssertionError, match="the cache was asked"):
            selectors.course_lessons(course=course_page)
    finally:
        monkeypatch.undo()
        localpages.set_request_generation(None)
