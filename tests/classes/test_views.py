"""The pages: the public listing holds nothing of the visitor's, registration by POST, the QR check-in journey,
hand-edited URLs (another unit's session, another session's code), learners kept off the team's pages, rate
limits on check-in."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from classes import services, tokens
from classes.models import Attendance, Registration


@pytest.fixture
def soon(make_trainer, tree):
    """A session of C-A1 that started ten minutes ago (real clock: the views read it)."""
    trainer = make_trainer(tree["C-A1"], full_name="Trần Thị Hướng")
    from classes.models import Session

    start = timezone.now() - dt.timedelta(minutes=10)
    session = Session.objects.create(unit=tree["C-A1"], topic="Thanh toán hoá đơn điện bằng mã QR",
                                     place="Nhà văn hoá tổ dân phố 5", starts_at=start,
                                     ends_at=start + dt.timedelta(hours=2), capacity=30)
    session.trainers.set([trainer])
    return session, trainer


@pytest.fixture
def later(tree):
    from classes.models import Session

    start = timezone.now() + dt.timedelta(days=2)
    return Session.objects.create(unit=tree["C-A1"], topic="Hướng dẫn cài đặt VNeID mức 2",
                                  place="Nhà văn hoá tổ dân phố 5", starts_at=start,
                                  ends_at=start + dt.timedelta(hours=2), capacity=1)


def test_public_listing_is_the_same_for_everyone(client, later, person, tree):
    learner = person(tree["C-A1"], full_name="Phạm Thị Riêng Tư")
    services.registration_create(user=learner, session=later)
    anonymous = client.get("/classes/").content.decode()
    client.force_login(learner)
    signed_in = client.get("/classes/").content.decode()
    assert "Hướng dẫn cài đặt VNeID mức 2" in anonymous
    def main(html):  # the page's own part (the assistant's box below it draws a nonce per response)
        return html.split("<h1>", 1)[1].split('<section class="assistant-box"', 1)[0]

    assert main(anonymous) == main(signed_in)  # nothing of the learner's (registration, name) in the listing
    assert "Phạm Thị Riêng Tư" not in main(signed_in)
    assert client.get("/classes/", {"province": "P-B"}).content.decode().count("data-session=") == 0
    assert client.get("/classes/", {"province": "P-A", "commune": "C-A1"}).content.decode().count("data-session=") == 1
    assert client.get("/classes/", {"province": "P-B", "commune": "C-A1"}).status_code == 404  # a ward of another
    assert client.get("/classes/", {"province": "C-A1"}).status_code == 404
    near = client.get("/classes/near/").content.decode()
    assert f'data-registered="{later.pk}"' in near


def test_register_and_cancel_by_post_only(client, later, person, tree):
    learner, other = person(tree["C-A1"]), person(tree["C-A1"])
    assert client.post(f"/classes/{later.pk}/register/").status_code == 302  # to the log-in page
    assert not Registration.objects.exists()
    client.force_login(learner)
    assert client.get(f"/classes/{later.pk}/register/").status_code == 405
    client.post(f"/classes/{later.pk}/register/")
    client.post(f"/classes/{later.pk}/register/")  # double click
    later.refresh_from_db()
    assert later.seats_taken == 1
    client.force_login(other)
    response = client.post(f"/classes/{later.pk}/register/", follow=True)
    assert str(services.FULL) in response.content.decode()
    assert client.post("/classes/999999/register/").status_code == 404


def test_qr_checkin_journey_and_refusals(client, soon, person, tree):
    session, _trainer = soon
    learner = person(tree["C-A1"])
    code = tokens.current_token(session.pk)
    # Not signed in: the code is checked, the ticket survives signing in.
    response = client.get(f"/classes/checkin/{session.pk}/", {"t": code})
    assert response.status_code == 302 and "/confirm/?k=" in response["Location"]
    confirm = response["Location"]
    assert "/accounts/login/" in client.get(confirm)["Location"]
    client.force_login(learner)
    page = client.get(confirm)
    assert page.status_code == 200 and "Xác nhận có mặt" in page.content.decode()
    ticket = confirm.split("?k=", 1)[1]
    done = client.post(f"/classes/checkin/{session.pk}/confirm/", {"k": ticket})
    assert "Đã ghi nhận bạn có mặt" in done.content.decode()
    again = client.post(f"/classes/checkin/{session.pk}/confirm/", {"k": ticket})
    assert str(services.ALREADY_CHECKED_IN) in again.content.decode()
    assert Attendance.objects.filter(session=session, user=learner).count() == 1
    # An old code, a made-up code, another session's ticket: refused.
    old = tokens.token_for(session.pk, tokens.window_of(timezone.now().timestamp()) - 3)
    for bad in (old, "0" * 20, ""):
        refused = client.get(f"/classes/checkin/{session.pk}/", {"t": bad})
        assert refused.status_code == 403 and str(services.CODE_EXPIRED) in refused.content.decode()
    assert client.post(f"/classes/checkin/{session.pk}/confirm/", {"k": tokens.ticket_for(session.pk + 1)}).status_code == 403


def test_checkin_is_rate_limited(client, soon, person, tree, settings):
    session, _trainer = soon
    client.force_login(person(tree["C-A1"]))
    statuses = [client.get(f"/classes/checkin/{session.pk}/", {"t": "0" * 20}).status_code for _ in range(12)]
    assert statuses[:10] == [403] * 10 and statuses[-1] == 429


def test_team_pages_scope(client, soon, later, person, make_trainer, make_manager, tree):
    session, trainer = soon
    learner = person(tree["C-A1"], full_name="Lê Văn Đăng Ký", phone="+84912345001")
    services.registration_create(user=learner, session=later)
    outsider = make_trainer(tree["C-B1"])
    manager_b = make_manager(tree["P-B"])
    client.force_login(learner)
    for url in ("/manage/classes/", f"/manage/classes/{session.pk}/", f"/manage/classes/{session.pk}/qr/",
                "/manage/classes/new/", "/manage/classes/report/"):
        assert client.get(url).status_code == 403, url
    for user in (outsider, manager_b):
        client.force_login(user)
        assert client.get("/manage/classes/").status_code == 200
        for url in (f"/manage/classes/{later.pk}/", f"/manage/classes/{later.pk}/qr/",
                    f"/manage/classes/{later.pk}/qr.json", f"/manage/classes/{later.pk}/edit/"):
            assert client.get(url).status_code == 404, url
        response = client.post(f"/manage/classes/{session.pk}/mark/", json.dumps({"key": "k-x-0000001", "user_id": learner.pk}),
                               content_type="application/json")
        assert response.status_code == 404
    client.force_login(trainer)
    sheet = client.get(f"/manage/classes/{later.pk}/").content.decode()
    assert "Lê Văn Đăng Ký" in sheet
    from lms.privacy.models import PersonalDataAccess

    assert PersonalDataAccess.objects.filter(reader=trainer, subject=learner, what="session_sheet").exists()
    qr = client.get(f"/manage/classes/{session.pk}/qr/").content.decode()
    assert "<svg" in qr and f"/classes/checkin/{session.pk}/?t=" in qr
    data = client.get(f"/manage/classes/{session.pk}/qr.json").json()
    assert tokens.token_valid(session.pk, data["url"].rsplit("t=", 1)[1])


def test_mark_endpoint_json_and_form(client, soon, person, tree):
    session, trainer = soon
    learner = person(tree["C-A1"])
    services.registration_create(user=learner, session=session, now=session.starts_at - dt.timedelta(days=1))
    client.force_login(trainer)
    body = json.dumps({"key": "offline-key-0001", "user_id": learner.pk,
                       "marked_at": (session.starts_at + dt.timedelta(minutes=3)).isoformat()})
    first = client.post(f"/manage/classes/{session.pk}/mark/", body, content_type="application/json").json()
    again = client.post(f"/manage/classes/{session.pk}/mark/", body, content_type="application/json").json()
    assert (first["outcome"], again["outcome"], again["replayed"]) == ("marked", "marked", True)
    assert Attendance.objects.get(session=session).attended_at == session.starts_at + dt.timedelta(minutes=3)
    bad = client.post(f"/manage/classes/{session.pk}/mark/", json.dumps({"key": "short", "user_id": learner.pk}),
                      content_type="application/json")
    assert bad.status_code == 400
    form = client.post(f"/manage/classes/{session.pk}/mark/", {"key": "form-key-00001", "phone": "0912 777 888",
                                                                 "full_name": "Hoàng Văn Nông"}, follow=True)
    assert "Đã điểm danh" in form.content.decode()
    assert Attendance.objects.filter(session=session).count() == 2


def test_schedule_a_session_through_the_form(client, make_trainer, tree, two_lesson_course):
    from classes.models import Session

    trainer = make_trainer(tree["C-A1"])
    client.force_login(trainer)
    assert client.get("/manage/classes/new/").status_code == 200
    data = {"topic": "Hướng dẫn cài đặt VNeID mức 2", "unit": tree["C-A1"].pk, "place": "Nhà văn hoá tổ dân phố 5",
            "address": "Số 12 đường Lê Lợi", "starts_at": "2027-01-10T08:00", "ends_at": "2027-01-10T07:00",
            "capacity": "40", "trainers": [trainer.pk], "course": two_lesson_course.pk, "counts": "course"}
    response = client.post("/manage/classes/new/", data)
    assert response.status_code == 200 and "Giờ kết thúc phải sau giờ bắt đầu" in response.content.decode()
    data["ends_at"] = "2027-01-10T10:00"
    data["unit"] = tree["C-B1"].pk  # not theirs: not even a choice
    assert client.post("/manage/classes/new/", data).status_code == 200 and not Session.objects.exists()
    data["unit"] = tree["C-A1"].pk
    response = client.post("/manage/classes/new/", data)
    session = Session.objects.get()
    assert response.status_code == 302 and session.counts == "course" and session.course_id == two_lesson_course.pk
    assert timezone.localtime(session.starts_at).hour == 8


@pytest.mark.django_db
def test_every_page_links_the_public_listing(client):
    """The guided sessions are found from any page (the footer, the same for every visitor), in both languages."""
    from django.urls import reverse
    from django.utils import translation

    for language, text in (("vi", "Buổi hướng dẫn trực tiếp"), ("en", "In-person guided sessions")):
        with translation.override(language):
            page, listing = reverse("quizzes:list"), reverse("classes:list")
        html = client.get(page).content.decode()
        assert f'<a href="{listing}">{text}</a>' in html, language
