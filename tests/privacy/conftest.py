"""Fixtures for the privacy tests: the organisations/reporting world, certificate settings, a learner with data."""

from __future__ import annotations

import pytest

from tests.organisations.fixtures import *  # noqa: F403 - shared fixtures

BASE_URL = "https://hocvuso.example.vn"


@pytest.fixture(autouse=True)
def certificate_settings(settings, tmp_path):
    from certificates import signing

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CERT_KEY_DIR = tmp_path / "keys"
    settings.CERT_SIGNING_KEY = None
    settings.CERT_REQUIRE_SIGNING_KEY = False
    settings.CERT_BASE_URL = BASE_URL
    signing._current_key.cache_clear()
    yield settings
    signing._current_key.cache_clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def certificate_template(db):
    from certificates.models import CertificateTemplate

    return CertificateTemplate.objects.create(name="Mặc định", issuing_body="Sở Khoa học và Công nghệ", is_default=True)


@pytest.fixture
def rich_learner(person, tree, standard_test, course, record_attempt, enrol, certificate_template, committed):
    """A learner in ward C-A1 with a passed test (and its certificate, PDF drawn), a course in progress, an H5P
    result and a consent."""
    from certificates.services import certificate_issue_for_attempt, certificate_render_pdf
    from lms.privacy.models import Consent
    from lms.privacy.services import consent_record

    learner = person(tree["C-A1"], full_name="Lê Thị Mận", phone="+84912345678", birth_year=1960,
                     email="man@example.vn")
    attempt = record_attempt(learner, standard_test, score=85)
    with committed():
        certificate, _ = certificate_issue_for_attempt(attempt=attempt)
    certificate_render_pdf(certificate=certificate)
    enrol(learner, course)
    consent_record(user=learner, context=Consent.Context.SIGNUP)
    return learner
