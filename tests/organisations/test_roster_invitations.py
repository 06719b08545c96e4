"""Issue 14, "a manager cannot take over a learner": a roster changes only people already inside the manager's
units; anyone else with an account is invited and answers on their next sign-in; the report reads the same
whether an email has an account elsewhere or none."""

from __future__ import annotations

import io
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from lms.accounts.models import User
from lms.organisations.models import UnitInvitation
from lms.organisations.permissions import can_view_person
from lms.organisations.roster import INVITE, roster_import
from lms.organisations.services import INVITATION_ANSWERED
from lms.organisations.views import INVITATION_ACCEPTED, INVITATION_DECLINED
from lms.privacy.models import Consent
from lms.privacy.services import consent_record

from .test_roster import csv_bytes

PASSWORD = "Matkhau#2025"


@pytest.fixture
def lan(make_user, groups):
    """A self-registered learner: no unit, commune or province yet."""
    return make_user(email="lan@example.vn", full_name="Nguyễn Thị Lan", phone="+84912340000", phone_verified=True,
                     birth_year=1962, population_group=groups["adult"])


def _row(report, line):
    return next(r for r in report.rows if r.line == line)


def test_roster_does_not_take_over_a_self_registered_learner(tree, manager_a, lan, standard_test, record_attempt):
    """Failed before: the row renamed Lan and moved her into A's ward; A could then revoke her certificate."""
    from certificates.permissions import manageable_certificates

    record_attempt(lan, standard_test, 90)
    rows = [["Người Đổi Tên", "lan@example.vn", "0988000000", "C-A1", "civil-servant", "1990"]]
    report = roster_import(data=csv_bytes(rows), actor=manager_a, send=False)
    assert report.imported and _row(report, 2).action == INVITE
    lan_now = User.objects.get(pk=lan.pk)
    assert (lan_now.full_name, lan_now.phone, lan_now.birth_year) == ("Nguyễn Thị Lan", "+84912340000", 1962)
    assert (lan_now.unit_id, lan_now.commune_id, lan_now.province_id) == (None, None, None)
    assert lan_now.population_group.code == "adult"
    assert not can_view_person(manager_a, lan_now)
    assert not manageable_certificates(manager_a).filter(user=lan_now).exists()
    invitation = UnitInvitation.objects.get(user=lan)
    assert (invitation.status, invitation.unit, invitation.invited_by) == ("pending", tree["C-A1"], manager_a)


def test_people_placed_elsewhere_and_staff_are_invited_too(tree, manager_a, person, make_user):
    elsewhere = person(tree["C-B1"], email="bac@example.vn", full_name="Người Ở Bắc")
    editor = make_user(email="editor@example.vn", is_staff=True, full_name="Biên Tập")
    rows = [["Người Xa", "bac@example.vn", "", "C-A1", "", ""], ["Người Yên", "editor@example.vn", "", "C-A1", "", ""]]
    report = roster_import(data=csv_bytes(rows), actor=manager_a, send=False)
    assert [r.action for r in report.rows] == [INVITE, INVITE]
    assert User.objects.get(pk=elsewhere.pk).full_name == "Người Ở Bắc"
    assert User.objects.get(pk=elsewhere.pk).commune_id == tree["C-B1"].pk
    assert User.objects.get(pk=editor.pk).full_name == "Biên Tập"
    assert UnitInvitation.objects.filter(status="pending").count() == 2


def test_people_inside_the_managers_units_are_still_updated(tree, manager_a, person):
    mine = person(tree["S-A2"], email="mine@example.vn", full_name="Người Của A")
    report = roster_import(data=csv_bytes([["Người Của A Mới", "mine@example.vn", "", "C-A1", "", ""]]),
                           actor=manager_a, send=False)
    assert _row(report, 2).action == "moved"  # an update that changes the unit (issue 16: reported as a move)
    assert User.objects.get(pk=mine.pk).full_name == "Người Của A Mới"
    assert not UnitInvitation.objects.exists()


def test_a_national_manager_invites_people_with_no_place(tree, national_manager, lan):
    roster_import(data=csv_bytes([["Người Khác", "lan@example.vn", "", "C-A1", "", ""]]), actor=national_manager,
                  send=False)
    assert User.objects.get(pk=lan.pk).full_name == "Nguyễn Thị Lan"
    assert UnitInvitation.objects.filter(user=lan, status="pending").exists()


