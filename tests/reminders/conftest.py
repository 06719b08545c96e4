"""Reminders over a simulated calendar: the clock is a ``now`` passed to every service (no sleep, no patching
of time). ``at(day, hour)`` is a local time in Asia/Ho_Chi_Minh; ``tick(now)`` is what the scheduler and the
worker do at that moment (plan, then send what is due)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.organisations.fixtures import *  # noqa: F403 - shared fixtures (tree, groups, person, tests, courses)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SENT_SMS: list[tuple[str, str]] = []


def record_sms(phone: str, message: str) -> None:
    """The SMS gateway of the tests (``settings.SMS_BACKEND``)."""
    SENT_SMS.append((phone, message))


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


@pytest.fixture(autouse=True)
def _gateways(settings):
    settings.SMS_BACKEND = "tests.reminders.conftest.record_sms"
    settings.REMINDER_DAYS_BEFORE = [14, 3, 1]
    settings.REMINDER_QUIET_HOURS = "21:00-07:00"
    settings.REMINDER_WEEKLY_LIMIT = 3
    settings.REMINDER_CLAIM_MINUTES = 15
    settings.REMINDER_RETRY_MINUTES = 15
    settings.REMINDER_MAX_ATTEMPTS = 3
    SENT_SMS.clear()
    yield
    SENT_SMS.clear()


@pytest.fixture
def tick():
    """``tick(now)``: plan the reminders due at ``now`` and send every due one; returns the send counts."""
    from reminders import selectors, services

    def run(now: dt.datetime) -> dict:
        services.plan_deadline_reminders(now=now)
        services.plan_nudges(now=now)
        ids = selectors.due_ids(now=now, requeue_before=now, stale_before=now - dt.timedelta(minutes=15), limit=10_000)
        return services.deliveries_send(ids=ids, now=now)

    return run


@pytest.fixture
def site_course(db):
    """``site_course(title, nudge_after_days=None)`` → a live course under the default site's home page (so it
    has a URL for the links in messages)."""
    import itertools

    from wagtail.models import Site

    from courses.models import CoursePage, Topic

    numbers = itertools.count(1)

    def factory(title="Kỹ năng số cơ bản", nudge_after_days=None):
        home = Site.objects.get(is_default_site=True).root_page
        topic, _ = Topic.objects.get_or_create(slug="ky-nang-so-nhac", defaults={"name": "Kỹ năng số"})
        page = home.add_child(instance=CoursePage(
            title=title, slug=f"khoa-hoc-nhac-{next(numbers)}", summary="Tóm tắt", topic=topic,
            nudge_after_days=nudge_after_days))
        return CoursePage.objects.get(pk=page.pk)

    return factory


@pytest.fixture
def requirement(db, tree, standard_test):
    """``requirement(deadline, target=standard_test, unit=P-A)`` → an active requirement."""
    from django.contrib.contenttypes.models import ContentType

    from lms.organisations.models import Requirement

    def factory(deadline: dt.date, target=None, unit="P-A"):
        target = target or standard_test
        return Requirement.objects.create(
            title=target.title, content_type=ContentType.objects.get_for_model(type(target)), object_id=target.pk,
            unit=tree[unit] if unit else None, deadline=deadline,
        )

    return factory


def inbox(user) -> list:
    from django.core import mail

    return [m for m in mail.outbox if user.email in m.to]


def texts_to(user) -> list[str]:
    return [text for phone, text in SENT_SMS if phone == user.phone]


class WorkerKilled(BaseException):
    """The worker process dying (not an error the code could catch and handle)."""


class CrashingEmailBackend:
    """An email gateway that delivers, then kills the worker on its ``crash_on``-th message (after delivering it:
    the worst moment, the message is out but not yet recorded)."""

    crash_on = 3
    sent = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        from django.core import mail

        for message in messages:
            mail.outbox.append(message)
            type(self).sent += 1
            if type(self).sent == type(self).crash_on:
                raise WorkerKilled
        return len(messages)
