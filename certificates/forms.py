from django import forms
from django.utils.translation import gettext_lazy as _


class SerialForm(forms.Form):
    serial = forms.CharField(
        label=_("Số hiệu chứng nhận"),
        max_length=40,
        help_text=_("In ở góc dưới bên trái chứng nhận, ví dụ HVS-7KQ2-M9XD-P4W. Không cần gõ dấu gạch ngang."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                                      "inputmode": "text"}),
    )


class CredentialForm(forms.Form):
    credential = forms.CharField(
        label=_("Chứng nhận số (VC-JWT)"),
        help_text=_("Dán nội dung tệp .jwt mà người học đã tải về từ trang “Chứng nhận của tôi”."),
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do thu hồi"),
        max_length=1000,
        help_text=_("Bắt buộc. Lý do được hiện trên trang kiểm tra công khai của chứng nhận."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CertificateSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo số hiệu hoặc họ tên"), max_length=150, required=False)
