"""Forms of the privacy pages: the consent question and the erasure request."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import services


class ErasureForm(forms.Form):
    password = forms.CharField(
        label=_("Mật khẩu của bạn"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Để chắc chắn chính bạn yêu cầu xóa."),
    )
    withhold_name = forms.BooleanField(
        label=_("Ẩn họ tên của tôi trên trang kiểm tra chứng nhận"), required=False,
        help_text=_("Chứng nhận của bạn vẫn kiểm tra được bằng số hiệu. Nếu đánh dấu, trang kiểm tra sẽ không hiện "
                    "họ tên, nên người xem không đối chiếu được tên trên bản in với bạn."),
    )
    confirm = forms.BooleanField(
        label=_("Tôi hiểu: sau thời điểm xóa, tài khoản không khôi phục được và tôi không đăng nhập được nữa."),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        self.erasure = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.erasure = services.erasure_request(
                user=self.user, password=cleaned.get("password") or "", confirmed=bool(cleaned.get("confirm")),
                withhold_name=bool(cleaned.get("withhold_name")),
            )
        except forms.ValidationError as exc:
            for field, errors in exc.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return cleaned
