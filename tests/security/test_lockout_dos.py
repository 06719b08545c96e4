"""Issue 14, hole 3: the lock-out was a denial of service. Anyone who knew an email (the staff emails are in the
README) could keep that account locked with five wrong passwords from anywhere, admins included. Now
(``lms.accounts.lockout``): the lock counts per account AND source; across sources the account is only slowed
down (2, 4… at most 60 s), never locked, and never for the owner's own browser (its device cookie); the owner is
told by mail (or SMS) with a signed link that unlocks the account from the browser that opens it."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail
from django.test import Client

from lms.accounts import lockout

PASSWORD = "Matkhau#2025"
LOCKED = "Tài khoản tạm khóa"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.BASE_URL = "https://hocvuso.example.vn"


def _login(client, login, password, ip):
    return client.post("/accounts/login/", {"login": login, "password": password}, REMOTE_ADDR=ip)


def _logged_in(response) -> bool:
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def test_an_attacker_locks_only_their_own_source(make_user):
    admin = make_user(is_staff=True, is_superuser=True)
    attacker = Client()
    for _ in range(5):
        _login(attacker, admin.email, "doan-bua", "203.0.113.66")
    assert LOCKED in _login(attacker, admin.email, PASSWORD, "203.0.113.66").content.decode()
    assert _logged_in(_login(Client(), admin.email, PASSWORD, "198.51.100.10")), "the owner elsewhere is not locked"


def test_many_sources_only_slow_the_account_down_and_never_the_owners_browser(make_user, monkeypatch):
    owner = make_user()
    browser = Client()
    assert _logged_in(_login(browser, owner.email, PASSWORD, "198.51.100.10"))  # the owner's usual browser
    device = browser.cookies[lockout.DEVICE_COOKIE].value
    browser.logout()  # (the test client's log-out forgets every cookie; a browser keeps this one)
    browser.cookies[lockout.DEVICE_COOKIE] = device
    for n in range(lockout.ACCOUNT_SLOWDOWN_AFTER):  # a botnet: one try per address
        _login(Client(), owner.email, "doan-bua", f"203.0.113.{n}")
    fresh = _login(Client(), owner.email, PASSWORD, "203.0.113.200")
    assert not fresh.wsgi_request.user.is_authenticated
    match = re.search(r"hãy chờ (\d+) giây", fresh.content.decode())
    assert match and 0 < int(match.group(1)) <= lockout.MAX_DELAY, "slowed down, with the wait said"
    assert _logged_in(_login(browser, owner.email, PASSWORD, "198.51.100.10")), "the owner's browser is exempt"
    later = time.time() + lockout.MAX_DELAY + 1  # the slow-down is bounded: not a lock
    monkeypatch.setattr(time, "time", lambda: later)
    assert _logged_in(_login(Client(), owner.email, PASSWORD, "203.0.113.201"))


def test_the_owner_is_told_and_unlocks_from_the_link(make_user):
    staff = make_user(is_staff=True)
    for n in range(lockout.ACCOUNT_SLOWDOWN_AFTER):
        _login(Client(), staff.email, "doan-bua", f"203.0.113.{n}")
    assert len(mail.outbox) == 1, "told once per window, not once per failure"
    message = mail.outbox[0]
    assert message.to == [staff.email]
    link = re.search(r"https://hocvuso\.example\.vn(/\S*/accounts/unlock/\S+/|/accounts/unlock/\S+/)", message.body)
    assert link, message.body
    new_browser = Client()  # a browser the owner never used here (their phone)
    assert not _login(new_browser, staff.email, PASSWORD, "198.51.100.20").wsgi_request.user.is_authenticated
    opened = new_browser.get(link.group(1), REMOTE_ADDR="198.51.100.20")
    assert opened.status_code == 302 and lockout.DEVICE_COOKIE in opened.cookies
    assert _logged_in(_login(new_browser, staff.email, PASSWORD, "198.51.100.20"))


def test_a_forged_or_expired_unlock_link_unlocks_nothing(client, make_user):
    user = make_user()
    for n in range(lockout.ACCOUNT_SLOWDOWN_AFTER):
        _login(Client(), user.email, "doan-bua", f"203.0.113.{n}")
    response = client.get("/accounts/unlock/khong-hop-le/")
    assert response.status_code == 302 and lockout.DEVICE_COOKIE not in response.cookies
    assert lockout.account_failures(user.email)[0] == lockout.ACCOUNT_SLOWDOWN_AFTER


def test_a_phone_only_account_is_told_by_sms(make_user, settings):
    from lms.accounts.services import normalise_phone

    sent = []
    settings.SMS_BACKEND = "tests.security.test_lockout_dos.record_sms"
    record_sms.sent = sent
    user = make_user(phone=normalise_phone("0912345678"))
    type(user).objects.filter(pk=user.pk).update(email="")
    user.refresh_from_db()
    assert lockout.notify_owner(f"phone:{user.phone}", 10)
    assert sent and sent[0][0] == user.phone and "/accounts/unlock/" in sent[0][1]


def record_sms(phone, message):
    record_sms.sent.append((phone, message))