def test_the_report_is_no_account_existence_oracle(client, tree, manager_a, lan, person):
    """An email with an account elsewhere and an email with none read alike, before and after import, in the
    report and on the page; phone-only rows get the same kind of slip."""
    person(tree["C-B1"], full_name="Người Có Số", phone="+84933333333")
    rows = [
        ["Người A", "lan@example.vn", "", "C-A1", "", ""],  # 2 exists, no place
        ["Người B", "moi@example.vn", "", "C-A1", "", ""],  # 3 new
        ["Người C", "", "0933333333", "C-A1", "", ""],  # 4 phone of someone in B
        ["Người D", "", "0944444444", "C-A1", "", ""],  # 5 new phone
    ]
    client.force_login(manager_a)
    url = reverse("reporting:roster_import")

    def post(valid_only=False):
        upload = io.BytesIO(csv_bytes(rows))
        upload.name = "ds.csv"
        preview = client.post(url, {"file": upload, "valid_only": valid_only} if valid_only else {"file": upload})
        if preview.context["upload"] is None:
            return preview
        return client.post(reverse("reporting:roster_confirm", args=[preview.context["upload"].pk]))  # issue 16

    def result_cells(html):
        return [re.sub(r"<[^>]+>", "", cell).strip()
                for cell in re.findall(r'<tr class="row-[a-z]+"><td>\d+</td>.*?<td>([^<]*(?:<[^t][^<]*)*)</td></tr>',
                                       html, flags=re.S)]

    response = post()
    html = response.content.decode()
    # 1. The same: every row's action, errors and shown changes.
    report = response.context["report"]
    assert report.imported
    shown = [(r.action, r.action_label, r.errors, r.changes) for r in report.rows]
    assert shown == [(INVITE, "Đã mời", [], {})] * 4
    assert report.counts == {INVITE: 4, "updated": 0, "moved": 0, "unchanged": 0, "refused": 0}
    # Both phone-only rows get a slip of the same shape.
    slips = [r.activation_link for r in report.printable_links]
    assert len(slips) == 2 and all(re.fullmatch(re.escape(settings.BASE_URL) + r"/accounts/invitations/[\w-]{32}/", s) for s in slips)
    # 2. The page: the row classes and result cells do not differ.
    assert html.count('class="row-invited"') == 4 and "row-created" not in html
    cells = result_cells(html)
    assert len(cells) == 4 and len(set(cells)) == 1
    assert "lan@example.vn" in html and "Nguyễn Thị Lan" not in html  # the file's name only, never the account's


