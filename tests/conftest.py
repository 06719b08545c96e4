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
