"""Every export is recorded (who, when, filter, rows, format, route, IP): streamed page downloads (CSV and XLSX),
background jobs and the shell command; read-only in the Wagtail admin; a manager sees their own on /manage/exports/."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from reporting import exports, queries, services
from reporting.models import ExportJob, ExportLog
from reporting.queries import Filters
from reporting.services import SYSTEM

from .test_reporting import _csv, _export, private_exports, world  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("world")


def _export_from(client, address, **data):
    data.setdefault("format", "csv")
    return client.post(reverse("reporting:exports"), data, REMOTE_ADDR=address)


def test_streamed_csv_is_logged_with_its_row_count(client, tree, manager_a):
    client.force_login(manager_a)
    response = _export_from(client, "203.0.113.7", unit=tree["C-A1"].pk)
    log = ExportLog.objects.get()
    assert (log.status, log.row_count, log.route) == ("started", None, "page")  # before the body is read
    rows = _csv(response)[1:]
    log.refresh_from_db()
    assert (log.status, log.row_count, log.format) == ("done", len(rows), "csv") and len(rows) > 0
    assert log.user == manager_a and log.actor == manager_a.email and log.finished_at >= log.started_at
    assert log.ip_address == "203.0.113.7"
    assert log.params["unit"] == tree["C-A1"].pk and "C-A1" in log.filter_text


def test_interrupted_download_is_logged_as_failed(manager_a, monkeypatch):
    """What the page streams (``views._stream``): the server closes the response after the header and one row."""
    monkeypatch.setattr(exports, "ROWS_PER_CHUNK", 1)  # a chunk per row (256 rows a chunk in production)
    log = services.export_log_start(user=manager_a, filters=Filters(), fmt="csv", route=ExportLog.Route.PAGE)
    lines = exports.csv_lines(services.logged_rows(queries.export_rows(manager_a, Filters()), log))
    next(lines), next(lines)
    lines.close()
    log.refresh_from_db()
    assert log.status == "failed" and log.row_count == 1 < queries.export_count(manager_a, Filters())


def test_xlsx_download_is_logged(client, manager_a):
    client.force_login(manager_a)
    response = _export(client, format="xlsx")
    b"".join(response.streaming_content)
    log = ExportLog.objects.get()
    assert (log.route, log.format, log.status) == ("page", "xlsx", "done")
    assert log.row_count == queries.export_count(manager_a, Filters())


def test_job_is_logged_when_created_and_completed_when_written(client, manager_a, settings,
                                                             django_capture_on_commit_callbacks):
    settings.EXPORT_SYNC_MAX_ROWS = 1
    client.force_login(manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        _export_from(client, "198.51.100.20")
    job = ExportJob.objects.get()
    log = ExportLog.objects.get()
    assert (log.route, log.job, log.status, log.ip_address) == ("job", job, "done", "198.51.100.20")
    assert log.row_count == job.row_count > 1


def test_command_is_logged(tmp_path):
    call_command("export_completions", "--format", "csv", "--output", str(tmp_path / "all.csv"), stdout=io.StringIO())
    log = ExportLog.objects.get()
    assert (log.route, log.user, log.status, log.ip_address) == ("command", None, "done", None)
    assert log.actor.startswith("manage.py (") and log.row_count == queries.export_count(SYSTEM, Filters()) > 0


def test_manager_sees_only_their_own_exports(client, manager_a, manager_b):
    client.force_login(manager_b)
    b"".join(_export(client).streaming_content)
    client.force_login(manager_a)
    b"".join(_export(client).streaming_content)
    logs = list(client.get(reverse("reporting:exports")).context["logs"])
    assert [log.user for log in logs] == [manager_a]


def test_admin_lists_logs_read_only(client, manager_a, make_user):
    from lms.accounts.roles import AUDITORS, ensure_roles

    client.force_login(manager_a)
    b"".join(_export(client).streaming_content)
    log = ExportLog.objects.get()
    ensure_roles()
    for staff in (make_user(is_staff=True, is_superuser=True), make_user(groups=[AUDITORS])):
        client.force_login(staff)
        index = client.get(reverse("export_logs:index"))
        assert index.status_code == 200 and manager_a.email in index.content.decode()
        assert client.get(reverse("export_logs:inspect", args=[log.pk])).status_code == 200
        for name in ("export_logs:edit", "export_logs:delete"):
            try:
                url = reverse(name, args=[log.pk])
            except NoReverseMatch:
                continue
            assert client.get(url).status_code in (302, 403)
            assert client.post(url, {}).status_code in (302, 403)
        assert client.post(reverse("export_logs:add"), {}).status_code in (302, 403)
        assert ExportLog.objects.filter(pk=log.pk, actor=manager_a.email).exists()
    # A manager has no admin access at all.
    client.force_login(manager_a)
    assert client.get(reverse("export_logs:index")).status_code in (302, 403)


def test_editors_and_reviewers_cannot_read_the_export_log(client, manager_a, make_user):
    """Issue 14: the log (every manager's email, IP and filters) was open to any ``is_staff`` admin user."""
    from lms.accounts.roles import EDITORS, MODERATORS, ensure_roles

    client.force_login(manager_a)
    b"".join(_export(client).streaming_content)
    ensure_roles()
    for role in (EDITORS, MODERATORS):
        client.force_login(make_user(is_staff=True, groups=[role]))
        index = client.get(reverse("export_logs:index"))
        assert index.status_code in (302, 403)
        assert manager_a.email not in index.content.decode()
        log = ExportLog.objects.get()
        assert client.get(reverse("export_logs:inspect", args=[log.pk])).status_code in (302, 403)
