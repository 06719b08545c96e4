"""Password reset by SMS code (issue 15): phone → code → new password; rate-limited; no account oracle."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from lms.accounts import phone_reset

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("phone" not in settings.ACCOUNT_LOGIN_METHODS, reason="phone login is off"),
]
OLD = "Hoc-vu-so-2025!"
NEW = "Mat-khau-moi-2026!"


@pytest.fixture
def owner(make_user):
    return make_user(email="lan@example.vn", password=OLD, phone="+84912345678", phone_verified=False)


def codes(sms_dir) -> list[str]:
    if not sms_dir.exists():
        return []
    return [re.search(r"là (\d+)\.", p.read_text(encoding="utf-8")).group(1) for p in sorted(sms_dir.iterdir())]


def ask(client, phone="0912 345 678"):
    return client.post(reverse("account_reset_password_phone"), {"phone": phone})


def confirm(client, code, password=NEW, password2=None):
    data = {"code": code, "password1": password, "password2": password2 or password}
    return client.post(reverse("account_reset_password_phone_code"), data)


def test_reset_by_sms_code_sets_a_new_password(client, owner, _sms_to_tmp):
    html = client.get(reverse("account_login")).content.decode()
    assert reverse("account_reset_password_phone") in html  # "Quên mật khẩu? Nhận mã qua SMS"
    assert reverse("account_reset_password_phone") in client.get(reverse("account_reset_password")).content.decode()
    response = ask(client)
    assert response["Location"] == reverse("account_reset_password_phone_code")
    [code] = codes(_sms_to_tmp)
    assert re.fullmatch(r"\d{6}", code)
    page = client.get(response["Location"]).content.decode()
    assert "0912 345 678" in page and 'inputmode="numeric"' in page and 'autocomplete="one-time-code"' in page
    response = confirm(client, code)
    assert response["Location"] == reverse("account_login")
    owner.refresh_from_db()
    assert owner.check_password(NEW) and owner.phone_verified
    response = client.post(reverse("account_login"), {"login": "0912345678", "password": NEW})
    assert response.status_code == 302 and client.session.get("_auth_user_id") == str(owner.pk)
    assert confirm(Client(), code)["Location"] == reverse("account_reset_password_phone")  # used up


def test_unknown_number_gets_the_same_answer_and_no_sms(client, owner, _sms_to_tmp):
    known, unknown = Client(), Client()
    first, second = ask(known), ask(unknown, "0977 000 111")
    assert first["Location"] == second["Location"] == reverse("account_reset_password_phone_code")
    assert len(codes(_sms_to_tmp)) == 1  # only the account's number gets a text
    page = unknown.get(second["Location"]).content.decode()
    assert "Nếu số 0977 000 111 có tài khoản" in page
    response = confirm(unknown, "123456")
    assert response.status_code == 200 and str(phone_reset.CODE_WRONG) in response.content.decode()


def test_wrong_codes_are_counted_and_the_code_dies(client, owner, _sms_to_tmp):
    ask(client)
    [code] = codes(_sms_to_tmp)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(phone_reset.MAX_ATTEMPTS - 1):
        assert str(phone_reset.CODE_WRONG) in confirm(client, wrong).content.decode()
    assert str(phone_reset.CODE_DEAD) in confirm(client, wrong).content.decode()
    assert confirm(client, code)["Location"] == reverse("account_reset_password_phone")  # even the right one
    owner.refresh_from_db()
    assert owner.check_password(OLD)


def test_new_password_is_validated_and_must_match(client, owner, _sms_to_tmp):
    ask(client)
    [code] = codes(_sms_to_tmp)
    html = confirm(client, code, password="12345678").content.decode()  # all digits, too common
    assert 'id="id_password1_error"' in html
    html = confirm(client, code, password=NEW, password2=NEW + "x").content.decode()
    assert "Hai mật khẩu bạn nhập không giống nhau." in html
    owner.refresh_from_db()
    assert owner.check_password(OLD)


def test_codes_are_rate_limited_per_number_and_say_when(client, owner, _sms_to_tmp, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset_sms": "2/15m"}
    settings.RATE_LIMITS_ENABLED = True
    assert ask(Client())["Location"] and ask(Client())["Location"]
    response = ask(Client())
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Vui lòng thử lại sau" in response.content.decode()
    assert len(codes(_sms_to_tmp)) == 2


def test_code_page_without_a_pending_reset_goes_back_to_the_phone_form(client):
    response = client.get(reverse("account_reset_password_phone_code"))
    assert response["Location"] == reverse("account_reset_password_phone")
