"""The anonymous page cache (lms/pagecache.py): stored once, served to every anonymous visitor with their own CSRF
token, emptied by publish/unpublish/move/delete, never used for a logged-in learner; Redis loss degrades to
rendering (cache) and to the database (sessions)."""

import re
import socket

import pytest
from django.test import Client
from django.urls import reverse

from tests.courses.conftest import build_course  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def course(build_course):  # noqa: F811
    return build_course(lessons=2, check_in=0)


def test_anonymous_lesson_is_stored_once_and_served_with_the_visitors_own_csrf_token(course):
    lesson = course["lessons"][0]
    first = Client(enforce_csrf_checks=True)
    assert first.get(lesson.url)["X-Page-Cache"] == "miss"

    visitor = Client(enforce_csrf_checks=True)
    hit = visitor.get(lesson.url)
    assert hit.status_code == 200 and hit["X-Page-Cache"] == "hit"
    html = hit.content.decode()
    assert lesson.title in html and "__lms_pagecache" not in html
    tokens = set(TOKEN.findall(html))
    assert tokens, "the page's forms carry a CSRF token"
    assert "csrftoken" in hit.cookies  # the visitor's own secret, set on the hit
    # The token in the cached HTML belongs to this visitor: the text-size form posts with it.
    answer = visitor.post(reverse("text_size"), {"size": "large", "next": lesson.url,
                                                 "csrfmiddlewaretoken": tokens.pop()})
    assert answer.status_code == 302
    # Larger text is another version of the page.
    larger = visitor.get(lesson.url)
    assert larger["X-Page-Cache"] == "miss" and 'class="text-large"' in larger.content.decode()
    assert visitor.get(lesson.url)["X-Page-Cache"] == "hit"


def test_a_new_lesson_is_visible_at_once_on_the_course_page(course):
    from courses.models import LessonPage

    course_page = course["course"]
    client = Client()
    assert client.get(course_page.url)["X-Page-Cache"] == "miss"
    assert client.get(course_page.url)["X-Page-Cache"] == "hit"

    lesson = LessonPage(title="Bài mới: Mật khẩu mạnh", slug="bai-moi", summary="Mật khẩu", estimated_minutes=5)
    course_page.add_child(instance=lesson)
    lesson.save_revision().publish()

    response = client.get(course_page.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Bài mới: Mật khẩu mạnh" in response.content.decode()
    assert client.get(lesson.url).status_code == 200


def test_unpublish_move_and_delete_empty_the_cache(course):
    first, second = course["lessons"]
    client = Client()
    client.get(first.url)
    assert client.get(first.url)["X-Page-Cache"] == "hit"
    first.unpublish()
    assert client.get(first.url).status_code == 404

    client.get(course["course"].url)
    assert client.get(course["course"].url)["X-Page-Cache"] == "hit"
    second.move(course["course"], pos="first-child")
    assert client.get(course["course"].url)["X-Page-Cache"] == "miss"
    second.delete()
    response = client.get(course["course"].url)
    assert response["X-Page-Cache"] == "miss" and second.title not in response.content.decode()


def test_logged_in_learners_and_messages_are_never_served_from_the_cache(client, course, learner):
    lesson = course["lessons"][0]
    Client().get(lesson.url)
    client.force_login(learner)
    response = client.get(lesson.url)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    anonymous = Client()
    anonymous.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in anonymous.get(lesson.url)


def test_each_language_has_its_own_entry(course):
    client = Client()
    home = course["home"]
    assert client.get(home.url)["X-Page-Cache"] == "miss"
    assert client.get("/en" + home.url).get("X-Page-Cache") != "hit"  # another key, not the Vietnamese page
    assert client.get(home.url)["X-Page-Cache"] == "hit"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_caches(url):
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "lms-test",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }


def test_pages_render_and_logins_work_when_redis_is_unreachable(settings, course, learner):
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{closed_port()}/7")
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client = Client()
    response = client.get(course["lessons"][0].url)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert client.login(email=learner.email, password="Matkhau#2025")
    assert client.get(reverse("my_learning")).status_code == 200


def redis_is_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_is_up(), reason="needs Redis on 127.0.0.1:6379")
def test_a_session_made_in_redis_survives_losing_redis(settings, learner):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHES = redis_caches("redis://127.0.0.1:6379/7")
    client = Client()
    assert client.login(email=learner.email, password="Matkhau#2025")
    from django.core.cache import cache

    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert cache.get("django.contrib.sessions.cached_db" + session_key) is not None
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{closed_port()}/7")  # Redis gone
    assert client.get(reverse("my_learning")).status_code == 200


def test_a_learners_course_page_reuses_the_shared_description_until_a_new_revision(client, build_course, learner):  # noqa: F811
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key

    course = build_course(lessons=1, check_in=0, description="<p>Học cách nhận biết lừa đảo.</p>")["course"]
    client.force_login(learner)
    assert "nhận biết lừa đảo" in client.get(course.url).content.decode()
    key = make_template_fragment_key("course_about", [course.pk, course.latest_revision_id, "vi"])
    assert "nhận biết lừa đảo" in cache.get(key)

    course.description = "<p>Mô tả mới: mật khẩu mạnh.</p>"
    course.save_revision().publish()
    html = client.get(course.url).content.decode()
    assert "mật khẩu mạnh" in html and "nhận biết lừa đảo" not in html
