"""Wagtail admin for the quiz engine: the framework(s), the question bank, tests, import and export."""

from django.forms import CheckboxSelectMultiple
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .forms import AssessmentAdminForm, QuestionAdminForm
from .models import Assessment, Competence, CompetenceArea, Framework, ProficiencyLevel, Question

CHOICE_HELP = _(
    "Một/nhiều lựa chọn: mỗi dòng một lựa chọn, điểm từ -100 đến 100 (%). Ghép cặp: “nội dung” là vế trái, "
    "“vế ghép” là vế phải (để trống vế trái để thêm đáp án gây nhiễu). Sắp xếp: các mục theo đúng thứ tự. "
    "Số: “nội dung” là giá trị, kèm sai số. Trả lời ngắn: mỗi dòng một đáp án được chấp nhận (* thay cho chuỗi bất kỳ). "
    "Đúng/Sai: không cần dòng nào; dòng 1 và 2 (nếu có) là phản hồi khi chọn Đúng / Sai."
)


class FrameworkViewSet(SnippetViewSet):
    model = Framework
    icon = "list-ul"
    menu_label = _("Khung năng lực")
    list_display = ["code", "name", "version", "is_default"]
    search_fields = ["code", "name"]
    panels = [FieldRowPanel([FieldPanel("code"), FieldPanel("version")]), FieldPanel("name"), FieldPanel("name_en"),
              FieldPanel("source"), FieldPanel("description"), FieldPanel("is_default")]


class CompetenceAreaViewSet(SnippetViewSet):
    model = CompetenceArea
    icon = "folder-open-inverse"
    menu_label = _("Miền năng lực")
    list_display = ["code", "name", "framework", "sort_order"]
    list_filter = ["framework"]
    panels = [FieldPanel("framework"), FieldRowPanel([FieldPanel("code"), FieldPanel("sort_order")]),
              FieldPanel("name"), FieldPanel("name_en"), FieldPanel("description")]


class CompetenceViewSet(SnippetViewSet):
    model = Competence
    icon = "tag"
    menu_label = _("Năng lực thành phần")
    list_display = ["code", "name", "area", "framework"]
    list_filter = ["framework", "area"]
    search_fields = ["code", "name"]
    panels = [FieldPanel("area"), FieldRowPanel([FieldPanel("code"), FieldPanel("sort_order")]),
              FieldPanel("name"), FieldPanel("name_en"), FieldPanel("description")]


class ProficiencyLevelViewSet(SnippetViewSet):
    model = ProficiencyLevel
    icon = "order"
    menu_label = _("Bậc năng lực")
    list_display = ["number", "name", "tier", "framework"]
    list_filter = ["framework", "tier"]
    panels = [FieldPanel("framework"), FieldRowPanel([FieldPanel("number"), FieldPanel("tier")]),
              FieldPanel("name"), FieldPanel("name_en"), FieldPanel("description")]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Ngân hàng câu hỏi")
    list_display = ["name", "competence", "level", "qtype", "is_active", "updated_at"]
    list_filter = ["competence__framework", "competence__area", "competence", "level", "qtype", "is_active"]
    search_fields = ["name", "category"]
    list_per_page = 50
    copy_view_enabled = True
    panels = [
        MultiFieldPanel([
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("competence"), FieldPanel("level"), FieldPanel("qtype")]),
            FieldPanel("category"),
        ], heading=_("Phân loại")),
        FieldPanel("stem"),
        FieldPanel("image"),
        InlinePanel("choices", heading=_("Lựa chọn, đáp án"), help_text=CHOICE_HELP, panels=[
            FieldPanel("text"),
            FieldPanel("match_text"),
            FieldRowPanel([FieldPanel("fraction"), FieldPanel("tolerance")]),
            FieldPanel("feedback"),
        ]),
        MultiFieldPanel([
            FieldPanel("partial_credit"), FieldPanel("correct_true"), FieldPanel("case_sensitive"),
            FieldPanel("ignore_diacritics"),
        ], heading=_("Chấm điểm")),
        FieldPanel("general_feedback"),
        FieldPanel("explanation"),
        FieldPanel("is_active"),
    ]


class AssessmentViewSet(SnippetViewSet):
    model = Assessment
    icon = "tasks"
    menu_label = _("Bài kiểm tra")
    list_display = ["title", "framework", "time_limit_minutes", "pass_mark", "is_published"]
    list_filter = ["framework", "is_published", "population_groups"]
    search_fields = ["title"]
    panels = [
        FieldPanel("title"), FieldPanel("slug"), FieldPanel("framework"), FieldPanel("description"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("attempts_allowed"), FieldPanel("pass_mark")]),
            FieldRowPanel([FieldPanel("available_from"), FieldPanel("available_until")]),
            FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
            FieldRowPanel([FieldPanel("review_policy"), FieldPanel("review_after")]),
        ], heading=_("Cách làm bài")),
        InlinePanel("blueprint_rows", heading=_("Ma trận đề"), min_num=0, panels=[
            FieldRowPanel([FieldPanel("competence"), FieldPanel("area")]),
            FieldRowPanel([FieldPanel("level_min"), FieldPanel("level_max"), FieldPanel("count")]),
        ], help_text=_("Mỗi dòng: một năng lực thành phần (hoặc cả một miền), một bậc (bậc đầu bằng bậc cuối) và số câu rút ngẫu nhiên. Các bậc của một miền phải liên tiếp.")),
        InlinePanel("area_pass_marks", heading=_("Điểm đạt theo miền"), panels=[
            FieldRowPanel([FieldPanel("area"), FieldPanel("pass_mark")])]),
        FieldPanel("population_groups", widget=CheckboxSelectMultiple),
        FieldPanel("is_published"),
    ]


QuestionViewSet.edit_handler = ObjectList(QuestionViewSet.panels, base_form_class=QuestionAdminForm)
AssessmentViewSet.edit_handler = ObjectList(AssessmentViewSet.panels, base_form_class=AssessmentAdminForm)


class QuizzesGroup(SnippetViewSetGroup):
    menu_label = _("Kiểm tra năng lực số")
    menu_icon = "tasks"
    menu_order = 250
    items = (QuestionViewSet, AssessmentViewSet, FrameworkViewSet, CompetenceAreaViewSet, CompetenceViewSet,
             ProficiencyLevelViewSet)


register_snippet(QuizzesGroup)


@hooks.register("register_admin_urls")
def register_quiz_admin_urls():
    return [
        path("quizzes/import/", admin_views.import_questions_view, name="quizzes_admin_import"),
        path("quizzes/export/", admin_views.export_questions_view, name="quizzes_admin_export"),
    ]


class _ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("quizzes.add_question")


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return _ImportMenuItem(_("Nhập, xuất câu hỏi"), reverse("quizzes_admin_import"), icon_name="download",
                           order=251)
