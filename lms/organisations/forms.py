"""Admin form to add a unit under a parent (treebeard places it; codes and names are edited as usual)."""

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from .models import Requirement, Unit
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


REQUIREMENT_PICK_ONE = _("Chọn một khóa học hoặc một bài kiểm tra (chỉ một).")


class RequirementForm(WagtailAdminModelForm):
    """Choose the target as a course page or a test; stored as a generic relation (``lms`` imports neither app:
    the models are looked up by label)."""

    course = forms.ModelChoiceField(label=_("Khóa học"), queryset=None, required=False)
    assessment = forms.ModelChoiceField(label=_("Bài kiểm tra"), queryset=None, required=False)

    class Meta:
        model = Requirement
        fields = ["course", "assessment", "title", "unit", "population_groups", "deadline", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        course_model = apps.get_model("courses", "CoursePage")
        assessment_model = apps.get_model("quizzes", "Assessment")
        self.fields["course"].queryset = course_model.objects.filter(locale=Locale.get_default()).order_by("path")
        self.fields["assessment"].queryset = assessment_model.objects.order_by("title")
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Để trống: dùng tên khóa học hoặc bài kiểm tra.")
        self.fields["unit"].queryset = Unit.objects.order_by("path")
        instance = self.instance
        if instance.pk and instance.content_type_id:
            name = "course" if instance.content_type.model == "coursepage" else "assessment"
            self.initial[name] = instance.object_id

    def clean(self):
        data = super().clean()
        chosen = [obj for obj in (data.get("course"), data.get("assessment")) if obj is not None]
        if len(chosen) != 1:
            raise forms.ValidationError(REQUIREMENT_PICK_ONE)
        target = chosen[0]
        self.instance.content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        self.instance.object_id = target.pk
        if not data.get("title"):
            data["title"] = target.title
        return data

    def save(self, commit=True):
        self.instance.title = self.cleaned_data["title"]
        if self.for_user is not None and not self.instance.created_by_id and getattr(self.for_user, "pk", None):
            self.instance.created_by = self.for_user
        return super().save(commit=commit)
