import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from demo.accounts import DEMO_PASSWORD, seed_demo_accounts
from demo.units import PROVINCES, seed_demo_units
from lms.accounts.models import User
from lms.accounts.roles import EDITORS, MANAGERS, MODERATORS
from lms.organisations.models import Unit
from lms.organisations.services import unit_create

pytestmark = pytest.mark.django_db


def test_seed_demo_units_is_idempotent():
    seed_demo_units()
    count = Unit.objects.count()
    assert Unit.objects.filter(kind=Unit.Kind.PROVINCE).count() == len(PROVINCES) == 34
    seed_demo_units()
    assert Unit.objects.count() == count
    thai_nguyen = Unit.objects.get(code="P-TN")
    ward = Unit.objects.get(code="C-TN-PHANDINHPHUNG")
    assert ward.get_parent() == thai_nguyen
    assert Unit.objects.get(code="A-TN-UBND-PDP").get_parent() == ward
    assert thai_nguyen.subtree().filter(kind=Unit.Kind.COMMUNE).count() >= 5


def test_seed_demo_accounts_is_idempotent():
    users = seed_demo_accounts()
    counts = (User.objects.count(), EmailAddress.objects.count(), Group.objects.count(), Unit.objects.count())
    seed_demo_accounts()
    assert (User.objects.count(), EmailAddress.objects.count(), Group.objects.count(), Unit.objects.count()) == counts
    assert len(users) == 8
    for user in users.values():
        assert user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.get(user=user, verified=True, primary=True)
    assert users["bientap@hocvuso.vn"].groups.filter(name=EDITORS).exists()
    assert users["kiemduyet@hocvuso.vn"].groups.filter(name=MODERATORS).exists()
    assert users["bientap@hocvuso.vn"].has_perm("wagtailadmin.access_admin")
    manager = users["quanly@hocvuso.vn"]
    assert manager.groups.filter(name=MANAGERS).exists() and manager.unit.code == "A-TN-UBND-PDP"
    assert manager.has_perm("accounts.view_unit_reports")
    assert users["congchuc@hocvuso.vn"].population_group.code == "civil-servant"
    assert users["congchuc@hocvuso.vn"].unit.kind == Unit.Kind.AGENCY
    assert users["hocvien@hocvuso.vn"].commune.code == "C-TN-PHANDINHPHUNG"
    assert users["quantri@hocvuso.vn"].is_superuser
    from lms.organisations.permissions import can_view_reports, is_national
    from reporting.wagtail_hooks import can_read_export_log

    assert is_national(users["quanlyquocgia@hocvuso.vn"]) and not is_national(manager)
    auditor = users["kiemtoan@hocvuso.vn"]
    assert can_read_export_log(auditor) and not can_view_reports(auditor)
    assert auditor.has_perm("wagtailadmin.access_admin")
    for email in ("bientap@hocvuso.vn", "kiemduyet@hocvuso.vn"):  # staff of the admin, no results, no log
        assert not can_view_reports(users[email]) and not can_read_export_log(users[email])


def test_unit_create_service_places_nodes():
    root = unit_create(parent=None, code="P-X", name="Tỉnh  Thử", kind=Unit.Kind.PROVINCE)
    child = unit_create(parent=root, code="C-X", name="Xã Thử", kind=Unit.Kind.COMMUNE)
    assert root.name == "Tỉnh Thử" and child.get_parent() == root and child.depth == 2
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        unit_create(parent=root, code="C-X", name="Trùng mã", kind=Unit.Kind.COMMUNE)
