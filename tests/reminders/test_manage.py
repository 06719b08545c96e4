"""Managers' reminders: only people in scope, the weekly limit, once a day, the last-reminded dates; the signed
unsubscribe link; the person's data download."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from reminders import services
from reminders.models import Delivery

from .conftest import at, inbox

D = dt.date(2027, 3, 20)
NOW = at(D - dt.timedelta(days=10), 10)


@pytest.fixture
def people(tree, person):
    return {"a1": person(tree["C-A1"]), "x": person(tree["A-A1-X"]), "s2": person(tree["S-A2"]),
            "b": person(tree["C-B1"])}


def test_a_manager_reminds_only_people_in_their_scope(tree, people, requirement, make_manager, manager_b):
    everyone = requirement(D, unit=None)
    commune_manager = make_manager(tree["C-A1"])
    outcome = services.manager_remind(manager=commune_manager, requirement=everyone, now=NOW)
    assert outcome.queued == 2
    assert set(Delivery.objects.values_list("user_id", flat=True)) == {people["a1"].pk, people["x"].pk}
    in_a = requirement(D, unit="P-A")
    with pytest.raises(PermissionDenied):  # a requirement of province A is not province B's manager's
        services.manager_remind(manager=manager_b, requirement=in_a, now=NOW)


def test_once_a_day_and_never_more_than_the_weekly_limit(settings, people, requirement, manager_a, mailoutbox):
    settings.REMINDER_WEEKLY_LIMIT = 2
    req = requirement(D)
    first = services.manager_remind(manager=manager_a, requirement=req, now=NOW)
    again = services.manager_remind(manager=manager_a, requirement=req, now=NOW + dt.timedelta(hours=2))
    assert (first.queued, again.queued, again.already) == (3, 0, 3)
    services.deliveries_send(ids=list(Delivery.objects.values_list("pk", flat=True)), now=NOW)
    second = services.manager_remind(manager=manager_a, requirement=req, now=NOW + dt.timedelta(days=1))
    third = services.manager_remind(manager=manager_a, requirement=req, now=NOW + dt.timedelta(days=2))
    assert (second.queued, third.queued, third.over_limit) == (3, 0, 3)
    eighth_day = services.manager_remind(manager=manager_a, requirement=req, now=NOW + dt.timedelta(days=7, hours=1))
    assert eighth_day.queued == 3  # the first reminder left the seven-day window
    assert len(inbox(people["a1"])) == 1  # only the first round was sent in this test


def test_the_page_lists_who_owes_with_last_reminded_and_sends(
    settings, client, people, requirement, manager_a, django_capture_on_commit_callbacks, mailoutbox,
):
    settings.REMINDER_QUIET_HOURS = ""  # the view runs on the real clock
    req = requirement(D)
    client.force_login(manager_a)
    page = client.get(f"/manage/reminders/?requirement={req.pk}")
    html = page.content.decode()
    assert page.status_code == 200 and "Chưa nhắc" in html
    assert f'data-user="{people["b"].pk}"' not in html  # province B is not theirs
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/manage/reminders/send/", {"requirement": req.pk})
    assert sent.status_code == 302
    assert len(inbox(people["a1"])) == 1 and inbox(people["b"]) == []
    assert inbox(people["a1"])[0].subject == "Nhắc nhở từ cán bộ quản lý: Bài kiểm tra chuẩn CBCCVC"
    html = client.get(sent["Location"]).content.decode()
    assert "Chưa nhắc" not in html and "Đã gửi lời nhắc đến 3 người" in html


def test_another_provinces_manager_cannot_send_or_see(client, tree, people, requirement, manager_b):
    req = requirement(D, unit="P-A")
    client.force_login(manager_b)
    assert client.get(f"/manage/reminders/?requirement={req.pk}").status_code == 404
    assert client.post("/manage/reminders/send/", {"requirement": req.pk}).status_code == 404
    assert client.get(f"/manage/reminders/?unit={tree['P-A'].pk}").status_code == 404
    assert not Delivery.objects.exists()


def test_the_unsubscribe_link_is_signed_and_cannot_be_forged(client, people, settings):
    from django.core import signing

    from reminders.messages import UNSUBSCRIBE_SALT, unsubscribe_token
    from reminders.models import Preference

    victim = people["a1"]
    mine = unsubscribe_token(people["x"].pk)
    forged = [
        mine.replace(mine.split(":")[0], signing.dumps({"u": victim.pk}, salt=UNSUBSCRIBE_SALT).split(":")[0]),
        signing.dumps({"u": victim.pk}, salt="another.salt"),
        signing.dumps({"u": victim.pk}, salt=UNSUBSCRIBE_SALT, key="not-the-secret-key"),
        "x" + mine, "",
    ]
    for token in forged:
        assert client.post(f"/reminders/unsubscribe/{token}/").status_code == 404, token
    assert not Preference.objects.filter(user=victim, nudges=False).exists()
    assert client.post(f"/reminders/unsubscribe/{unsubscribe_token(victim.pk)}/").status_code == 200
    assert Preference.objects.get(user=victim).nudges is False


def test_the_settings_page_saves_the_learners_choices(client, people):
    from reminders.models import Preference

    client.force_login(people["a1"])
    assert client.get("/en/reminders/settings/").status_code == 200
    response = client.post("/reminders/settings/", {"by_sms": "on", "language": "en"})
    assert response.status_code == 302
    pref = Preference.objects.get(user=people["a1"])
    assert (pref.by_email, pref.by_sms, pref.nudges, pref.language) == (False, True, False, "en")


def test_reminders_are_in_the_data_download_and_erased_with_the_account(people, requirement, manager_a):
    from lms.privacy.selectors import personal_data

    services.manager_remind(manager=manager_a, requirement=requirement(D), now=NOW)
    data = personal_data(people["a1"])
    assert [row["kind"] for row in data["reminders"]] == ["manager"]
    assert any(r["model"] == "reminders.Delivery" for r in personal_data(manager_a)["staff_records"])
    from lms.privacy.services import anonymise_user

    anonymise_user(user=people["a1"])
    assert not Delivery.objects.filter(user=people["a1"]).exists()
