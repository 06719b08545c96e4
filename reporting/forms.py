"""Filter forms of the managers' pages; every choice list is limited to what the user may see."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from courses.models import CoursePage
from lms.organisations.models import PopulationGroup, Unit
from lms.organisations.permissions import visible_units
from quizzes.models import Assessment

from .models import ExportJob
from .queries import COLUMN_KEYS, COLUMNS, DONE, NOT_DONE, NOT_STARTED, Filters

STATUS_CHOICES = [
    ("", _("Tất cả")),
    (DONE, _("Đã hoàn thành, đã đạt")),
    (NOT_DONE, _("Đang học, chưa đạt")),
    (NOT_STARTED, _("Chưa bắt đầu (chọn một khóa học hoặc bài kiểm tra)")),
]
NEED_ITEM = _("Để liệt kê người chưa bắt đầu, hãy chọn một khóa học hoặc một bài kiểm tra.")
ONE_ITEM = _("Chọn một khóa học hoặc một bài kiểm tra, không chọn cả hai.")
DATES_ORDER = _("Ngày bắt đầu phải trước ngày kết thúc.")
NO_COLUMNS = _("Chọn ít nhất một cột.")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{'— ' * (obj.depth - 1)}{obj.label} ({obj.code})"


class ExportForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị (gồm các đơn vị cấp dưới)"), queryset=Unit.objects.none(), required=False)
    group = forms.ModelChoiceField(
        label=_("Nhóm đối tượng"), queryset=PopulationGroup.objects.order_by("sort_order"), required=False,
        empty_label=_("Tất cả"),
    )
    course = forms.ModelChoiceField(label=_("Khóa học"), queryset=CoursePage.objects.none(), required=False,
                                    empty_label=_("Tất cả"))
    assessment = forms.ModelChoiceField(label=_("Bài kiểm tra"), queryset=Assessment.objects.order_by("title"),
                                        required=False, empty_label=_("Tất cả"))
    status = forms.ChoiceField(label=_("Trạng thái"), choices=STATUS_CHOICES, required=False)
    date_from = forms.DateField(label=_("Hoàn thành từ ngày"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    format = forms.ChoiceField(label=_("Định dạng"), choices=ExportJob.Format.choices, initial="csv",
                               widget=forms.RadioSelect)
    columns = forms.MultipleChoiceField(
        label=_("Các cột trong tệp"), choices=[(key, _(label)) for key, label in COLUMNS], initial=COLUMN_KEYS,
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Mặc định: tất cả các cột."),
    )
    weekly = forms.BooleanField(
        label=_("Gửi tệp này cho tôi hằng tuần"), required=False,
        help_text=_("Mỗi thứ Hai, bạn nhận một email có đường dẫn tải tệp (cần đăng nhập), với cùng bộ lọc và các cột "
                    "đã chọn, chỉ gồm những người bạn còn quản lý lúc gửi."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = visible_units(user).order_by("path")
        self.fields["course"].queryset = CoursePage.objects.live().filter(locale=Locale.get_default()).order_by("path")

    def clean_columns(self):
        """Only known columns pass (the choices); none at all from the page (which marks its checkboxes with
        ``columns_shown``) is an error, none from another client means the default: every column."""
        value = self.cleaned_data.get("columns") or []
        if not value and self.data.get("columns_shown"):
            raise forms.ValidationError(NO_COLUMNS)
        return value

    def clean(self):
        data = super().clean()
        if data.get("course") and data.get("assessment"):
            raise forms.ValidationError(ONE_ITEM)
        if data.get("status") == NOT_STARTED and not (data.get("course") or data.get("assessment")):
            self.add_error("status", NEED_ITEM)
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", DATES_ORDER)
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            unit=data.get("unit"), group=data.get("group"), course=data.get("course"),
            assessment=data.get("assessment"), status=data.get("status") or "",
            date_from=data.get("date_from"), date_to=data.get("date_to"),
            columns=tuple(data.get("columns") or ()),
        )
