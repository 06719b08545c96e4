"""Managers' pages: dashboard, who has not met a requirement, exports and export jobs.

Thin views: scope and numbers come from ``lms.organisations.permissions`` and ``queries``; a learner gets 403,
a manager never reaches a unit outside their subtrees (404 hides it), an export job is its owner's only.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.organisations.permissions import assigned_units, can_see_unit, is_national, manager_required
from lms.organisations.selectors import Unit, target_years, unit_by_id_or_code, units_above
from lms.privacy.services import Read, log_reads

from . import charts, exports, queries, services
from .forms import ExportForm
from .models import ExportJob, ExportLog

PAGE_SIZE = 50


def _chosen_unit(request, param: str = "unit") -> Unit | None:
    """The unit asked for (``?unit=<id>``) if the user may see it (404 otherwise); by default the manager's
    first unit, or everything for a national manager."""
    raw = request.GET.get(param) or request.POST.get(param)
    if raw:
        raw = str(raw)
        unit = unit_by_id_or_code(raw)
        if unit is None or not can_see_unit(request.user, unit):
            raise Http404
        return unit
    if is_national(request.user):
        return None
    return assigned_units(request.user).first()


def _breadcrumbs(user, unit: Unit | None) -> list[Unit]:
    if unit is None:
        return []
    return [u for u in units_above(unit) if can_see_unit(user, u)] + [unit]


def _group_chart(board: queries.Dashboard) -> charts.BarChart:
    bars = [
        charts.Bar(
            label=stat.group.label, value=stat.share,
            text=f"{stat.share:g}% ({stat.passed}/{stat.learners})",
            target=stat.target.percent if stat.target else None,
        )
        for stat in board.groups
    ]
    return charts.bar_chart(
        title=_("Tỉ lệ đạt bài kiểm tra chuẩn so với chỉ tiêu năm %(year)s") % {"year": board.year},
        desc=_("Mỗi thanh là tỉ lệ người học của một nhóm đối tượng đã đạt bài kiểm tra chuẩn của nhóm; vạch đứng "
               "là chỉ tiêu. Số liệu chi tiết ở bảng ngay sau biểu đồ."),
        bars=bars,
    )


def _week_chart(board: queries.Dashboard) -> charts.BarChart:
    bars = [
        charts.Bar(label=week["week"].strftime("%d/%m"), value=week["passed"] + week["completed"],
                   text=_("%(passed)s đạt · %(completed)s hoàn thành") % week)
        for week in board.weeks
    ]
    top = max([bar.value for bar in bars] + [4])
    return charts.bar_chart(
        title=_("Kết quả theo tuần (12 tuần gần nhất)"),
        desc=_("Mỗi thanh là số lượt đạt bài kiểm tra cộng số khóa học hoàn thành trong tuần bắt đầu từ ngày ghi "
               "bên trái. Số liệu chi tiết ở bảng ngay sau biểu đồ."),
        bars=bars, max_value=top,
    )


@manager_required
def dashboard(request):
    unit = _chosen_unit(request)
    if unit is None and not is_national(request.user):
        return render(request, "reporting/no_units.html", {"section": "dashboard"})
    year = request.GET.get("year", "")
    year = int(year) if year.isascii() and year.isdecimal() and 2020 <= int(year) <= 2100 else None
    board = queries.dashboard(request.user, unit, year=year)
    switch_units = list(assigned_units(request.user)[:200])
    return render(request, "reporting/dashboard.html", {
        "section": "dashboard",
        "board": board,
        "unit": unit,
        "breadcrumbs": _breadcrumbs(request.user, unit),
        "switch_units": switch_units,
        "national": is_national(request.user),
        "years": sorted(target_years() | {board.year}),
        "group_chart": _group_chart(board),
        "week_chart": _week_chart(board),
        "requirements": [
            queries.requirement_summary(request.user, r, unit=unit)
            for r in queries.requirements_visible(request.user).filter(active=True)[:20]
        ],
    })


@manager_required
def requirement_list(request):
    """Who has not yet met a requirement (paginated), with their unit."""
    unit = _chosen_unit(request)
    requirements = list(queries.requirements_visible(request.user).filter(active=True))
    chosen = None
    raw = request.GET.get("requirement")
    if raw:
        chosen = next((r for r in requirements if str(r.pk) == raw), None)
        if chosen is None:
            raise Http404
    elif requirements:
        chosen = requirements[0]
    page = summary = None
    if chosen is not None:
        people = queries.not_completed(request.user, chosen, unit=unit)
        page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
        log_reads(request=request, what=Read.REQUIREMENT_LIST,
                  subjects=[person.pk for person in page.object_list])
        summary = queries.requirement_summary(request.user, chosen, unit=unit)
    return render(request, "reporting/requirements.html", {
        "section": "requirements", "unit": unit, "requirements": requirements, "chosen": chosen, "page": page, "summary": summary,
        "today": timezone.localdate(),
    })


@manager_required
def export_form(request):
    raw = request.GET.get("unit", "")
    initial = {"unit": raw} if raw.isascii() and raw.isdecimal() else {}
    form = ExportForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        filters = form.filters()
        fmt = form.cleaned_data["format"]
        count = queries.export_count(request.user, filters)
        if count > services.sync_max_rows():
            job = services.export_job_create(owner=request.user, filters=filters, fmt=fmt, total_rows=count,
                                             ip_address=services.client_ip(request))
            return redirect("reporting:export_job", job_id=job.pk)
        return _stream(request, filters, fmt)
    jobs = ExportJob.objects.filter(owner=request.user)[:20]
    logs = ExportLog.objects.filter(user=request.user)[:20]
    return render(request, "reporting/exports.html", {
        "section": "exports", "form": form, "jobs": jobs, "logs": logs, "sync_max": services.sync_max_rows(),
        "retention_hours": services.retention().total_seconds() // 3600,
    })


def _stream(request, filters: queries.Filters, fmt: str):
    """Send the file now. The export is logged before the first row and completed with the row count once the
    last row has gone out (for CSV, when the streamed response has been read to the end)."""
    name = services.export_filename(fmt)
    log = services.export_log_start(user=request.user, filters=filters, fmt=fmt, route=ExportLog.Route.PAGE,
                                    ip_address=services.client_ip(request))
    rows = services.logged_rows(queries.export_rows(request.user, filters), log)
    if fmt == "xlsx":
        return FileResponse(exports.xlsx_tempfile(rows), as_attachment=True, filename=name,
                            content_type=exports.CONTENT_TYPES["xlsx"])
    response = StreamingHttpResponse(exports.csv_lines(rows), content_type=exports.CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _own_job(request, job_id) -> ExportJob:
    return get_object_or_404(ExportJob, pk=job_id, owner=request.user)


@manager_required
def export_job(request, job_id):
    job = _own_job(request, job_id)
    return render(request, "reporting/export_job.html", {"section": "exports", "job": job})


@manager_required
def export_job_status(request, job_id):
    job = _own_job(request, job_id)
    return JsonResponse({
        "status": job.status, "progress": job.progress, "row_count": job.row_count, "total_rows": job.total_rows,
        "download_url": reverse("reporting:export_download", kwargs={"job_id": job.pk}) if job.is_done else None,
    })


@manager_required
def export_download(request, job_id):
    job = _own_job(request, job_id)
    if not job.is_done or not job.file or (job.expires_at and job.expires_at <= timezone.now()):
        raise Http404
    if not services.export_job_scope_holds(job, request.user):
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404
    return FileResponse(handle, as_attachment=True, filename=services.export_filename(job.format, job.created_at),
                        content_type=exports.CONTENT_TYPES[job.format])
