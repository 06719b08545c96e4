"""Writes to accounts: normalising names and phone numbers, sign-up completion and profile updates.

Messages are module constants so that forms, views and tests share one wording.
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.organisations.models import Unit
from lms.organisations.selectors import AREA_KINDS, unit_is_under

from .models import PHONE_VALIDATOR, User
from .roles import LEARNERS

FULL_NAME_REQUIRED = _("Vui lòng nhập họ và tên.")
FULL_NAME_TOO_SHORT = _("Họ và tên quá ngắn: vui lòng nhập đầy đủ, ví dụ Nguyễn Thị Lan.")
FULL_NAME_INVALID = _(
    "Họ và tên chỉ gồm chữ cái (có dấu), khoảng trắng, dấu gạch nối hoặc dấu nháy; không có chữ số hay ký hiệu."
)
PHONE_INVALID = _("Số điện thoại gồm 10 chữ số, bắt đầu bằng 0 (hoặc +84), ví dụ 0912 345 678.")
PHONE_TAKEN = _("Số điện thoại này đã được dùng cho một tài khoản khác. Nếu đó là bạn, hãy đăng nhập bằng số này.")
BIRTH_YEAR_RANGE = _("Năm sinh phải từ %(min)s đến %(max)s.")
PROVINCE_INVALID = _("Vui lòng chọn một tỉnh, thành phố trong danh sách.")
COMMUNE_INVALID = _("Vui lòng chọn một xã, phường trong danh sách.")
COMMUNE_NEEDS_PROVINCE = _("Vui lòng chọn tỉnh, thành phố trước khi chọn xã, phường.")
COMMUNE_NOT_IN_PROVINCE = _(
    "Xã, phường đã chọn không thuộc tỉnh, thành phố đã chọn. Hãy chọn lại xã, phường của tỉnh %(province)s."
)
UNIT_NEEDS_PROVINCE = _("Vui lòng chọn tỉnh, thành phố trước khi chọn cơ quan, đơn vị.")
UNIT_NOT_IN_AREA = _("Cơ quan, đơn vị đã chọn không thuộc %(area)s.")
UNIT_IS_AREA = _("Hãy chọn cơ quan, trường học hay doanh nghiệp, không chọn xã hoặc tỉnh.")
PROFILE_SAVED = _("Đã lưu hồ sơ của bạn.")

PROFILE_FIELDS = frozenset({"full_name", "phone", "birth_year", "population_group", "province", "commune", "unit"})
MIN_AGE, MAX_AGE = 5, 110

# Words of letters joined by a space, apostrophe, hyphen or dot; a word may be in parentheses, as rosters write a
# nickname or a team: "Lê Thị Hoa (Út)", "Trần Văn Bình (Tổ Ba)".
_NAME_CHARS = re.compile(r"^\(?[^\W\d_]+\)?(?:[ '’\-.]\(?[^\W\d_]+\)?)*\.?$")
_PHONE_JUNK = re.compile(r"[\s.\-()]")


def _balanced(value: str) -> bool:
    """Parentheses open before they close, never nested, and all closed."""
    depth = 0
    for ch in value:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth not in (0, 1):
            return False
    return depth == 0


def normalise_full_name(value: str | None) -> str:
    """NFC-normalise, collapse whitespace and check that it looks like a person's name.

    "  nguyễn   thị  lan " → "Nguyễn Thị Lan" (all-lower or all-upper input is title-cased; mixed case is kept).
    Decomposed input (e.g. typed on some Windows keyboards) is composed, so "Nguyễn" compares equal.
    """
    value = unicodedata.normalize("NFC", value or "")
    value = " ".join(value.split())
    if not value:
        raise ValidationError(FULL_NAME_REQUIRED, code="required")
    if not _NAME_CHARS.match(value) or not _balanced(value):
        raise ValidationError(FULL_NAME_INVALID, code="invalid")
    if sum(ch.isalpha() for ch in value) < 2:
        raise ValidationError(FULL_NAME_TOO_SHORT, code="too_short")
    if value.islower() or value.isupper():
        value = value.title()
    return value


def normalise_phone(value: str | None) -> str | None:
    """A Vietnamese phone number in E.164 (``+84912345678``), or ``None`` when empty.

    Accepts "0912 345 678", "0912.345.678", "+84 912 345 678" and "84912345678".
    """
    value = _PHONE_JUNK.sub("", unicodedata.normalize("NFKC", value or ""))
    if not value:
        return None
    if value.startswith("00"):
        value = "+" + value[2:]
    if value.startswith("0"):
        value = "+84" + value[1:]
    elif value.startswith("84") and len(value) in (11, 12):
        value = "+" + value
    try:
        PHONE_VALIDATOR(value)
    except ValidationError:
        raise ValidationError(PHONE_INVALID, code="invalid")
    if not value.startswith("+84"):
        raise ValidationError(PHONE_INVALID, code="invalid")
    return value


def phone_display(value: str | None) -> str:
    """``+84912345678`` → ``0912 345 678`` (how people write it)."""
    if not value:
        return ""
    local = "0" + value[3:] if value.startswith("+84") else value
    return f"{local[:4]} {local[4:7]} {local[7:]}".strip()


def birth_year_bounds(today=None) -> tuple[int, int]:
    year = (today or timezone.localdate()).year
    return year - MAX_AGE, year - MIN_AGE


def user_add_to_learners(*, user: User) -> None:
    user.groups.add(Group.objects.get_or_create(name=LEARNERS)[0])


def _validate_places(user: User) -> dict[str, list]:
    errors: dict[str, list] = {}
    province, commune, unit = user.province, user.commune, user.unit
    if province is not None and province.kind != Unit.Kind.PROVINCE:
        errors["province"] = [ValidationError(PROVINCE_INVALID, code="invalid")]
        return errors
    if commune is not None:
        if commune.kind != Unit.Kind.COMMUNE:
            errors["commune"] = [ValidationError(COMMUNE_INVALID, code="invalid")]
        elif province is None:
            errors["commune"] = [ValidationError(COMMUNE_NEEDS_PROVINCE, code="needs_province")]
        elif not unit_is_under(commune, province):
            errors["commune"] = [
                ValidationError(
                    COMMUNE_NOT_IN_PROVINCE, code="not_in_province", params={"province": province.name}
                )
            ]
    if unit is not None:
        if unit.kind in AREA_KINDS:
            errors["unit"] = [ValidationError(UNIT_IS_AREA, code="area")]
        elif province is None:
            errors["unit"] = [ValidationError(UNIT_NEEDS_PROVINCE, code="needs_province")]
        elif not unit_is_under(unit, province):
            errors["unit"] = [ValidationError(UNIT_NOT_IN_AREA, code="not_in_area", params={"area": province.name})]
    return errors


@transaction.atomic
def profile_update(*, user: User, **fields) -> User:
    """Update the learner's profile fields; raises ``ValidationError`` (a dict by field) and saves nothing on error.

    Accepted keywords: full_name, phone, birth_year, population_group, province, commune, unit.
    A changed phone number is unverified until confirmed by SMS (only verified numbers can log in).
    """
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise TypeError(f"profile_update() got unexpected fields: {', '.join(sorted(unknown))}")
    errors: dict[str, list] = {}

    if "full_name" in fields:
        try:
            fields["full_name"] = normalise_full_name(fields["full_name"])
        except ValidationError as exc:
            errors["full_name"] = exc.error_list
    if "phone" in fields:
        try:
            fields["phone"] = normalise_phone(fields["phone"])
        except ValidationError as exc:
            errors["phone"] = exc.error_list
        else:
            if fields["phone"] and User.objects.filter(phone=fields["phone"]).exclude(pk=user.pk).exists():
                errors["phone"] = [ValidationError(PHONE_TAKEN, code="phone_taken")]
    if fields.get("birth_year") is not None:
        low, high = birth_year_bounds()
        if not low <= int(fields["birth_year"]) <= high:
            errors["birth_year"] = [
                ValidationError(BIRTH_YEAR_RANGE, code="range", params={"min": low, "max": high})
            ]
    if errors:
        raise ValidationError(errors)

    old_phone = user.phone
    for name, value in fields.items():
        setattr(user, name, value)
    if "phone" in fields and user.phone != old_phone:
        user.phone_verified = False

    place_errors = _validate_places(user)
    if place_errors:
        raise ValidationError(place_errors)
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        if "phone" in exc.error_dict and any(e.code == "unique" for e in exc.error_dict["phone"]):
            exc.error_dict["phone"] = [ValidationError(PHONE_TAKEN, code="phone_taken")]
        raise
    user.save()
    return user


def identity_unlink(*, user: User) -> None:
    """Undo the link between ``user`` and their national identity. Refused (``ValidationError``) when the identity
    is the account's only way in (no usable password): the learner sets a password first."""
    from allauth.socialaccount.models import SocialAccount

    from .identity import CANNOT_UNLINK, provider_id

    with transaction.atomic():
        accounts = SocialAccount.objects.select_for_update().filter(user=user, provider=provider_id())
        if not accounts.exists():
            return
        if not user.has_usable_password():
            raise ValidationError(CANNOT_UNLINK, code="cannot_unlink")
        accounts.delete()
