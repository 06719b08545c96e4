from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class PreferenceForm(forms.Form):
    by_email = forms.BooleanField(label=_("Nhận nhắc nhở qua email"), required=False)
    by_sms = forms.BooleanField(
        label=_("Nhận nhắc nhở qua tin nhắn SMS"), required=False,
        help_text=_("Chỉ gửi đến số điện thoại đã xác minh."),
    )
    nudges = forms.BooleanField(
        label=_("Nhận lời nhắc học tiếp khi tôi dừng giữa chừng một khóa học"), required=False,
        help_text=_("Thông báo về hạn hoàn thành khóa học, bài kiểm tra bắt buộc vẫn được gửi."),
    )
    language = forms.ChoiceField(label=_("Ngôn ngữ của lời nhắc"), choices=settings.LANGUAGES)
