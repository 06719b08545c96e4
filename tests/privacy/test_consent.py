"""Sign-up states the purpose and records consent; an existing user is asked once on their next sign-in."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from lms.accounts.models import User
from lms.privacy import notices
from lms.privacy.models import Consent, PrivacyNotice
from lms.privacy.services import CONSENT_REQUIRED, current_notice

pytestmark = pytest.mark.django_db
PASSWORD = "Hoc-vu-so-2025!"

# The SHA-256 of each published notice. A consent points at the text the person read: a published text is never
# edited in place. To change the notice, add a new version to notices.NOTICES, set CURRENT_VERSION, pin it here.
PUBLISHED = {"2026-1": "ff8c99c8301e1d1cfa0c1d6aa994b8e1122009124d6a0c86f8e161b80444ab10"}


def _signup(client, **overrides):
    data = {"full_name": "Trần Thị Hoa", "email": "hoa@example.vn", "password1": PASSWORD, "password2": PASSWORD,
            **overrides}
    return client.post(reverse("account_signup"), data, HTTP_ACCEPT_LANGUAGE="vi")


def test_signup_form_states_the_purpose_and_links_the_notice(client):
    page = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Tôi đã đọc và đồng ý với Thông báo xử lý dữ liệu cá nhân" in page
    assert "cấp chứng nhận" in page and "Không quảng cáo" in page  # the purposes, on the form itself
    assert reverse("privacy:notice") in page
    notice = client.get(reverse("privacy:notice"), HTTP_ACCEPT_LANGUAGE="vi")
    assert notice.status_code == 200 and "Mục đích xử lý" in notice.content.decode()


def test_no_account_without_consent(client):
    response = _signup(client)
    assert response.status_code == 200
    assert str(CONSENT_REQUIRED) in response.content.decode()
    assert not User.objects.filter(email="hoa@example.vn").exists()


def test_signup_records_what_was_shown_and_when(client):
    response = _signup(client, privacy_consent="on", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    user = User.objects.get(email="hoa@example.vn")
    consent = Consent.objects.get(user=user)
    assert consent.decision == Consent.Decision.ACCEPTED and consent.context == Consent.Context.SIGNUP
    assert consent.notice.version == notices.CURRENT_VERSION
    assert consent.notice.text_vi == notices.notice_text(notices.CURRENT_VERSION, "vi")
    assert consent.notice.sha256 == notices.notice_sha256(notices.CURRENT_VERSION)
    assert consent.at is not None and consent.language == "vi"
    # A new account is not asked again on its first page.
    assert client.get(reverse("my_learning")).status_code == 200


def test_published_notice_texts_are_never_edited():
    computed = {
        version: hashlib.sha256((texts["vi"] + "\n\n" + texts.get("en", "")).encode("utf-8")).hexdigest()
        for version, texts in notices.NOTICES.items()
    }
    assert computed == PUBLISHED
    assert notices.CURRENT_VERSION in PUBLISHED


def test_existing_user_is_asked_once_on_next_sign_in(client, make_user):
    make_user(email="cu@example.vn", password=PASSWORD)
    response = client.post(reverse("account_login"), {"login": "cu@example.vn", "password": PASSWORD})
    assert response.status_code == 302
    # Every page leads to the question until it is answered, and keeps where the person was going.
    page = client.get(reverse("my_learning"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("privacy:consent"))
    assert client.get(reverse("profile")).status_code == 302
    question = client.get(page["Location"])
    assert question.status_code == 200 and "Tôi đồng ý" in question.content.decode()
    assert "Mục đích xử lý" in question.content.decode()  # the notice itself is on the page
    answer = client.post(reverse("privacy:consent"), {"answer": "accept", "next": reverse("my_learning")},
                         REMOTE_ADDR="198.51.100.7")
    assert answer.status_code == 302 and answer["Location"] == reverse("my_learning")
    consent = Consent.objects.get(user__email="cu@example.vn")
    assert consent.context == Consent.Context.LOGIN and consent.ip_address == "198.51.100.7"
    assert client.get(reverse("my_learning")).status_code == 200
    # Next sign-in: not asked again.
    client.logout()
    client.post(reverse("account_login"), {"login": "cu@example.vn", "password": PASSWORD})
    assert client.get(reverse("my_learning")).status_code == 200
    assert Consent.objects.filter(user__email="cu@example.vn").count() == 1


def test_declining_logs_out_and_keeps_the_account(client, make_user):
    user = make_user(email="khong@example.vn", password=PASSWORD)
    client.post(reverse("account_login"), {"login": "khong@example.vn", "password": PASSWORD})
    response = client.post(reverse("privacy:consent"), {"answer": "decline"})
    assert response.status_code == 302
    assert Consent.objects.get(user=user).decision == Consent.Decision.DECLINED
    assert client.get(reverse("profile")).status_code == 302  # to the log-in page: logged out
    assert "/accounts/login/" in client.get(reverse("profile"))["Location"]
    assert User.objects.filter(pk=user.pk, is_active=True).exists()


def test_consent_next_cannot_leave_the_site(client, make_user):
    make_user(email="next@example.vn", password=PASSWORD)
    client.post(reverse("account_login"), {"login": "next@example.vn", "password": PASSWORD})
    response = client.post(reverse("privacy:consent"), {"answer": "accept", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_notice_row_is_stored_once_per_version():
    assert current_notice().pk == current_notice().pk
    assert PrivacyNotice.objects.filter(version=notices.CURRENT_VERSION).count() == 1


def test_admin_sign_in_is_asked_too(client, make_user):
    from lms.accounts.roles import EDITORS, ensure_roles

    ensure_roles()
    make_user(email="bientap@example.vn", password=PASSWORD, is_staff=True, groups=[EDITORS])
    response = client.post("/admin/login/", {"username": "bientap@example.vn", "password": PASSWORD})
    assert response.status_code == 302
    admin = client.get("/admin/")
    assert admin.status_code == 302 and admin["Location"].startswith(reverse("privacy:consent"))
    client.post(reverse("privacy:consent"), {"answer": "accept", "next": "/admin/"})
    assert client.get("/admin/").status_code == 200


def test_force_login_without_a_request_asks_nothing(client, make_user):
    """Logins with no HTTP request behind them (tests' force_login, a shell) set no question."""
    client.force_login(make_user())
    assert client.get(reverse("profile")).status_code == 200
