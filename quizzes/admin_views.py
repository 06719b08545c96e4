"""Wagtail admin pages for importing and exporting question banks (registered in wagtail_hooks)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .forms import ExportForm, ImportForm
from .importers import detect_format, moodle_xml, parse
from .selectors import question_list
from .services import questions_import


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
                messages.success(request, _("Đã nhập %(n)d câu hỏi.") % {"n": len(report.created)})
            else:
                messages.error(request, _("Không nhập câu hỏi nào: hãy sửa các lỗi dưới đây rồi tải lên lại."))
    return TemplateResponse(request, "quizzes/admin/import.html", {
        "form": form, "report": report, "export_form": ExportForm(), "page_title": _("Nhập, xuất câu hỏi")})


def export_questions_view(request):
    if not request.user.has_perm("quizzes.view_question") and not request.user.has_perm("quizzes.change_question"):
        raise PermissionDenied
    form = ExportForm(request.GET or None)
    code = form.cleaned_data["framework"].code if form.is_valid() and form.cleaned_data.get("framework") else None
    questions = question_list(framework_code=code)
    if not questions.exists():
        messages.error(request, _("Không có câu hỏi nào để xuất."))
        return redirect("quizzes_admin_import")
    response = HttpResponse(moodle_xml.export(questions), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cau-hoi-{code or "tat-ca"}.xml"'
    return response
