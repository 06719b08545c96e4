"""Demo accounts, one per role (password ``HocVuSo@2025``). Idempotent: a second run adds no rows.

| Email | Name | Role |
|---|---|---|
| hocvien@hocvuso.vn | Nguyễn Thị Lan | learner (adult, Phường Phan Đình Phùng, Thái Nguyên) |
| congchuc@hocvuso.vn | Trần Văn Minh | learner, civil servant at Sở Khoa học và Công nghệ |
| bientap@hocvuso.vn | Lê Thu Hà | Editors (Wagtail admin; submits pages for review) |
| kiemduyet@hocvuso.vn | Phạm Quốc Bảo | Moderators (reviews and publishes) |
| quanly@hocvuso.vn | Hoàng Văn Nam | Managers (reports for Phường Phan Đình Phùng, see ``demo.reporting``) |
| quanlyquocgia@hocvuso.vn | Đỗ Thị Quyên | Managers, national (manager of the tree's root: the whole country) |
| kiemtoan@hocvuso.vn | Vũ Minh Khang | Auditors (the export log in the Wagtail admin, nothing else) |
| quantri@hocvuso.vn | Quản trị hệ thống | superuser |

Editors and reviewers are ``is_staff`` for the Wagtail admin and see no learner's results (issue 14).
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from demo.units import DEMO_AGENCY, DEMO_COMMUNE, DEMO_PROVINCE, seed_demo_units
from lms.accounts.models import User
from lms.accounts.roles import AUDITORS, EDITORS, LEARNERS, MANAGERS, MODERATORS, ensure_roles
from lms.organisations.models import PopulationGroup
from lms.organisations.permissions import manager_assign

DEMO_PASSWORD = "HocVuSo@2025"

# email, full name, population group code, groups, place (province/commune/unit codes), flags
DEMO_ACCOUNTS = [
    {
        "email": "hocvien@hocvuso.vn",
        "full_name": "Nguyễn Thị Lan",
        "phone": "+84912345678",
        "birth_year": 1962,
        "population_group": "adult",
        "groups": [LEARNERS],
        "province": DEMO_PROVINCE,
        "commune": DEMO_COMMUNE,
    },
    {
        "email": "congchuc@hocvuso.vn",
        "full_name": "Trần Văn Minh",
        "birth_year": 1985,
        "population_group": "civil-servant",
        "groups": [LEARNERS],
        "province": DEMO_PROVINCE,
        "commune": DEMO_COMMUNE,
        "unit": DEMO_AGENCY,
    },
    {
        "email": "bientap@hocvuso.vn",
        "full_name": "Lê Thu Hà",
        "population_group": "civil-servant",
        "groups": [EDITORS],
        "province": DEMO_PROVINCE,
        "unit": DEMO_AGENCY,
        "is_staff": True,
    },
    {
        "email": "kiemduyet@hocvuso.vn",
        "full_name": "Phạm Quốc Bảo",
        "population_group": "civil-servant",
        "groups": [MODERATORS],
        "province": DEMO_PROVINCE,
        "unit": DEMO_AGENCY,
        "is_staff": True,
    },
    {
        "email": "quanly@hocvuso.vn",
        "full_name": "Hoàng Văn Nam",
        "population_group": "leader",
        "groups": [MANAGERS],
        "province": DEMO_PROVINCE,
        "commune": DEMO_COMMUNE,
        "unit": "A-TN-UBND-PDP",
    },
    {
        "email": "quanlyquocgia@hocvuso.vn",
        "full_name": "Đỗ Thị Quyên",
        "population_group": "leader",
        "groups": [MANAGERS],
        "national_manager": True,
    },
    {
        "email": "kiemtoan@hocvuso.vn",
        "full_name": "Vũ Minh Khang",
        "population_group": "civil-servant",
        "groups": [AUDITORS],
    },
    {
        "email": "quantri@hocvuso.vn",
        "full_name": "Quản trị hệ thống",
        "groups": [],
        "is_staff": True,
        "is_superuser": True,
    },
]


@transaction.atomic
def seed_demo_accounts() -> dict[str, User]:
    """Create the demo units, roles and accounts if missing; existing accounts are left as they are."""
    units = seed_demo_units()
    ensure_roles()
    groups = {group.name: group for group in Group.objects.all()}
    population_groups = {group.code: group for group in PopulationGroup.objects.all()}
    users: dict[str, User] = {}
    for spec in DEMO_ACCOUNTS:
        spec = dict(spec)
        email = spec.pop("email")
        group_names = spec.pop("groups")
        national = spec.pop("national_manager", False)
        fields = {
            "full_name": spec.pop("full_name"),
            "population_group": population_groups.get(spec.pop("population_group", None)),
            **{key: units.get(spec.pop(key)) for key in ("province", "commune", "unit") if key in spec},
            **spec,
        }
        if fields.get("phone"):
            fields["phone_verified"] = True
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, **fields)
        user.groups.add(*[groups[name] for name in group_names])
        if national:
            manager_assign(user=user, national=True)
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        users[email] = user
    return users
