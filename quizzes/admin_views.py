"""Wagtail admin pages for importing and exporting question banks (registered in wagtail_hooks)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .forms import ExportForm, ImportForm, TagCategoryForm
from .history import question_history
from .importers import detect_format, moodle_xml, parse
from .models import Question
from .presenters import question_preview
from .scoring import question_data_from_question as scoring_data_of
from .selectors import draft_categories, question_list, untagged_categories
from .services import questions_approve, questions_import, questions_tag_category
from .statistics import question_statistics_list


def import_questions_view(request):
    if not request.user.has_perm("quizzes.add_question"):
        raise PermissionDenied
    report = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", _("Tệp phải dùng bảng mã UTF-8."))
        else:
            fmt = form.cleaned_data["format"] or detect_format(upload.name, text)
            report = questions_import(
                result=parse(text, fmt), framework_code=form.cleaned_data["framework"].code,
                competence_code=form.cleaned_data["competence"] or None, level=form.cleaned_data["level"],
                strict=form.cleaned_data["strict"])
            if report.ok:
                messages.success(request, _(
                    "Đã nhập %(n)d câu hỏi (%(untagged)d câu chưa gắn năng lực). Các câu mới chờ duyệt: xem trang "
                    "“Câu hỏi chờ duyệt”.") % {"n": len(report.created), "untagged": len(report.untagged)})
            else:
                messages.error(request, _("Không nhập câu hỏi nào: hãy sửa các lỗi dưới đây rồi tải lên lại."))
    return TemplateResponse(request, "quizzes/admin/import.html", {
        "form": form, "report": report, "export_form": ExportForm(), "page_title": _("Nhập, xuất câu hỏi")})


def export_questions_view(request):
    if not request.user.has_perm("quizzes.view_question") and not request.user.has_perm("quizzes.change_question"):
        raise PermissionDenied
    form = ExportForm(request.GET or None)
    code = form.cleaned_data["framework"].code if form.is_valid() and form.cleaned_data.get("framework") else None
    questions = question_list(framework_code=code, active_only=False)  # hidden ones as <hidden>1
    if not questions.exists():
        messages.error(request, _("Không có câu hỏi nào để xuất."))
        return redirect("quizzes_admin_import")
    response = HttpResponse(moodle_xml.export(questions), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cau-hoi-{code or "tat-ca"}.xml"'
    return response


def review_questions_view(request):
    """Imported questions waiting for an editor: untagged ones per source category (tag them in bulk with a
    competence and level) and tagged drafts per category (approve them so that tests may draw them)."""
    if not request.user.has_perm("quizzes.change_question"):
        raise PermissionDenied
    can_approve = request.user.has_perm("quizzes.approve_question")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "tag":
            form = TagCategoryForm(request.POST)
            if form.is_valid():
                category = form.cleaned_data["category"]
                try:
                    count = questions_tag_category(category=category, competence=form.cleaned_data["competence"],
                                                   level=form.cleaned_data["level"])
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                    return redirect("quizzes_admin_review")
                messages.success(request, _("Đã gắn %(n)d câu của danh mục “%(c)s” vào %(comp)s, bậc %(level)d.") % {
                    "n": count, "c": category or "—", "comp": form.cleaned_data["competence"].code,
                    "level": form.cleaned_data["level"]})
                if form.cleaned_data["approve"]:
                    _approve(request, Question.objects.filter(category=category, competence__isnull=False))
            else:
                messages.error(request, _("Chọn năng lực thành phần và bậc rồi bấm “Gắn năng lực” lại."))
        elif action == "approve":
            _approve(request, Question.objects.filter(category=request.POST.get("category", ""),
                                                      competence__isnull=False))
        return redirect("quizzes_admin_review")
    untagged = [{**row, "form": TagCategoryForm(initial={"category": row["category"]}, auto_id=f"tag{n}_%s")}
                for n, row in enumerate(untagged_categories())]
    return TemplateResponse(request, "quizzes/admin/review.html", {
        "untagged": untagged, "drafts": draft_categories(), "can_approve": can_approve,
        "page_title": _("Câu hỏi chờ duyệt")})


def _approve(request, questions) -> None:
    try:
        count = questions_approve(questions=questions, user=request.user)
    except PermissionError as exc:
        messages.error(request, str(exc))
        return
    messages.success(request, _("Đã duyệt %(n)d câu hỏi: từ nay các bài kiểm tra có thể rút các câu này.") % {"n": count})


# -- one question: preview as the learner sees it, versions (who changed what), usage and statistics ----------
def _question_for(request, pk) -> Question:
    if not (request.user.has_perm("quizzes.change_question") or request.user.has_perm("quizzes.view_question")):
        raise PermissionDenied
    return get_object_or_404(Question.objects.select_related("competence__area", "image"), pk=pk)


def _editing_object(question: Question) -> Question:
    """What the editor is working on: the latest revision (a draft waiting for review) or the row."""
    if question.has_unpublished_changes and question.latest_revision_id:
        return question.latest_revision.as_object()
    return question


def question_learner_preview_view(request, pk):
    """The question as a learner meets it in a test (the test page's partial, shuffled options under fresh opaque
    ids, no key in the question's markup), then, below, the key for the editor."""
    question = _question_for(request, pk)
    shown = _editing_object(question)
    preview = question_preview(scoring_data_of(shown), image=shown.image)
    return TemplateResponse(request, "quizzes/question_preview.html", {
        **preview, "question": shown, "admin_preview": True,
        "edit_url": reverse("wagtailsnippets_quizzes_question:edit", args=[question.pk])})


def question_versions_view(request, pk):
    question = _question_for(request, pk)
    return TemplateResponse(request, "quizzes/admin/question_versions.html", {
        "question": question, **question_history(question),
        "page_title": _("Lịch sử thay đổi: %(name)s") % {"name": question.name}})


def question_statistics_view(request):
    """The bank's questions with usage and item statistics, sortable (``?ordering=-facility`` …)."""
    if not (request.user.has_perm("quizzes.change_question") or request.user.has_perm("quizzes.view_question")):
        raise PermissionDenied
    ordering = request.GET.get("ordering", "-attempts")
    questions = Question.objects.all()
    status = request.GET.get("status")
    if status in Question.Status.values:
        questions = questions.filter(status=status)
    rows = question_statistics_list(questions=questions, ordering=ordering)
    columns = [("name", _("Câu hỏi")), ("drawn", _("Số lần được rút")), ("attempts", _("Số lượt đã nộp")),
               ("facility", _("Độ dễ (%)")), ("discrimination", _("Độ phân biệt (%)"))]
    return TemplateResponse(request, "quizzes/admin/question_statistics.html", {
        "rows": rows, "ordering": ordering, "columns": columns, "status": status,
        "statuses": Question.Status.choices, "page_title": _("Thống kê câu hỏi")})
