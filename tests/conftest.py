"""Fixtures shared by every test package. App-specific fixtures live in each package's conftest.py."""

import itertools

import pytest

_counter = itertools.count(1)


@pytest.fixture
def make_user(db):
    """Factory: ``make_user(full_name=..., groups=["Learners"], **fields)`` → a saved user, password 'Matkhau#2025'."""
    from django.contrib.auth.models import Group

    from lms.accounts.models import User

    def factory(*, email=None, password="Matkhau#2025", groups=(), **fields):
        n = next(_counter)
        fields.setdefault("full_name", f"Nguyễn Văn Học {n}")
        user = User.objects.create_user(email=email or f"hocvien{n}@example.vn", password=password, **fields)
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        return user

    return factory


@pytest.fixture
def learner(make_user):
    return make_user()


def pytest_collection_modifyitems(items):
    """Transactional tests (live server, threads) flush every table when they end, which would also wipe the
    rows that migrations seed (the competency framework, population groups, topics, roles, Wagtail's root
    page and locales). Give them serialized rollback, so each one starts from the migrated state."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        names = getattr(item, "fixturenames", ())
        transactional = "transactional_db" in names or "live_server" in names
        if marker is not None and marker.kwargs.get("transaction"):
            item.add_marker(pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}), append=False)
            transactional = True
        if transactional and "django_db_serialized_rollback" not in names:
            names.append("django_db_serialized_rollback")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, snapshotted right after its migrations, so that transactional tests are reset
    from the snapshot instead of Django's flush and JSON reload (``tests/dbreset.py``)."""
    from django.db import connections

    from tests import dbreset

    dbreset.install()
    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.settings_dict.get("TEST", {}).get("MIRROR"):
                continue
            dbreset.take(connection)
    yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Passwords hashed with MD5 in tests: the production hasher (PBKDF2, about a quarter of a CPU second a hash)
    would run for every account made, every demo load and every sign-in, and no test here is about the hashing
    itself. A test whose accounts are checked by another process (tests/lms/test_prod_stack.py) overrides this
    fixture with one that does nothing. Never in production: only the test suite loads this file."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                                 *[h for h in settings.PASSWORD_HASHERS if not h.endswith(".MD5PasswordHasher")]]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters (allauth's and lms.ratelimit's) and cached values never leak from one test into the next."""
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import translation

    from lms import localpages, processcache

    try:
        cache.clear()
    except Exception:  # a test about an unreachable cache sets its own
        pass
    processcache.forget()  # sites and locales kept per process: a rolled-back test's ids are not the next one's
    localpages.forget()  # pages kept per process (the front door): another test's pages under the same URLs
    localpages._sessions.clear()
    from lms import fastlane

    fastlane.forget_sitewide()  # the nav kept per process: a test may override the URLs or the menu's settings
    # Rate limits count in fixed windows (a minute, an hour, a day): a test sending 4 requests against "3/m" got
    # four 200s when they straddled a minute (tests/video, CI of 2026-12-06). Each test's limiter clock starts
    # one second into a day, so every window of the test is one the test began in (time.time() still moves,
    # and tests that patch it still move the limiter).
    import time as _time

    from lms import ratelimit

    offset, real_clock = (-_time.time()) % 86400 + 1, ratelimit.clock
    ratelimit.clock = lambda: _time.time() + offset
    # The front door answers stored pages without LocaleMiddleware, so nothing resets the thread's language
    # between requests any more: each test starts in the site's language, whatever the one before activated.
    translation.activate(settings.LANGUAGE_CODE)
    from quizzes import drawpool, fragments

    drawpool.forget()  # question versions and their compiled page parts kept per process, by id: likewise
    fragments.forget()
    yield
    ratelimit.clock = real_clock


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path_factory):
    """Uploaded and generated files (images, certificate PDFs, H5P content) go to a temporary folder per test."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
