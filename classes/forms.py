"""The team's session form: units, trainers, courses and lessons limited to what the person may choose."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses import selectors as course_selectors
from lms.organisations.models import PopulationGroup

from . import permissions
from .models import Session


class DateTimeLocal(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["topic", "description", "unit", "place", "address", "starts_at", "ends_at", "capacity",
                  "population_groups", "trainers", "course", "lessons", "counts"]
        widgets = {
            "starts_at": DateTimeLocal(), "ends_at": DateTimeLocal(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "population_groups": forms.CheckboxSelectMultiple, "trainers": forms.CheckboxSelectMultiple,
            "counts": forms.RadioSelect,
        }
        help_texts = {
            "lessons": _("Chỉ dùng khi chọn “Hoàn thành các bài học đã chọn”. Giữ Ctrl (hoặc ⌘) để chọn nhiều bài."),
            "trainers": _("Người được phân công làm người hướng dẫn hoặc cán bộ quản lý trong đơn vị của bạn."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = permissions.schedulable_units(user).order_by("path")
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda unit: f"{'— ' * (unit.depth - 1)}{unit.label}"
        trainer_q = Q(pk=user.pk) | Q(trainer_assignments__unit__in=units) | Q(manager_assignments__unit__in=units)
        if self.instance.pk:
            trainer_q |= Q(pk__in=self.instance.trainers.values("pk"))
        self.fields["trainers"].queryset = (get_user_model().objects.filter(trainer_q, is_active=True).distinct()
                                            .order_by("full_name"))
        self.fields["trainers"].label_from_instance = lambda u: u.full_name or u.email
        self.fields["population_groups"].queryset = PopulationGroup.objects.order_by("sort_order")
        self.fields["course"].queryset = course_selectors.courses_for_choice()
        self.fields["lessons"].queryset = course_selectors.lessons_for_choice()
        self.fields["lessons"].required = False
        self.fields["capacity"].widget.attrs.update({"min": 1, "max": 5000, "inputmode": "numeric"})


class PhoneMarkForm(forms.Form):
    phone = forms.CharField(label=_("Số điện thoại"), max_length=32,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    full_name = forms.CharField(label=_("Họ và tên (nếu chưa có tài khoản)"), max_length=150, required=False)
