"""Forms: allauth's forms with Vietnamese labels and the right autocomplete hints, and the profile form."""

from __future__ import annotations

from allauth.account import forms as allauth_forms
from allauth.socialaccount import forms as socialaccount_forms
from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from lms.organisations.models import PopulationGroup, Unit
from lms.organisations.selectors import commune_list, member_unit_list, province_list
from lms.privacy.services import CONSENT_REQUIRED

from . import phone_reset, services
from .models import User

PASSWORD_LABEL = _("Mật khẩu")
PASSWORD_AGAIN_LABEL = _("Nhập lại mật khẩu")
PASSWORDS_DIFFER = _("Hai mật khẩu bạn nhập không giống nhau.")
EMAIL_LABEL = _("Email")
PHONE_LABEL = _("Số điện thoại")
SIGNUP_PHONE_HELP = _(
    "Để đăng nhập bằng số điện thoại; chúng tôi gửi mã xác minh qua SMS. Mỗi số chỉ dùng cho một tài khoản: "
    "nếu cả nhà dùng chung một điện thoại, người đăng ký sau hãy để trống ô này."
)
SIGNUP_PURPOSE = _(
    "Chúng tôi dùng họ tên, email, số điện thoại, nơi ở, nơi làm việc và kết quả học của bạn để quản lý tài khoản, "
    "chấm bài, cấp chứng nhận, và để cán bộ quản lý đơn vị, địa phương của bạn theo dõi kết quả học. Không quảng "
    "cáo, không bán cho ai. Bạn tải về hoặc xóa được dữ liệu của mình bất cứ lúc nào."
)


def _input(field, *, autocomplete=None, inputmode=None, placeholder=None):
    attrs = field.widget.attrs
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    if inputmode:
        attrs["inputmode"] = inputmode
    if placeholder is None:
        attrs.pop("placeholder", None)  # a label, not a placeholder, names the field
    else:
        attrs["placeholder"] = placeholder


