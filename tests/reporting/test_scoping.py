"""A manager of commune A gets nothing of commune B (a sibling in the same province) by any route: the dashboard,
the requirement list, the export page (CSV and XLSX), a background job and its download URL, and the service
the shell command uses. The dashboard's totals equal the exported row counts."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lms.organisations.services import unit_create
from reporting import queries, services
from reporting.models import ExportJob
from reporting.queries import Filters

B_NAMES = {"Đoàn Thị Bích", "Vương Văn Bảo"}


@pytest.fixture(autouse=True)
def private_exports(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "exports")},
    }}


@pytest.fixture
def communes(tree, person, standard_test, course, record_attempt, enrol, make_manager):
    """Commune A = C-A1 (with agency A-A1-X); commune B = C-A3, a sibling under the same province P-A."""
    from lms.organisations.models import Unit

    b = unit_create(parent=tree["P-A"], code="C-A3", name="Phường Ba", kind=Unit.Kind.COMMUNE)
    b_agency = unit_create(parent=Unit.objects.get(pk=b.pk), code="A-A3-Y", name="UBND phường Ba",
                           kind=Unit.Kind.AGENCY)
    now = timezone.now()
    a_people = [person(tree["A-A1-X"], full_name="Nguyễn Thị Ánh"), person(tree["C-A1"], group="adult",
                                                                          full_name="Trần Văn Đức")]
    b_people = [person(b_agency, full_name="Đoàn Thị Bích"), person(b, group="adult", full_name="Vương Văn Bảo")]
    for index, someone in enumerate(a_people + b_people):
        record_attempt(someone, standard_test, 50 + 10 * index, when=now - dt.timedelta(days=index + 1))
        enrol(someone, course, completed=now - dt.timedelta(days=2) if index % 2 == 0 else None)
    return {
        "a": tree["C-A1"], "b": Unit.objects.get(pk=b.pk),
        "manager_a": make_manager(tree["C-A1"], full_name="Quản Lý Phường Một"),
        "manager_b": make_manager(Unit.objects.get(pk=b.pk), full_name="Quản Lý Phường Ba"),
    }


def _csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]


def _post(client, **data):
    data.setdefault("format", "csv")
    return client.post(reverse("reporting:exports"), data)


def test_dashboard_and_requirements_never_show_commune_b(client, communes):
    client.force_login(communes["manager_a"])
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 200 and response.context["board"].unit == communes["a"]
    assert response.context["board"].learners == 2
    html = response.content.decode()
    assert not any(name in html for name in B_NAMES) and "Phường Ba" not in html
    assert client.get(reverse("reporting:dashboard"), {"unit": communes["b"].pk}).status_code == 404
    assert client.get(reverse("reporting:dashboard"), {"unit": "A-A3-Y"}).status_code == 404
    assert client.get(reverse("reporting:dashboard"), {"unit": communes["a"].get_parent().pk}).status_code == 404
    assert client.get(reverse("reporting:requirements"), {"unit": communes["b"].pk}).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_page_exports_never_contain_commune_b(client, communes, fmt):
    client.force_login(communes["manager_a"])
    response = _post(client, format=fmt)
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        rows = _csv_rows(body)
    else:
        sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)][1:]
    assert rows and {r[0] for r in rows} <= {"C-A1", "A-A1-X"}
    assert not B_NAMES & {r[2] for r in rows}
    # Asking for commune B is refused (no file at all).
    refused = _post(client, format=fmt, unit=communes["b"].pk)
    assert refused.status_code == 200 and "unit" in refused.context["form"].errors


def test_job_and_its_download_never_contain_commune_b(client, communes, settings,
                                                      django_capture_on_commit_callbacks):
    settings.EXPORT_SYNC_MAX_ROWS = 0
    client.force_login(communes["manager_b"])
    with django_capture_on_commit_callbacks(execute=True):
        _post(client)
    job_b = ExportJob.objects.get(owner=communes["manager_b"])
    client.force_login(communes["manager_a"])
    with django_capture_on_commit_callbacks(execute=True):
        _post(client)
    job_a = ExportJob.objects.get(owner=communes["manager_a"])
    download = client.get(reverse("reporting:export_download", args=[job_a.pk]))
    rows = _csv_rows(b"".join(download.streaming_content))
    assert len(rows) == job_a.row_count > 0 and not B_NAMES & {r[2] for r in rows}
    for name in ("reporting:export_job", "reporting:export_job_status", "reporting:export_download"):
        assert client.get(reverse(name, args=[job_b.pk])).status_code == 404


def test_command_service_in_a_managers_scope_never_contains_commune_b(communes, tmp_path):
    target = tmp_path / "a.csv"
    log = services.export_write(viewer=communes["manager_a"], filters=Filters(), fmt="csv", target=str(target))
    rows = _csv_rows(target.read_bytes())
    assert len(rows) == log.row_count > 0 and not B_NAMES & {r[2] for r in rows}
    # Narrowed to commune B, a manager of A gets zero rows.
    assert queries.export_count(communes["manager_a"], Filters(unit=communes["b"])) == 0
    assert list(queries.export_rows(communes["manager_a"], Filters(unit=communes["b"]))) == []
    # The shell itself (no --as) sees both.
    both = {r[2] for r in queries.export_rows(services.SYSTEM, Filters(unit=communes["a"].get_parent()))}
    assert B_NAMES <= both


def test_dashboard_totals_equal_export_rows(client, communes, standard_test, course):
    client.force_login(communes["manager_a"])
    for unit in (communes["a"], None):
        params = {"unit": unit.pk} if unit else {}
        board = client.get(reverse("reporting:dashboard"), params).context["board"]
        rows = _csv_rows(b"".join(_post(client, **params).streaming_content))
        # One row per person and test (their best attempt), plus one per enrolment.
        assert len(rows) == sum(s.enrolled for s in board.tests) + board.enrolled_total
        assert len(rows) == queries.export_count(communes["manager_a"], Filters(unit=unit or communes["a"]))
        done = _csv_rows(b"".join(_post(client, status="done", **params).streaming_content))
        assert len(done) == sum(s.completed for s in board.tests) + board.completed_total
        assert {r[2] for r in rows} <= {"Nguyễn Thị Ánh", "Trần Văn Đức"}
