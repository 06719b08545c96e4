"""The security suite's world: one person per role, and real objects each of them may or may not reach.

Unit tree (from tests/organisations/fixtures.py): province A (P-A) › commune C-A1 › agency A-A1-X, and
province B (P-B) › commune C-B1. The learner lives in A, the other learner in B; manager A manages P-A,
manager B manages P-B, the national manager manages the tree's root (the whole country).

Editors and reviewers are ``is_staff``, as in the demo and in production (the Wagtail admin): issue 14 found
that ``is_staff`` opened every learner's results. ``staff`` is ``is_staff`` with no role at all; ``admin`` is a
superuser; ``auditor`` reads the export log and nothing else.
"""

from __future__ import annotations

import pytest

from tests.organisations.fixtures import *  # noqa: F403 - units, managers, staff, people, results

ROLES = ("anonymous", "learner", "other_learner", "editor", "reviewer", "auditor", "manager_a", "manager_b",
         "national_manager", "staff", "admin")


@pytest.fixture(autouse=True)
def _security_settings(settings, tmp_path):
    """Private exports, a per-test signing key and a clean cache (rate-limit counters start at zero)."""
    from django.core.cache import cache

    from certificates import signing

    settings.STORAGES = {**settings.STORAGES, "exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "exports")},
    }}
    settings.CERT_KEY_DIR = tmp_path / "keys"
    settings.CERT_SIGNING_KEY = None
    settings.CERT_REQUIRE_SIGNING_KEY = False
    settings.H5P_ROOT = str(tmp_path / "h5p")
    signing._current_key.cache_clear()
    cache.clear()
    yield
    cache.clear()
    signing._current_key.cache_clear()


@pytest.fixture
def world(tree, person, make_user, make_manager, standard_test, record_attempt, django_capture_on_commit_callbacks):
    """Every role, and the learner's attempt, certificate and profile; manager A's finished export job."""
    from certificates import services as certificate_services
    from certificates.models import CertificateTemplate
    from lms.accounts.roles import AUDITORS, EDITORS, MANAGERS, MODERATORS, ensure_roles
    from lms.organisations.permissions import manager_assign
    from reporting.models import ExportJob, ExportLog
    from reporting.queries import Filters
    from reporting.services import export_job_run, export_log_start

    ensure_roles()
    learner = person(tree["A-A1-X"], full_name="Nguyễn Thị Riêng Tư", email="rieng@example.vn", birth_year=1960)
    other = person(tree["C-B1"], full_name="Trần Văn Khác", email="khac@example.vn")
    attempt = record_attempt(learner, standard_test, 82)
    other_attempt = record_attempt(other, standard_test, 40)
    for row in (attempt, other_attempt):  # the result page's shape (areas with scores), not the dashboard's
        row.result = {"score": row.score, "passed": row.passed, "pass_mark": 60, "areas": []}
        row.save(update_fields=["result"])
    CertificateTemplate.objects.create(name="Mặc định", issuing_body="Sở KH&CN", signer_name="Trần Văn Ký",
                                       signer_title="GIÁM ĐỐC", is_default=True)
    with django_capture_on_commit_callbacks(execute=True):
        certificate, _ = certificate_services.certificate_issue(
            user=learner, kind="assessment", achievement_key=str(standard_test.pk), learner_name=learner.full_name,
            achievement_title=standard_test.title, framework_code="TT02-2025", framework_version="1",
            competences=[],
        )
    manager_a = make_manager(tree["P-A"], full_name="Quản Lý An")
    manager_b = make_manager(tree["P-B"], full_name="Quản Lý Bắc")
    job = export_job_run(job_id=ExportJob.objects.create(owner=manager_a, format="csv",
                                                         params=Filters().to_params()).pk)
    export_log = export_log_start(user=manager_a, filters=Filters(), fmt="csv", route=ExportLog.Route.PAGE,
                                  ip_address="203.0.113.7")
    national = make_user(groups=[MANAGERS], full_name="Quản Lý Toàn Quốc")
    manager_assign(user=national, national=True)
    users = {
        "anonymous": None,
        "learner": learner,
        "other_learner": other,
        "editor": make_user(groups=[EDITORS], is_staff=True, full_name="Biên Tập Viên"),
        "reviewer": make_user(groups=[MODERATORS], is_staff=True, full_name="Kiểm Duyệt Viên"),
        "auditor": make_user(groups=[AUDITORS], full_name="Kiểm Toán Viên"),
        "manager_a": manager_a,
        "manager_b": manager_b,
        "national_manager": national,
        "staff": make_user(is_staff=True, full_name="Nhân Viên Hệ Thống"),
        "admin": make_user(is_staff=True, is_superuser=True, full_name="Quản Trị Hệ Thống"),
    }
    certificate.refresh_from_db()
    return {
        "users": users, "attempt": attempt, "other_attempt": other_attempt, "certificate": certificate,
        "assessment": standard_test, "export_job": job, "export_log": export_log, "unit_a": tree["P-A"],
        "unit_b": tree["P-B"],
    }