class PhoneField(forms.CharField):
    """A Vietnamese phone number, normalised to +84…; used by allauth (adapter.phone_form_field) and the profile."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", PHONE_LABEL)
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"})
        )
        kwargs.setdefault("help_text", _("Ví dụ: 0912 345 678."))
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return services.normalise_phone(value) or ""


class FullNameField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Họ và tên"))
        kwargs.setdefault("max_length", 150)
        kwargs.setdefault("help_text", _("Viết có dấu, như trên căn cước, ví dụ: Nguyễn Thị Lan."))
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "name", "autocapitalize": "words"}))
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value and not self.required:
            return ""
        return services.normalise_full_name(value)


_ALLAUTH_MISMATCH = "You must type the same password each time."


def _translate_mismatch(form) -> None:
    """allauth has no Vietnamese catalogue: swap its "passwords differ" message for ours."""
    errors = form.errors.get("password2")
    if errors and any(str(e) == _ALLAUTH_MISMATCH for e in errors):
        form.errors["password2"] = form.error_class(
            [PASSWORDS_DIFFER if str(e) == _ALLAUTH_MISMATCH else e for e in errors]
        )


class _MismatchMixin:
    def clean(self):
        cleaned = super().clean()
        _translate_mismatch(self)
        return cleaned


def _vietnamese_password_fields(form, *names_labels):
    for name, label in names_labels:
        if name in form.fields:
            form.fields[name].label = label
            form.fields[name].widget.attrs.pop("placeholder", None)


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        if "phone" in settings.ACCOUNT_LOGIN_METHODS:
            login.label = _("Email hoặc số điện thoại")
            _input(login, autocomplete="username")
        else:
            login.label = EMAIL_LABEL
            _input(login, autocomplete="email", inputmode="email")
        _vietnamese_password_fields(self, ("password", PASSWORD_LABEL))
        self.fields["password"].help_text = ""
        if "remember" in self.fields:
            self.fields["remember"].label = _("Ghi nhớ đăng nhập trên máy này")


class SignupForm(allauth_forms.SignupForm):
    full_name = FullNameField()
    population_group = forms.ModelChoiceField(
        label=_("Bạn thuộc nhóm nào? (không bắt buộc)"),
        queryset=PopulationGroup.objects.all(),
        required=False,
        empty_label=_("— Chọn nhóm —"),
        help_text=_("Để gợi ý bài kiểm tra phù hợp. Bạn có thể đổi sau trong hồ sơ."),
    )
    privacy_consent = forms.BooleanField(
        label=_("Tôi đã đọc và đồng ý với Thông báo xử lý dữ liệu cá nhân"),
        required=True,
        error_messages={"required": CONSENT_REQUIRED},
    )
    field_order = ["full_name", "email", "phone", "password1", "password2", "population_group", "privacy_consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = EMAIL_LABEL
        _input(self.fields["email"], autocomplete="email", inputmode="email")
        if "phone" in self.fields:
            self.fields["phone"].label = _("Số điện thoại (không bắt buộc)")
            self.fields["phone"].help_text = SIGNUP_PHONE_HELP
        _vietnamese_password_fields(self, ("password1", PASSWORD_LABEL), ("password2", PASSWORD_AGAIN_LABEL))
        self.fields["password1"].help_text = _("Ít nhất 8 ký tự, không chỉ toàn chữ số, không quá dễ đoán.")
        self.fields["privacy_consent"].help_text = format_html(
            '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
            SIGNUP_PURPOSE, reverse("privacy:notice"), _("Đọc toàn văn thông báo"),
        )

    def clean(self):
        cleaned = super().clean()
        _translate_mismatch(self)
        return cleaned


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email bạn dùng để đăng ký")
        _input(self.fields["email"], autocomplete="email", inputmode="email")


class ResetPasswordKeyForm(_MismatchMixin, allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _vietnamese_password_fields(self, ("password1", _("Mật khẩu mới")), ("password2", _("Nhập lại mật khẩu mới")))


class ChangePasswordForm(_MismatchMixin, allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _vietnamese_password_fields(
            self,
            ("oldpassword", _("Mật khẩu hiện tại")),
            ("password1", _("Mật khẩu mới")),
            ("password2", _("Nhập lại mật khẩu mới")),
        )
        self.fields["oldpassword"].help_text = ""


class SetPasswordForm(_MismatchMixin, allauth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _vietnamese_password_fields(self, ("password1", _("Mật khẩu mới")), ("password2", _("Nhập lại mật khẩu mới")))


class AddEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Địa chỉ email mới")
        _input(self.fields["email"], autocomplete="email", inputmode="email")


class ProfileForm(forms.Form):
    """The learner's profile. Works without JavaScript: the commune and unit lists follow the province that was
    submitted (the "Cập nhật danh sách" button re-displays the form without saving), and the service checks
    that the commune and unit lie under the province."""

    full_name = FullNameField()
    phone = PhoneField(label=_("Số điện thoại (không bắt buộc)"), required=False)
    birth_year = forms.IntegerField(
        label=_("Năm sinh (không bắt buộc)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
    )
    population_group = forms.ModelChoiceField(
        label=_("Nhóm đối tượng"), queryset=PopulationGroup.objects.all(), required=False, empty_label=_("— Chọn nhóm —")
    )
    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"), queryset=province_list(), required=False, empty_label=_("— Chọn tỉnh, thành phố —")
    )
    commune = forms.ModelChoiceField(
        label=_("Xã, phường"),
        queryset=Unit.objects.filter(kind=Unit.Kind.COMMUNE),
        required=False,
        empty_label=_("— Chọn xã, phường —"),
        help_text=_("Danh sách theo tỉnh, thành phố đã chọn."),
    )
    unit = forms.ModelChoiceField(
        label=_("Cơ quan, đơn vị (không bắt buộc)"),
        queryset=Unit.objects.exclude(kind__in=[Unit.Kind.PROVINCE, Unit.Kind.COMMUNE]),
        required=False,
        empty_label=_("— Không chọn —"),
        help_text=_("Cơ quan, trường học hay doanh nghiệp nơi bạn làm việc, học tập."),
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("phone", services.phone_display(user.phone))
        for name in self.base_fields:
            value = getattr(user, name)
            initial.setdefault(name, value.pk if hasattr(value, "pk") else value)
        super().__init__(*args, **kwargs)
        low, high = services.birth_year_bounds()
        self.fields["birth_year"].widget.attrs.update({"min": low, "max": high})
        self.fields["birth_year"].help_text = _("Ví dụ: 1965.")
        # Choices follow the province in the submitted data (or the saved one); validation stays in the service,
        # so a commune from another province gets a clear message rather than "not one of the choices".
        province = self._chosen_province()
        self.province = province
        self.fields["commune"].choices = [("", self.fields["commune"].empty_label)] + [
            (u.pk, u.name) for u in commune_list(province=province)
        ]
        self.fields["unit"].choices = [("", self.fields["unit"].empty_label)] + [
            (u.pk, "— " * max(u.depth - 2, 0) + u.name) for u in member_unit_list(province=province)
        ]
        # Keep the currently chosen commune/unit visible even if it is not under the province (so the
        # error message has something to point at).
        for name in ("commune", "unit"):
            chosen = self._chosen(name)
            if chosen is not None and chosen.pk not in {c[0] for c in self.fields[name].choices}:
                self.fields[name].choices = [*self.fields[name].choices, (chosen.pk, chosen.name)]

    def _raw(self, name):
        if self.is_bound:
            return self.data.get(self.add_prefix(name)) or None
        return self.initial.get(name)

    def _chosen(self, name) -> Unit | None:
        raw = self._raw(name)
        try:
            return Unit.objects.get(pk=int(raw)) if raw else None
        except (Unit.DoesNotExist, TypeError, ValueError):
            return None

    def _chosen_province(self) -> Unit | None:
        unit = self._chosen("province")
        return unit if unit is not None and unit.kind == Unit.Kind.PROVINCE else None

    def save(self) -> User:
        """Apply through ``services.profile_update``; field errors from the service land on the form."""
        try:
            return services.profile_update(user=self.user, **self.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
            raise


class ReauthenticateForm(allauth_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _vietnamese_password_fields(self, ("password", PASSWORD_LABEL))
        self.fields["password"].help_text = ""


class PhoneResetRequestForm(forms.Form):
    """Password reset by SMS, step 1: the phone number of the account."""

    phone = PhoneField(label=_("Số điện thoại bạn dùng để đăng ký"), help_text=_("Ví dụ: 0912 345 678."))


class PhoneResetCodeForm(forms.Form):
    """Password reset by SMS, step 2: the code from the SMS and the new password (``phone_reset.check_code``)."""

    code = forms.CharField(
        label=_("Mã trong tin nhắn SMS"),
        max_length=20,
        help_text=_("Gồm 6 chữ số."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}),
    )
    password1 = forms.CharField(
        label=_("Mật khẩu mới"),
        strip=False,
        help_text=_("Ít nhất 8 ký tự, không chỉ toàn chữ số, không quá dễ đoán."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu mới"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, request, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if "code" in cleaned:
            try:
                self.user = phone_reset.check_code(self.request, code=cleaned["code"])
            except ValidationError as error:
                self.add_error("code", error)
                return cleaned
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", PASSWORDS_DIFFER)
        elif password1 and self.user is not None:
            try:
                validate_password(password1, self.user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class IdentitySignupForm(socialaccount_forms.SignupForm):
    """The first sign-in with the national identity: the verified name is shown, not asked; the learner gives an
    email (to be reached and to recover the account; it identifies no one here) and the privacy consent."""

    population_group = SignupForm.base_fields["population_group"]
    privacy_consent = SignupForm.base_fields["privacy_consent"]
    field_order = ["email", "phone", "population_group", "privacy_consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = EMAIL_LABEL
        self.fields["email"].help_text = _(
            "Để nhận thư của nền tảng và lấy lại tài khoản. Nếu email này đã có tài khoản, hãy đăng nhập tài khoản "
            "đó rồi liên kết định danh trong Hồ sơ."
        )
        _input(self.fields["email"], autocomplete="email", inputmode="email")
        if "phone" in self.fields:
            self.fields["phone"].label = _("Số điện thoại (không bắt buộc)")
            self.fields["phone"].help_text = SIGNUP_PHONE_HELP
        self.fields["privacy_consent"].help_text = format_html(
            '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
            SIGNUP_PURPOSE, reverse("privacy:notice"), _("Đọc toàn văn thông báo"),
        )
