"""Every read of personal data by staff is logged (who, whom, what, when, IP), and only administrators and
auditors read that log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from lms.privacy.models import PersonalDataAccess

pytestmark = pytest.mark.django_db
What = PersonalDataAccess.What


def _reads(subject, what):
    return PersonalDataAccess.objects.filter(subject=subject, what=what)


def test_manager_requirement_list_is_logged(client, rich_learner, manager_a, course, groups):
    from django.contrib.contenttypes.models import ContentType

    from lms.organisations.models import Requirement

    requirement = Requirement.objects.create(
        title="Học kỹ năng số", content_type=ContentType.objects.get_for_model(course), object_id=course.pk,
        deadline=timezone.localdate() + dt.timedelta(days=30),
    )
    client.force_login(manager_a)
    response = client.get(reverse("reporting:requirements"), {"requirement": requirement.pk},
                          REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 200 and "Lê Thị Mận" in response.content.decode()
    read = _reads(rich_learner, What.REQUIREMENT_LIST).get()
    assert read.reader == manager_a and read.reader_email == manager_a.email
    assert read.ip_address == "203.0.113.5" and "requirement=" in read.path and read.at is not None


def test_certificate_management_pages_are_logged(client, rich_learner, manager_a):
    from certificates.models import Certificate

    certificate = Certificate.objects.get(user=rich_learner)
    client.force_login(manager_a)
    assert client.get(reverse("my_certificates:manage")).status_code == 200
    assert _reads(rich_learner, What.CERTIFICATE_LIST).count() == 1
    detail = client.get(reverse("my_certificates:manage_detail", args=[certificate.display_serial]))
    assert detail.status_code == 200
    assert _reads(rich_learner, What.CERTIFICATE).get().reader == manager_a


def test_admin_user_views_are_logged(client, rich_learner, make_user):
    admin = make_user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse("wagtailusers_users:edit", args=[rich_learner.pk])).status_code == 200
    assert _reads(rich_learner, What.ADMIN_USER).get().reader == admin
    assert client.get(reverse("wagtailusers_users:index")).status_code == 200
    assert _reads(rich_learner, What.ADMIN_USER_LIST).exists()
    assert client.get(reverse("admin:accounts_user_change", args=[rich_learner.pk])).status_code == 200
    assert _reads(rich_learner, What.DJANGO_ADMIN_USER).exists()
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert _reads(rich_learner, What.ADMIN_USER_LIST).count() == 2


def test_reading_ones_own_data_is_not_logged(client, rich_learner):
    client.force_login(rich_learner)
    client.get(reverse("privacy:data_page"))
    client.get(reverse("my_certificates:list"))
    assert not PersonalDataAccess.objects.exists()


def test_only_administrators_and_auditors_read_the_log(client, rich_learner, manager_a, make_user):
    from lms.accounts.roles import EDITORS, ensure_roles

    ensure_roles()
    client.force_login(manager_a)
    client.get(reverse("my_certificates:manage"))
    assert PersonalDataAccess.objects.exists()
    url = reverse("personal_data_reads:index")

    editor = make_user(is_staff=True, groups=[EDITORS])
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert "Lê Thị Mận" not in response.content.decode() and manager_a.email not in response.content.decode()

    auditors = Group.objects.get_or_create(name="Auditors")[0]
    auditors.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(content_type__app_label="privacy", codename="view_personaldataaccess"),
    )
    auditor = make_user(groups=["Auditors"])
    client.force_login(auditor)
    response = client.get(url)
    assert response.status_code == 200 and manager_a.email in response.content.decode()
    assert client.get(reverse("personal_data_reads:add")).status_code in (302, 403)

    admin = make_user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(url).status_code == 200


def test_wagtail_certificate_register_is_logged(client, rich_learner, make_user):
    from certificates.models import Certificate

    certificate = Certificate.objects.get(user=rich_learner)
    admin = make_user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/admin/snippets/certificates/certificate/").status_code == 200
    assert _reads(rich_learner, What.CERTIFICATE_LIST).get().reader == admin
    inspect = client.get(f"/admin/snippets/certificates/certificate/inspect/{certificate.pk}/")
    assert inspect.status_code == 200
    assert _reads(rich_learner, What.CERTIFICATE).get().reader == admin