def test_invited_person_answers_on_next_sign_in(client, tree, manager_a, lan, groups):
    roster_import(data=csv_bytes([["Người Khác", "lan@example.vn", "", "A-A1-X", "civil-servant", ""]]),
                  actor=manager_a, base_url="https://hocvuso.example")
    # The email tells her, without a password link; nothing changed yet.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lan@example.vn"]
    assert "https://hocvuso.example/accounts/invitations/" in mail.outbox[0].body
    assert "password/reset" not in mail.outbox[0].body
    # Signing in leads to the invitations page (she has answered the privacy notice already).
    consent_record(user=lan, context=Consent.Context.LOGIN)
    response = client.post(reverse("account_login"), {"login": "lan@example.vn", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].startswith(reverse("unit_invitations"))
    page = client.get(response.headers["Location"])
    assert "UBND phường Một" in page.content.decode()
    invitation = UnitInvitation.objects.get(user=lan)
    response = client.post(reverse("unit_invitations"), {"invitation": invitation.pk, "answer": "accept"},
                           follow=True)
    assert str(INVITATION_ACCEPTED) % {"unit": "UBND phường Một"} in response.content.decode()
    lan_now = User.objects.get(pk=lan.pk)
    assert (lan_now.unit, lan_now.commune, lan_now.province) == (tree["A-A1-X"], tree["C-A1"], tree["P-A"])
    assert lan_now.population_group == groups["civil-servant"] and lan_now.full_name == "Nguyễn Thị Lan"
    assert can_view_person(manager_a, lan_now)
    # A second answer changes nothing.
    response = client.post(reverse("unit_invitations"), {"invitation": invitation.pk, "answer": "decline"},
                           follow=True)
    assert str(INVITATION_ANSWERED) in response.content.decode()
    assert UnitInvitation.objects.get(pk=invitation.pk).status == "accepted"


def test_declining_changes_nothing_and_others_cannot_answer(client, tree, manager_a, lan, make_user):
    roster_import(data=csv_bytes([["Người Khác", "lan@example.vn", "", "C-A1", "", ""]]), actor=manager_a, send=False)
    invitation = UnitInvitation.objects.get(user=lan)
    client.force_login(manager_a)  # not hers: 404, and still pending
    assert client.post(reverse("unit_invitations"), {"invitation": invitation.pk, "answer": "accept"}).status_code \
        == 404
    assert UnitInvitation.objects.get(pk=invitation.pk).status == "pending"
    client.force_login(lan)
    response = client.post(reverse("unit_invitations"), {"invitation": invitation.pk, "answer": "decline"},
                           follow=True)
    assert str(INVITATION_DECLINED) % {"unit": "Phường Một"} in response.content.decode()
    assert User.objects.get(pk=lan.pk).commune_id is None
    assert not can_view_person(manager_a, User.objects.get(pk=lan.pk))


def test_slip_activates_only_an_account_the_roster_created(client, tree, manager_a, person, make_user):
    person(tree["C-B1"], full_name="Người Có Số", phone="+84933333333")
    rows = [["Người C", "", "0933333333", "C-A1", "", ""], ["Người D", "", "0944444444", "C-A1", "", ""]]
    report = roster_import(data=csv_bytes(rows), actor=manager_a, send=False)
    existing_slip, new_slip = (_row(report, 2).activation_link, _row(report, 3).activation_link)
    # The new account's slip leads to choosing a password.
    response = client.get(new_slip)
    assert response.status_code == 302 and "/accounts/password/reset/key/" in response.headers["Location"]
    # The existing account's slip never does: sign in first; anyone else signed in gets 404.
    response = client.get(existing_slip)
    assert response.status_code == 302 and "/login/" in response.headers["Location"]
    client.force_login(manager_a)
    assert client.get(existing_slip).status_code == 404
    assert client.get("/accounts/invitations/not-a-token/").status_code == 404




# --- Audit 2026-12-04 ----------------------------------------------------------------------------


def test_an_invitation_lapses_when_its_manager_no_longer_manages_the_unit(client, tree, manager_a, lan):
    """Failed before: after manager A's assignment was removed, Lan could still accept A's old invitation, and was
    moved into a unit on the word of someone who no longer managed it."""
    from lms.organisations.models import ManagerAssignment
    from lms.organisations.services import INVITATION_LAPSED

    roster_import(data=csv_bytes([["Người Khác", "lan@example.vn", "", "C-A1", "", ""]]), actor=manager_a, send=False)
    invitation = UnitInvitation.objects.get(user=lan)
    ManagerAssignment.objects.filter(user=manager_a).delete()
    client.force_login(lan)
    page = client.get(reverse("unit_invitations"))
    assert "Phường Một" not in page.content.decode()  # no longer offered
    response = client.post(reverse("unit_invitations"), {"invitation": invitation.pk, "answer": "accept"},
                           follow=True)
    assert str(INVITATION_LAPSED) in response.content.decode()
    lan_now = User.objects.get(pk=lan.pk)
    assert (lan_now.unit_id, lan_now.commune_id, lan_now.province_id) == (None, None, None)
    assert UnitInvitation.objects.get(pk=invitation.pk).status == "pending"


def test_a_deactivated_managers_invitation_lapses_too(client, tree, manager_a, lan):
    roster_import(data=csv_bytes([["Người Khác", "lan@example.vn", "", "C-A1", "", ""]]), actor=manager_a, send=False)
    invitation = UnitInvitation.objects.get(user=lan)
    User.objects.filter(pk=manager_a.pk).update(is_active=False)
    client.force_login(lan)
    client.post(reverse("unit_invitations"), {"invitation": invitation.pk, "answer": "accept"})
    assert User.objects.get(pk=lan.pk).commune_id is None


@pytest.mark.parametrize("value", ["²", "١", "9" * 40])
def test_an_odd_invitation_number_is_not_a_server_error(client, lan, value):
    """Failed before: "²".isdigit() is True but int("²") raises: any signed-in person got a 500."""
    client.force_login(lan)
    response = client.post(reverse("unit_invitations"), {"invitation": value, "answer": "accept"})
    assert response.status_code in (302, 404)


def test_answering_needs_the_csrf_token(tree, manager_a, lan):
    """Held (audit 2026-12-04): a page elsewhere cannot make Lan accept an invitation."""
    from django.test import Client

    roster_import(data=csv_bytes([["Người Khác", "lan@example.vn", "", "C-A1", "", ""]]), actor=manager_a, send=False)
    invitation = UnitInvitation.objects.get(user=lan)
    client = Client(enforce_csrf_checks=True)
    client.force_login(lan)
    response = client.post(reverse("unit_invitations"), {"invitation": invitation.pk, "answer": "accept"})
    assert response.status_code == 403
    assert UnitInvitation.objects.get(pk=invitation.pk).status == "pending"
    assert User.objects.get(pk=lan.pk).commune_id is None
