"""Issue 16 ("a test walks every /manage/ page a manager can open and fails on an untranslated UI string"): every
managers' page in English shows no Vietnamese text of its own; what is left once the data (names of people,
units, courses and tests) is taken out must contain no Vietnamese letter."""

from __future__ import annotations

import html as htmllib
import io
import re

import pytest
from django.utils import translation

from reporting.models import ExportJob

from . import test_reporting as base

world = base.world
private_exports = base.private_exports

VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)


def _main_text(response) -> str:
    body = response.content.decode()
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", main, flags=re.S)
    main = re.sub(r'\s(?:aria-label|title|placeholder|alt)="([^"]*)"', r"> \1 <", main)  # attributes people read
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", main))


def _leftovers(text: str, data: list[str]) -> list[str]:
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    return [line.strip() for line in re.split(r"\s{2,}|\n", text) if VIETNAMESE.search(line)]


@pytest.fixture
def data(world, tree, standard_test, course, groups):
    people = [world[k].full_name for k in ("hoa", "binh", "cuong", "dung", "bac")]
    units = [u.name for u in tree.values()]
    return [*people, *units, standard_test.title, course.title, world["requirement"].title, "Quản Lý An",
            "Lê Thị Mai", *[g.name for g in groups.values() if not g.name_en]]


def test_every_manage_page_in_english_has_no_vietnamese_ui_text(client, world, manager_a, data, tree,
                                                                  django_capture_on_commit_callbacks, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 1
    client.force_login(manager_a)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        client.post("/en/manage/exports/", {"format": "csv", "weekly": "on"})
        client.post("/en/manage/exports/", {"format": "csv"})
        job = ExportJob.objects.get(owner=manager_a)
        upload = io.BytesIO("Họ và tên,Email,Mã đơn vị\r\nLê Thị Mai,mai@example.vn,C-A1\r\n,x@example.vn,C-A1\r\n"
                            .encode())
        upload.name = "ds.csv"
        pages = {
            "dashboard": client.get("/en/manage/"),
            "dashboard-unit": client.get("/en/manage/", {"unit": tree["C-A1"].pk}),
            "requirements": client.get("/en/manage/requirements/"),
            "exports": client.get("/en/manage/exports/"),
            "export-job": client.get(f"/en/manage/exports/{job.pk}/"),
            "learner": client.get(f"/en/manage/learners/{world['hoa'].pk}/"),
            "roster": client.get("/en/manage/roster/"),
            "roster-preview": client.post("/en/manage/roster/", {"file": upload}),
        }
    found = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        text = _main_text(response)
        if name == "exports":
            # The export log follows: its filter column is a record, written in Vietnamese at export time.
            text = text.split("Your export log")[0]
            assert "Weekly files" in text and "All · CSV" in text
        leftovers = _leftovers(text, data)
        if leftovers:
            found[name] = leftovers
    assert not found
