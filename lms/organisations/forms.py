"""Admin form to add a unit under a parent (treebeard places it; codes and names are edited as usual)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Unit
from .services import unit_create


class UnitCreateForm(WagtailAdminModelForm):
    parent = forms.ModelChoiceField(
        label=_("Thuộc đơn vị"),
        queryset=Unit.objects.order_by("path"),
        required=False,
        empty_label=_("— Không (cấp cao nhất: tỉnh, thành phố) —"),
        help_text=_("Ví dụ: một phường thuộc tỉnh; một trường học thuộc phường."),
    )

    class Meta:
        model = Unit
        fields = ["parent", "code", "name", "name_en", "kind"]

    def save(self, commit=True):
        data = self.cleaned_data
        self.instance = unit_create(
            parent=data["parent"], code=data["code"], name=data["name"], kind=data["kind"], name_en=data["name_en"]
        )
        return self.instance
