"""A learner downloads everything the platform holds about them: JSON with documented keys, and a readable page."""

from __future__ import annotations

import json

import pytest
from django.test import RequestFactory
from django.urls import reverse

from lms.privacy import registry
from lms.privacy.models import PersonalDataAccess
from lms.privacy.selectors import SECTION_KEYS, personal_data
from lms.privacy.services import log_reads

pytestmark = pytest.mark.django_db


def _h5p_result(user):
    from courses.h5p.models import H5PActivity, H5PLibrary, H5PResult, H5PStatement

    library = H5PLibrary.objects.create(machine_name="H5P.MultiChoice", major_version=1, minor_version=16,
                                        patch_version=0, path="libraries/H5P.MultiChoice-1.16")
    activity = H5PActivity.objects.create(title="Quét mã QR", main_library=library)
    H5PStatement.objects.create(user=user, activity=activity, verb="http://adlnet.gov/expapi/verbs/answered",
                                scaled=0.9, statement={"verb": {"id": "answered"}})
    return H5PResult.objects.create(user=user, activity=activity, best_scaled=0.9, completed=True, success=True)


def test_json_download_holds_every_section(client, rich_learner, manager_a, make_user):
    other = make_user(full_name="Người Khác Hẳn", email="khac@example.vn")
    request = RequestFactory().get("/manage/requirements/", REMOTE_ADDR="192.0.2.1")
    request.user = manager_a
    log_reads(request=request, what=PersonalDataAccess.What.REQUIREMENT_LIST, subjects=[rich_learner, other])

    client.force_login(rich_learner)
    response = client.get(reverse("privacy:data_json"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["format"] == "hocvuso-personal-data" and data["format_version"] == 1
    assert set(SECTION_KEYS) <= set(data) and set(data["sections"]) == set(SECTION_KEYS)
    assert all(data["sections"][key]["description"] for key in SECTION_KEYS)  # keys documented in the file
    profile = data["profile"]
    assert profile["full_name"] == "Lê Thị Mận" and profile["phone"] == "+84912345678"
    assert profile["birth_year"] == 1960 and profile["commune_label"] == "Phường Một"
    assert "password" not in profile
    assert len(data["attempts"]) == 1 and data["attempts"][0]["score"] == 85
    assert len(data["enrollments"]) == 1
    assert len(data["certificates"]) == 1 and data["certificates"][0]["learner_name"] == "Lê Thị Mận"
    assert data["certificates"][0]["events"][0]["action"] == "issue"
    assert data["consents"][0]["decision"] == "accepted"
    assert data["staff_reads"] == [{
        "at": data["staff_reads"][0]["at"], "what": "requirement_list",
        "what_label": str(PersonalDataAccess.What.REQUIREMENT_LIST.label), "reader": "Quản Lý An",
    }]
    assert "Người Khác Hẳn" not in response.content.decode()  # nobody else's data


def test_h5p_results_and_statements_are_included(rich_learner):
    result = _h5p_result(rich_learner)
    data = personal_data(rich_learner)
    assert [row["id"] for row in data["h5p_results"]] == [result.pk]
    assert data["h5p_results"][0]["best_scaled"] == 0.9
    assert len(data["h5p_statements"]) == 1 and data["h5p_statements"][0]["statement"] == {"verb": {"id": "answered"}}


def test_exports_that_may_include_the_learner_are_listed(rich_learner, manager_a, manager_b, tree):
    from reporting import queries, services

    services.export_write(viewer=manager_a, filters=queries.Filters(unit=tree["P-A"]), fmt="csv",
                          target=__import__("io").BytesIO())
    services.export_write(viewer=manager_b, filters=queries.Filters(unit=tree["P-B"]), fmt="csv",
                          target=__import__("io").BytesIO())
    covering = personal_data(rich_learner)["exports_covering_you"]
    assert len(covering) == 1 and "P-A" in covering[0]["filter"]


def test_readable_page_shows_the_same_data(client, rich_learner):
    client.force_login(rich_learner)
    page = client.get(reverse("privacy:data_page"), HTTP_ACCEPT_LANGUAGE="vi")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Lê Thị Mận" in text and "Bài kiểm tra chuẩn CBCCVC" in text and "Kỹ năng số cơ bản" in text
    for key in SECTION_KEYS:
        assert f'id="{key}"' in text
    assert reverse("privacy:data_json") in text


def test_my_data_pages_need_login(client):
    for name in ("privacy:my_data", "privacy:data_page", "privacy:data_json", "privacy:delete"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_records_list_work_done_as_staff(make_user, rich_learner, manager_a):
    request = RequestFactory().get("/x/")
    request.user = manager_a
    log_reads(request=request, what=PersonalDataAccess.What.CERTIFICATE, subjects=[rich_learner])
    records = personal_data(manager_a)["staff_records"]
    reads = next(r for r in records if r["model"] == "privacy.PersonalDataAccess")
    assert reads["count"] == 1
    assert {ref.section for ref in registry.REFERENCES} <= set(SECTION_KEYS)
