"""``manage.py export_completions``: the page's rows from the shell, every unit without --unit, the same filters,
clear errors, and nothing left behind when it fails."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from reporting import queries
from reporting.queries import COLUMN_HEADERS, Filters
from reporting.services import SYSTEM

from .test_reporting import private_exports, world  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("world")


def run(*args) -> str:
    out = io.StringIO()
    call_command("export_completions", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def read_csv(path) -> list[list[str]]:
    body = path.read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_all_units_without_unit(tmp_path):
    target = tmp_path / "all.csv"
    out = run("--format", "csv", "--output", str(target))
    rows = read_csv(target)
    assert rows[0] == COLUMN_HEADERS
    assert len(rows) - 1 == queries.export_count(SYSTEM, Filters()) and f"{len(rows) - 1} rows" in out
    assert {"Nguyễn Thị Hoa", "Người Ở Bắc"} <= {r[2] for r in rows[1:]}  # both provinces
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left


def test_one_unit_as_xlsx_with_filters(tree, standard_test, tmp_path):
    target = tmp_path / "a1.xlsx"
    run("--unit", "C-A1", "--test", standard_test.slug, "--status", "done", "--output", str(target))  # xlsx by name
    sheet = load_workbook(target, read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == COLUMN_HEADERS
    assert [(r[0], r[2], r[7]) for r in rows[1:]] == [("A-A1-X", "Nguyễn Thị Hoa", "Đạt")]


def test_group_course_and_dates(groups, course, tmp_path):
    target = tmp_path / "adults.csv"
    run("--group", "adult", "--course", course.slug, "--since", "2000-01-01", "--until", "2100-12-31",
        "--output", str(target))
    assert [r[2] for r in read_csv(target)[1:]] == ["Phạm Thị Dung"]


def test_as_a_manager_is_scoped(manager_a, tmp_path):
    target = tmp_path / "a.csv"
    run("--as", manager_a.email, "--output", str(target))
    names = {r[2] for r in read_csv(target)[1:]}
    assert "Nguyễn Thị Hoa" in names and "Người Ở Bắc" not in names
    with pytest.raises(CommandError, match="outside"):
        run("--as", manager_a.email, "--unit", "P-B", "--output", str(tmp_path / "b.csv"))


def test_stdout(capsysbinary):
    call_command("export_completions", "--output", "-", stdout=io.StringIO(), stderr=io.StringIO())
    body = capsysbinary.readouterr().out
    assert body.startswith(b"\xef\xbb\xbf") and "Nguyễn Thị Hoa".encode() in body


@pytest.mark.parametrize("args,message", [
    (["--unit", "KHONG-CO"], "Unknown unit code: KHONG-CO"),
    (["--group", "martians"], "Unknown population group"),
    (["--course", "khong-co"], "Unknown course"),
    (["--test", "khong-co"], "Unknown test"),
    (["--status", "not_started"], "needs --course or --test"),
    (["--since", "22/11/2026"], "YYYY-MM-DD"),
    (["--since", "2026-02-01", "--until", "2026-01-01"], "--since must not be after --until"),
    (["--as", "nobody@example.vn"], "No account"),
    (["--format", "xlsx", "--output", "-"], "Only CSV"),
])
def test_clear_errors(tmp_path, args, message):
    if "--output" not in args:
        args = [*args, "--output", str(tmp_path / "x.csv")]
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert list(tmp_path.iterdir()) == []


def test_missing_directory(tmp_path):
    with pytest.raises(CommandError, match="No such directory"):
        run("--output", str(tmp_path / "nowhere" / "x.csv"))


def test_failure_leaves_no_file(tmp_path, monkeypatch):
    from reporting import exports
    from reporting.models import ExportLog

    def broken(rows, target, **kwargs):
        next(iter(rows))
        raise OSError("disk full")

    monkeypatch.setattr(exports, "write_xlsx", broken)
    with pytest.raises(OSError):
        run("--output", str(tmp_path / "x.xlsx"))
    assert list(tmp_path.iterdir()) == []
    log = ExportLog.objects.get()
    assert (log.status, log.row_count) == ("failed", 1)
