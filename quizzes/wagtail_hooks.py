"""Wagtail admin for the quiz engine: the framework(s), the question bank, tests, import and export."""

import django_filters
from django.contrib import messages
from django.forms import CheckboxSelectMultiple
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, Panel
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .forms import AssessmentAdminForm, QuestionAdminForm
from .models import (
    MSG_OWN_CHANGE,
    Assessment,
    Competence,
    CompetenceArea,
    Framework,
    ProficiencyLevel,
    Question,
    ReviewedMixin,
)
from .services import MSG_APPROVE_FORBIDDEN, questions_approve, questions_retire
from .statistics import ItemStats, question_blueprint_rows, question_statistics

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


class QuestionFilterSet(WagtailFilterSet):
    untagged = django_filters.BooleanFilter(field_name="competence", lookup_expr="isnull",
                                            label=_("Chưa gắn năng lực"))
    category = django_filters.CharFilter(label=_("Danh mục gốc"))

    class Meta:
        model = Question
        fields = ["status", "competence__framework", "competence__area", "competence", "level", "qtype", "is_active"]


class QuestionUsagePanel(Panel):
    """On the question's edit page: links to the learner's preview and the history, usage (which tests' blueprint
    rows can draw it, how often it was drawn and answered) and its facility and discrimination."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "quizzes/admin/question_usage_panel.html"

        def is_shown(self):
            return self.instance is not None and self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            question = self.instance
            context.update(question=question, rows=list(question_blueprint_rows(question)),
                           drawable=question.is_drawable and question.live,
                           stats=question_statistics(question_ids=[question.pk]).get(question.pk, ItemStats()))
            return context


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Ngân hàng câu hỏi")
    list_display = ["name", "competence", "level", "qtype", "status", "category", "is_active", "updated_at"]
    filterset_class = QuestionFilterSet
    search_fields = ["name", "category"]
    list_per_page = 50
    copy_view_enabled = True
    panels = [
        MultiFieldPanel([
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("competence"), FieldPanel("level"), FieldPanel("qtype")]),
            FieldPanel("category"),
            FieldPanel("status", permission="quizzes.approve_question"),
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
        QuestionUsagePanel(heading=_("Xem trước, lịch sử, cách dùng và thống kê")),
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("learner-preview/<int:pk>/", admin_views.question_learner_preview_view, name="learner_preview"),
            path("versions/<int:pk>/", admin_views.question_versions_view, name="versions"),
            path("statistics/", admin_views.question_statistics_view, name="statistics"),
        ]


class AssessmentViewSet(SnippetViewSet):
    model = Assessment
    icon = "tasks"
    menu_label = _("Bài kiểm tra")
    list_display = ["title", "framework", "time_limit_minutes", "pass_mark", "is_published"]  # + Wagtail's status
    list_filter = ["framework", "is_published", "live", "population_groups"]
    search_fields = ["title"]
    panels = [
        FieldPanel("title"), FieldPanel("slug"), FieldPanel("framework"), FieldPanel("description"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("attempts_allowed"), FieldPanel("pass_mark")]),
            FieldRowPanel([FieldPanel("available_from"), FieldPanel("available_until")]),
            FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
            FieldRowPanel([FieldPanel("review_policy"), FieldPanel("review_after")]),
            FieldPanel("requires_verified_identity"),
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
        path("quizzes/review/", admin_views.review_questions_view, name="quizzes_admin_review"),
    ]


class _ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("quizzes.add_question")


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return _ImportMenuItem(_("Nhập, xuất câu hỏi"), reverse("quizzes_admin_import"), icon_name="download",
                           order=251)


class _ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("quizzes.change_question")


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return _ReviewMenuItem(_("Câu hỏi chờ duyệt"), reverse("quizzes_admin_review"), icon_name="help", order=252)


class QuestionsBulkAction(SnippetBulkAction):
    """A bulk action of the bank listing that reviewers (``quizzes.approve_question``) run on the selected questions
    through a service (``service(questions=..., user=...)`` → how many changed), after one shared confirmation page
    (``quizzes/admin/confirm_bulk_questions.html``). Subclasses name the service and their words."""

    template_name = "quizzes/admin/confirm_bulk_questions.html"
    models = [Question]
    service = None  # e.g. services.questions_approve
    title = ""  # the confirmation page's title
    confirm_text = ""  # the question asked: ngettext_lazy(..., "n"), formatted with the number of questions
    no_access_text = ""  # for the selected questions the user may not change
    flag_untagged = False  # name the selected questions that no test can draw (no competence)
    success_text = ""  # with %(n)d

    def check_perm(self, obj):
        return self.request.user.has_perm("quizzes.approve_question")

    @classmethod
    def execute_action(cls, objects, **kwargs):
        user = kwargs["self"].request.user
        if not objects or not user.has_perm("quizzes.approve_question"):
            return 0, 0
        return cls.service(questions=Question.objects.filter(pk__in=[q.pk for q in objects]), user=user), 0

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        n = len(context.get("items") or [])
        context.update(confirm_title=self.title, confirm_text=self.confirm_text % {"n": n}, no_access_msg=self.no_access_text, action_button_text=self.display_name,
                       flag_untagged=self.flag_untagged)
        return context

    def get_success_message(self, num_parent_objects, num_child_objects):
        return self.success_text % {"n": num_parent_objects}


class ApproveQuestionsBulkAction(QuestionsBulkAction):
    """“Duyệt” on the bank listing: approve the selected drafts."""

    display_name = _("Duyệt")
    action_type = "approve_questions"
    aria_label = _("Duyệt các câu hỏi đã chọn")
    action_priority = 20
    service = staticmethod(questions_approve)
    title = _("Duyệt câu hỏi")
    confirm_text = ngettext_lazy(
        "Duyệt %(n)s câu hỏi? Từ nay các bài kiểm tra có thể rút câu này (nếu đã gắn năng lực và đang dùng).",
        "Duyệt %(n)s câu hỏi? Từ nay các bài kiểm tra có thể rút các câu này (nếu đã gắn năng lực và đang dùng).", "n")
    no_access_text = MSG_APPROVE_FORBIDDEN
    flag_untagged = True
    success_text = _("Đã duyệt %(n)d câu hỏi: từ nay các bài kiểm tra có thể rút các câu này.")


class RetireQuestionsBulkAction(QuestionsBulkAction):
    """“Ngừng dùng” on the bank listing: tests stop drawing the selected questions (attempts keep their version)."""

    display_name = _("Ngừng dùng")
    action_type = "retire_questions"
    aria_label = _("Ngừng dùng các câu hỏi đã chọn")
    action_priority = 30
    service = staticmethod(questions_retire)
    title = _("Ngừng dùng câu hỏi")
    confirm_text = ngettext_lazy(
        "Ngừng dùng %(n)s câu hỏi? Các bài kiểm tra sẽ không rút câu này nữa; các lượt làm bài cũ vẫn giữ nguyên câu "
        "hỏi và kết quả.",
        "Ngừng dùng %(n)s câu hỏi? Các bài kiểm tra sẽ không rút các câu này nữa; các lượt làm bài cũ vẫn giữ nguyên "
        "câu hỏi và kết quả.", "n")
    no_access_text = _("Bạn không có quyền ngừng dùng câu hỏi: hãy nhờ người duyệt của đơn vị.")
    success_text = _("Đã ngừng dùng %(n)d câu hỏi: các bài kiểm tra không rút các câu này nữa.")


hooks.register("register_bulk_action", ApproveQuestionsBulkAction)
hooks.register("register_bulk_action", RetireQuestionsBulkAction)


class _StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("quizzes.change_question") or request.user.has_perm("quizzes.view_question")


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return _StatisticsMenuItem(_("Thống kê câu hỏi"), reverse("wagtailsnippets_quizzes_question:statistics"),
                               icon_name="table", order=253)
# -- review of official settings (see README.md, "Review of official settings") -------------------------------
@hooks.register("construct_snippet_action_menu")
def hide_direct_publish_of_reviewed_settings(menu_items, request, context):
    """Only superusers see "Publish" on a test: everyone else saves a draft and submits it for review."""
    model = context.get("model")
    if model is not None and issubclass(model, ReviewedMixin) and not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_publish")
def refuse_publishing_own_change(request, obj):
    """A forged "Publish" from the edit form: the draft is already saved; say why it did not apply."""
    if isinstance(obj, ReviewedMixin) and not request.user.is_superuser:
        messages.error(request, MSG_OWN_CHANGE)
        viewset = obj.snippet_viewset
        return redirect(viewset.get_url_name("edit"), obj.pk)
    return None
