"""Issue 14, hole 6: password-reset and other emailed links took the request's ``Host``. Whoever asked for a reset
of someone else's account with ``Host: evil.example`` (any host the deployment accepts: ``localhost`` in the
embedded mode, every name a wildcard or a proxy lets through in production) had the victim receive a link to the
attacker's server carrying a valid reset key. Links are now built from ``BASE_URL``
(``lms.accounts.adapter.public_url``)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

BASE = "https://hocvuso.example.vn"
FORGED = "evil.example"


@pytest.fixture(autouse=True)
def _hosts(settings, db):
    settings.BASE_URL = BASE
    settings.ALLOWED_HOSTS = ["*"]  # a host the deployment accepts: the forged one reaches the view


def _links(message) -> list[str]:
    bodies = [message.body, *(content for content, _type in getattr(message, "alternatives", []))]
    return [link for body in bodies for link in re.findall(r"https?://[^\s\"'<>]+", body)]


def _assert_only_base(message) -> list[str]:
    links = _links(message)
    assert links, message.body
    assert FORGED not in message.body and FORGED not in message.subject
    assert all(link.startswith(BASE + "/") for link in links), links
    return links


def test_password_reset_link_ignores_a_forged_host(client, make_user):
    make_user(email="nan.nhan@example.vn")
    response = client.post(reverse("account_reset_password"), {"email": "nan.nhan@example.vn"}, HTTP_HOST=FORGED)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    (link,) = _assert_only_base(mail.outbox[0])
    assert "/accounts/password/reset/key/" in link
    response = client.get(link.removeprefix(BASE))  # the link still works
    assert response.status_code == 302


def test_password_reset_for_an_unknown_email_points_at_our_sign_up(client, settings):
    settings.ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
    client.post(reverse("account_reset_password"), {"email": "chua.co@example.vn"}, HTTP_HOST=FORGED)
    assert len(mail.outbox) == 1
    _assert_only_base(mail.outbox[0])


def test_sign_up_confirmation_link_ignores_a_forged_host(client):
    client.post(reverse("account_signup"), {
        "full_name": "Lê Thị Lan", "email": "lan.le@example.vn", "password1": "Mat-khau-2026!",
        "password2": "Mat-khau-2026!", "privacy_consent": "on",
    }, HTTP_HOST=FORGED)
    assert len(mail.outbox) == 1
    (link,) = _assert_only_base(mail.outbox[0])
    assert "/accounts/confirm-email/" in link


def test_roster_activation_links_ignore_a_forged_host(client, tree, national_manager):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(national_manager)
    csv = "Họ và tên,Email,Mã đơn vị\nPhạm Văn Mới,moi@example.vn,C-A1\n".encode()
    preview = client.post("/manage/roster/", {"file": SimpleUploadedFile("ds.csv", csv, "text/csv")},
                          HTTP_HOST=FORGED)
    assert preview.status_code == 200 and FORGED not in preview.content.decode()
    # the upload is a dry run since issue 16: the accounts (and their links) come with the confirmation
    response = client.post(reverse("reporting:roster_confirm", args=[preview.context["upload"].pk]), HTTP_HOST=FORGED)
    assert response.status_code == 200
    html = response.content.decode()
    assert FORGED not in html
    assert f"{BASE}/accounts/password/reset/key/" in html or any(
        f"{BASE}/accounts/password/reset/key/" in message.body for message in mail.outbox)


def test_revocation_list_names_itself_from_base_url(client, settings):
    settings.CERT_BASE_URL = BASE
    data = client.get("/verify/revocations/", HTTP_HOST=FORGED).json()
    assert data["id"] == f"{BASE}/verify/revocations/"
