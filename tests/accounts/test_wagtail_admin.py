import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from lms.accounts.models import User
from lms.accounts.roles import EDITORS

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, make_user):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def test_user_create_and_edit_pages_render(admin_client_, learner):
    response = admin_client_.get(reverse("wagtailusers_users:add"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="full_name"' in html and 'name="first_name"' not in html
    response = admin_client_.get(reverse("wagtailusers_users:edit", args=[learner.pk]))
    assert response.status_code == 200
    assert learner.full_name in response.content.decode()
    assert admin_client_.get(reverse("wagtailusers_users:index")).status_code == 200


def test_staff_creates_a_user_in_wagtail_admin(admin_client_):
    editors = Group.objects.get(name=EDITORS)
    response = admin_client_.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "bientap2@example.vn",
            "full_name": "lê  thu hà",
            "phone": "0903 111 222",
            "password1": "Mua-xuan-Ha-2025!",
            "password2": "Mua-xuan-Ha-2025!",
            "groups": [editors.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    user = User.objects.get(email="bientap2@example.vn")
    assert user.full_name == "Lê Thu Hà" and user.phone == "+84903111222"
    assert user.check_password("Mua-xuan-Ha-2025!")
    assert list(user.groups.all()) == [editors]


def test_staff_edits_a_user_in_wagtail_admin(admin_client_, learner):
    response = admin_client_.post(
        reverse("wagtailusers_users:edit", args=[learner.pk]),
        {"email": learner.email, "full_name": "Nguyễn Văn Sửa", "is_active": "on"},
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    learner.refresh_from_db()
    assert learner.full_name == "Nguyễn Văn Sửa"


def test_django_admin_user_pages(admin_client_, learner):
    assert admin_client_.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert admin_client_.get(reverse("admin:accounts_user_change", args=[learner.pk])).status_code == 200
    assert admin_client_.get(reverse("admin:accounts_user_add")).status_code == 200


def test_units_admin(admin_client_, units):
    from lms.organisations.models import Unit

    response = admin_client_.get(reverse("units:index"))
    assert response.status_code == 200 and "An Giang" in response.content.decode()
    assert admin_client_.get(reverse("units:add")).status_code == 200
    response = admin_client_.post(
        reverse("units:add"),
        {"parent": units["C-TN-GIASANG"].pk, "code": "S-TN-GS-THCS", "name": "Trường THCS Gia Sàng", "name_en": "", "kind": "school"},
    )
    assert response.status_code == 302
    school = Unit.objects.get(code="S-TN-GS-THCS")
    assert school.get_parent() == units["C-TN-GIASANG"]
    response = admin_client_.get(reverse("units:edit", args=[school.pk]))
    assert response.status_code == 200
    assert admin_client_.get(reverse("population_groups:index")).status_code == 200


def test_wagtail_user_search_by_full_name_and_phone(admin_client_, make_user):
    make_user(full_name="Đặng Thị Tìm Thấy", phone="+84911222333")
    make_user(full_name="Người Khác")
    for query in ("Tìm Thấy", "911222333"):
        html = admin_client_.get(reverse("wagtailusers_users:index"), {"q": query}).content.decode()
        assert "Đặng Thị Tìm Thấy" in html and "Người Khác" not in html
    assert admin_client_.get(reverse("wagtailusers_users:index"), {"ordering": "name"}).status_code == 200
