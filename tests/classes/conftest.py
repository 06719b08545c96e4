"""Fixtures for the in-person sessions: the unit tree, managers and learners of tests/organisations, a published
course with two lessons, trainers and sessions (times relative to a fixed ``NOW``)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from tests.organisations.fixtures import *  # noqa: F403 - tree, groups, person, managers

NOW = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội, a Monday
_n = itertools.count(1)


@pytest.fixture
def two_lesson_course(db):
    """A published course with two lessons, built with Wagtail's own APIs."""
    from wagtail.models import Page

    from courses.models import CourseIndexPage, CoursePage, HomePage, LessonPage, Topic

    n = next(_n)
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Học vụ số", slug=f"hvs-classes-{n}"))
    index = home.add_child(instance=CourseIndexPage(title="Khóa học", slug="khoa-hoc"))
    course = index.add_child(instance=CoursePage(
        title="Cài đặt và kích hoạt VNeID", slug="vneid", summary="Tài khoản định danh điện tử mức 2.",
        topic=Topic.objects.get(slug="an-toan-tren-mang"),
    ))
    for number in (1, 2):
        course.add_child(instance=LessonPage(title=f"Bài {number}: Kích hoạt VNeID", slug=f"bai-{number}"))
    for page in [home, index, course, *course.get_children()]:
        page.specific.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk)


@pytest.fixture
def make_trainer(make_user):
    from classes.models import TrainerAssignment

    def factory(*units, **fields):
        user = make_user(**fields)
        for unit in units:
            TrainerAssignment.objects.create(user=user, unit=unit)
        return user

    return factory


@pytest.fixture
def make_session(db, tree):
    """``make_session(unit=…, starts_in=hours, capacity=…, trainers=[…], **fields)`` relative to ``NOW``."""
    from classes.models import Session

    def factory(*, unit=None, starts_in=24.0, hours=2.0, capacity=20, trainers=(), lessons=(), **fields):
        starts = NOW + dt.timedelta(hours=starts_in)
        fields.setdefault("topic", "Hướng dẫn cài đặt VNeID mức 2")
        fields.setdefault("place", "Nhà văn hoá tổ dân phố 5")
        session = Session.objects.create(unit=unit or tree["C-A1"], starts_at=starts,
                                         ends_at=starts + dt.timedelta(hours=hours), capacity=capacity, **fields)
        session.trainers.set(trainers)
        session.lessons.set(lessons)
        return session

    return factory
