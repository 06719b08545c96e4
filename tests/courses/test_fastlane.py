"""Issue 17: the fast lane (``lms/fastlane.py``, ``courses/fastlane.py``): signed-in lessons served from one shared
body plus the learner's parts must be the very page the normal path renders for that learner, with the same
headers, and must fall back to the normal path whenever it cannot be sure."""

import re
import uuid

import pytest
from django.test import Client

from courses import services, visits
from courses.models import Enrollment

from .conftest import RIGHT_ANSWERS  # noqa: F401


@pytest.fixture(autouse=True)
def _fast_lane_on(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.FASTLANE_ENABLED = True
    settings.FASTLANE_DEBUG_HEADER = True


@pytest.fixture
def fixed_tokens(monkeypatch):
    """Knowledge-check tokens drawn the same on both paths, so that the choices' ids and order can be compared."""
    token = uuid.UUID("12345678123456781234567812345678")
    monkeypatch.setattr("courses.blocks.uuid4", lambda: token)
    monkeypatch.setattr("lms.fastlane.new_check_token", lambda: token.hex)


CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
NONCE = re.compile(r'nonce="[^"]*"')


def _normal(html: str) -> str:
    """Per-response values (the masked CSRF token, the CSP nonce) made equal."""
    return NONCE.sub('nonce="N"', CSRF.sub(r"\1T\2", html))


def _get(client, url, settings, *, fast: bool):
    settings.FASTLANE_ENABLED = fast
    return client.get(url)


@pytest.fixture
def course(build_course):
    return build_course(lessons=4, check_in=3, module=True)


def test_smoke(client, course, learner, settings, fixed_tokens):
    services.enrol(user=learner, course=course["course"])
    client.force_login(learner)
    other = Client()
    other.force_login(learner)
    url = course["lessons"][2].url
    first = client.get(url)
    assert first["X-Fast-Lane"] == "miss", first["X-Fast-Lane"]
    second = client.get(url)
    assert second["X-Fast-Lane"] == "hit", second["X-Fast-Lane"]
    settings.FASTLANE_ENABLED = False
    slow = client.get(url)
    assert _normal(second.content.decode()) == _normal(slow.content.decode())
