"""Managers' pages: dashboard, who has not met a requirement, exports and export jobs.

Thin views: scope and numbers come from ``lms.organisations.permissions`` and ``queries``; a learner gets 403,
a manager never reaches a unit outside their subtrees (404 hides it), an export job is its owner's only.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lms.accounts.selectors import is_identity_verified, with_identity_verified
from lms.organisations.permissions import assigned_units, can_see_unit, is_national, manager_required
from lms.organisations.selectors import Unit, target_years, unit_by_id_or_code, units_above
from lms.privacy.services import Read, log_reads

from . import charts, exports, queries, services
from .forms import STATUS_CHOICES, ExportForm
from .models import ExportJob, ExportLog, ExportSubscription

PAGE_SIZE = 50
SUBSCRIBED = gettext_lazy("Đã đăng ký: mỗi tuần bạn sẽ nhận một email có đường dẫn tải tệp này.")
UNSUBSCRIBED = gettext_lazy("Đã hủy nhận tệp hằng tuần.")


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
        charts.Bar(label=week["week"].strftime("%d/%m"), value=max(week["passed"], week["completed"]),
                   series=[week["passed"], week["completed"]],
                   text=_("%(passed)s đạt · %(completed)s hoàn thành") % week)
        for week in board.weeks
    ]
    return charts.bar_chart(
        title=_("Kết quả theo tuần (12 tuần gần nhất)"),
        desc=_("Mỗi tuần có hai thanh: số lượt đạt bài kiểm tra và số khóa học hoàn thành trong tuần bắt đầu từ ngày "
               "ghi bên trái. Số liệu chi tiết ở bảng ngay sau biểu đồ."),
        bars=bars, max_value=4, integer=True,
        series_names=[_("Đạt bài kiểm tra"), _("Hoàn thành khóa học")],
    )


@manager_required
def dashboard(request):
    unit = _chosen_unit(request)
    if unit is None and not is_national(request.user):
        return render(request, "reporting/no_units.html", {"section": "dashboard"})
    year = request.GET.get("year", "")
    year = int(year) if year.isascii() and year.isdecimal() and 2020 <= int(year) <= 2100 else None
    requirements = (queries.requirements_visible(request.user).filter(active=True)
                    .prefetch_related("population_groups")[:20])
    board = queries.dashboard(request.user, unit, year=year, requirements=requirements)
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
        "requirements": board.requirements,
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
        people = with_identity_verified(queries.not_completed(request.user, chosen, unit=unit))
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
        if form.cleaned_data["weekly"]:
            services.export_subscription_create(owner=request.user, filters=filters, fmt=fmt)
            messages.success(request, SUBSCRIBED)
            return redirect("reporting:exports")
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
        "kept_for": services.duration_words(services.retention()),
        "subscriptions": [
            (sub, _filters_in_words(queries.Filters.from_params(sub.params)))
            for sub in ExportSubscription.objects.filter(owner=request.user, active=True)
        ],
    })


@manager_required
@require_POST
def export_subscription_cancel(request, subscription_id: int):
    if not services.export_subscription_cancel(owner=request.user, subscription_id=subscription_id):
        raise Http404
    messages.success(request, UNSUBSCRIBED)
    return redirect("reporting:exports")


@manager_required
def learner_detail(request, user_id: int):
    """One learner's record: enrolments (and completions), test attempts with score and result, certificates.
    Only for a learner inside the manager's units (404 otherwise: the page does not tell whether the account
    exists); every view is logged as a staff read of personal data (lms/privacy)."""
    person = queries.learner_in_scope(request.user, user_id)
    if person is None:
        raise Http404
    log_reads(request=request, what=Read.LEARNER, subjects=[person.pk])
    return render(request, "reporting/learner.html", {
        "section": "learner", "record": queries.learner_record(person), "person": person,
        "identity_verified": is_identity_verified(person),
    })


def _stream(request, filters: queries.Filters, fmt: str):
    """Send the file now. The export is logged before the first row and completed with the row count once the
    last row has gone out (for CSV, when the streamed response has been read to the end)."""
    name = services.export_filename(fmt)
    log = services.export_log_start(user=request.user, filters=filters, fmt=fmt, route=ExportLog.Route.PAGE,
                                    ip_address=services.client_ip(request))
    rows = services.logged_rows(queries.export_rows(request.user, filters), log)
    if fmt == "xlsx":
        return FileResponse(exports.xlsx_tempfile(rows, columns=filters.column_keys), as_attachment=True,
                            filename=name, content_type=exports.CONTENT_TYPES["xlsx"])
    lines = _in_language(exports.csv_lines(rows, columns=filters.column_keys), translation.get_language())
    response = StreamingHttpResponse(lines, content_type=exports.CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _filters_in_words(filters: queries.Filters) -> str:
    """The filter in words in the active language (for pages; ``describe_filters`` is the log's record)."""
    parts = []
    if filters.unit is not None:
        parts.append(f"{filters.unit.code} {filters.unit.label}")
    if filters.group is not None:
        parts.append(filters.group.label)
    if filters.course is not None:
        parts.append(filters.course.title)
    if filters.assessment is not None:
        parts.append(filters.assessment.title)
    if filters.status:
        parts.append(str(dict(STATUS_CHOICES).get(filters.status, filters.status)))
    if filters.date_from or filters.date_to:
        parts.append(f"{filters.date_from or '…'} – {filters.date_to or '…'}")
    return "; ".join(parts) or _("Tất cả")


def _in_language(lines, language: str):
    """A streamed body is written after the view returns, once the request's language is no longer active: its
    headers and labels are written in the language the page was asked in."""
    with translation.override(language):
        yield from lines


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
