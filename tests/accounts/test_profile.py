import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lms.accounts import services
from lms.accounts.services import profile_update

pytestmark = pytest.mark.django_db


def form_data(units, **overrides):
    data = {
        "full_name": "Nguyễn Thị Lan",
        "phone": "",
        "birth_year": "1962",
        "population_group": "",
        "province": units["P-TN"].pk,
        "commune": units["C-TN-PHANDINHPHUNG"].pk,
        "unit": "",
    }
    data.update(overrides)
    return data


def test_profile_edit_saves(client, learner, units):
    client.force_login(learner)
    response = client.post(
        reverse("profile"),
        form_data(units, full_name=" trần  văn minh ", phone="0912.345.678", unit=units["A-TN-SKHCN"].pk),
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.full_name == "Trần Văn Minh"
    assert learner.phone == "+84912345678" and not learner.phone_verified
    assert learner.province == units["P-TN"] and learner.commune == units["C-TN-PHANDINHPHUNG"]
    assert learner.unit == units["A-TN-SKHCN"]
    response = client.get(reverse("profile"))
    assert str(services.PROFILE_SAVED) in response.content.decode()
    assert 'value="0912 345 678"' in response.content.decode()


def test_commune_not_in_province_is_a_clear_error(client, learner, units):
    client.force_login(learner)
    response = client.post(reverse("profile"), form_data(units, province=units["P-HN"].pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vui lòng sửa các lỗi sau" in html
    assert "không thuộc tỉnh, thành phố đã chọn" in html and "Hà Nội" in html
    learner.refresh_from_db()
    assert learner.province is None


def test_duplicate_phone_is_a_clear_error(client, make_user, learner, units):
    make_user(phone="+84912345678")
    client.force_login(learner)
    response = client.post(reverse("profile"), form_data(units, phone="0912 345 678"))
    assert response.status_code == 200
    assert str(services.PHONE_TAKEN) in response.content.decode()
    learner.refresh_from_db()
    assert learner.phone is None


def test_refresh_without_javascript_lists_the_provinces_communes(client, learner, units):
    client.force_login(learner)
    response = client.post(reverse("profile"), form_data(units, province=units["P-TN"].pk, commune="", refresh="1"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Phường Gia Sàng" in html
    learner.refresh_from_db()
    assert learner.province is None  # nothing saved
    response = client.post(reverse("profile"), form_data(units, province=units["P-HN"].pk, commune="", refresh="1"))
    assert "Phường Gia Sàng" not in response.content.decode()


def test_profile_requires_login(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"birth_year": 1800}, "birth_year"),
        ({"birth_year": 2099}, "birth_year"),
        ({"phone": "12345"}, "phone"),
        ({"full_name": "0912345678"}, "full_name"),
        ({"commune": "C-TN-GIASANG"}, "commune"),  # commune without province
        ({"province": "P-TN", "unit": "C-TN-GIASANG"}, "unit"),  # a commune is not a workplace
        ({"province": "P-HN", "unit": "A-TN-SKHCN"}, "unit"),  # agency of another province
        ({"province": "C-TN-GIASANG"}, "province"),
    ],
)
def test_profile_update_service_validates(learner, units, fields, error_field):
    fields = {k: units.get(v, v) if isinstance(v, str) and k in {"province", "commune", "unit"} else v for k, v in fields.items()}
    with pytest.raises(ValidationError) as excinfo:
        profile_update(user=learner, **fields)
    assert error_field in excinfo.value.message_dict


def test_profile_update_rejects_unknown_fields(learner):
    with pytest.raises(TypeError):
        profile_update(user=learner, is_superuser=True)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0912 345 678", "+84912345678"), ("+84 912-345-678", "+84912345678"), ("84912345678", "+84912345678"), ("", None)],
)
def test_normalise_phone(raw, expected):
    assert services.normalise_phone(raw) == expected
