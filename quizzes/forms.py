"""Admin forms: a question's choices are checked per type; a test's blueprint against the bank at save time."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from lms.uploads import check_size

from .importers import FORMATS
from .importers.base import ParsedChoice, ParsedQuestion, validate
from .models import Assessment, BlueprintRow, Competence, Framework, Question
from .scoring import parse_number
from .services import blueprint_draw, blueprint_level_problems


def _live_rows(formset):
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE"):
            continue
        rows.append(data)
    return rows


class QuestionAdminForm(WagtailAdminModelForm):
    def save(self, commit=True):
        question = self.instance
        user = getattr(self, "for_user", None)
        may_approve = bool(user and user.has_perm("quizzes.approve_question"))
        if question.pk is None and not may_approve:  # a new question or a copy of an approved one: a draft
            question.status, question.approved_by, question.approved_at = Question.Status.DRAFT, None, None
        elif "status" in self.changed_data and question.status == Question.Status.READY:
            question.approved_by = user if getattr(user, "pk", None) else None
            question.approved_at = timezone.now()
        question._version_author_id = getattr(user, "pk", None)  # who changed what (QuestionVersion.author)
        return super().save(commit=commit)

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("choices") if hasattr(self, "formsets") else None
        if formset is None or not formset.is_valid() or not cleaned.get("qtype"):
            return cleaned
        rows = _live_rows(formset)
        parsed = ParsedQuestion(
            qtype=cleaned["qtype"], name=cleaned.get("name", ""), stem=str(cleaned.get("stem") or ""), location="",
            partial=cleaned.get("partial_credit", True),
            choices=[ParsedChoice(text=(r.get("text") or "").strip(), match_text=(r.get("match_text") or "").strip(),
                                  fraction=r.get("fraction") or Decimal(0), tolerance=r.get("tolerance") or Decimal(0))
                     for r in rows],
        )
        if parsed.qtype == "numeric":
            for choice in parsed.choices:
                if choice.text != "*" and parse_number(choice.text) is None:
                    raise ValidationError(_("Đáp án số “%(v)s” không hợp lệ.") % {"v": choice.text})
        if parsed.qtype != "truefalse":
            reason = validate(parsed)
            if reason:
                raise ValidationError(reason)
        return cleaned


class AssessmentAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("blueprint_rows") if hasattr(self, "formsets") else None
        framework = cleaned.get("framework")
        if formset is None or framework is None or not formset.is_valid():
            return cleaned
        rows = [BlueprintRow(area=r.get("area"), competence=r.get("competence"), level_min=r.get("level_min") or 1,
                             level_max=r.get("level_max") or 8, count=r.get("count") or 0)
                for r in _live_rows(formset)]
        if not rows and cleaned.get("is_published"):
            raise ValidationError(_("Bài kiểm tra đã công bố cần ít nhất một dòng ma trận đề."))
        for row in rows:
            for target in (row.area, row.competence):
                if target is not None and target.framework_id != framework.pk:
                    raise ValidationError(_("Ma trận đề chỉ được dùng năng lực của khung %(fw)s.") % {"fw": framework.code})
        problems = blueprint_level_problems(rows)  # the level rule needs the same levels in every draw
        if (cleaned.get("review_after") == Assessment.ReviewAfter.LAST_ATTEMPT
                and cleaned.get("review_policy") != Assessment.ReviewPolicy.SCORE
                and not cleaned.get("attempts_allowed") and not cleaned.get("available_until")):
            problems.append(str(MSG_REVIEW_NEVER))
        try:
            blueprint_draw(framework=framework, rows=rows, rng=None)  # raises ValidationError listing short rows
        except ValidationError as exc:
            problems.extend(exc.messages)
        if problems:
            raise ValidationError(problems)
        return cleaned


MSG_REVIEW_NEVER = _(
    "Phần xem lại mở “khi người học đã dùng hết số lần làm bài”, nhưng số lần làm bài không giới hạn và bài không "
    "có thời điểm đóng: người học sẽ không bao giờ thấy phần này. Hãy đặt số lần làm bài, thời điểm đóng, hoặc chọn "
    "thời điểm mở khác."
)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp câu hỏi"), help_text=_("Moodle XML (.xml), GIFT (.gift, .txt) hoặc Aiken (.txt)."))
    format = forms.ChoiceField(label=_("Định dạng"), required=False,
                               choices=[("", _("Tự nhận biết"))] + [(f, f) for f in FORMATS])
    framework = forms.ModelChoiceField(label=_("Khung năng lực"), queryset=None, to_field_name="code")
    competence = forms.CharField(label=_("Năng lực mặc định (mã, ví dụ 4.2)"), required=False)
    level = forms.IntegerField(label=_("Bậc mặc định"), required=False, min_value=1, max_value=8)
    strict = forms.BooleanField(label=_("Coi câu bị bỏ qua là lỗi"), required=False)

    def clean_file(self):
        """A size limit before the whole file is read into memory (QUESTION_IMPORT_MAX_BYTES)."""
        upload = self.cleaned_data["file"]
        check_size(upload, getattr(settings, "QUESTION_IMPORT_MAX_BYTES", 5 * 1024 * 1024))
        return upload

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.all()
        default = Framework.objects.filter(is_default=True).first()
        if default:
            self.fields["framework"].initial = default.code


class ExportForm(forms.Form):
    framework = forms.ModelChoiceField(label=_("Khung năng lực"), queryset=None, to_field_name="code", required=False,
                                       empty_label=_("Tất cả"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.all()


class TagCategoryForm(forms.Form):
    """Tag every untagged question of one source category with a competence and a level (the review page)."""

    category = forms.CharField(widget=forms.HiddenInput, required=False, max_length=255)
    competence = forms.ModelChoiceField(label=_("Năng lực thành phần"), queryset=None)
    level = forms.TypedChoiceField(label=_("Bậc"), coerce=int, choices=[(n, n) for n in range(1, 9)])
    approve = forms.BooleanField(label=_("Duyệt luôn các câu này"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = Competence.objects.select_related("framework", "area").order_by(
            "framework__code", "area__sort_order", "sort_order", "code")
        self.fields["competence"].label_from_instance = lambda c: f"{c.framework.code} · {c.code} {c.label}"
