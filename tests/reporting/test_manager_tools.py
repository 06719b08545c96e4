"""Issue 16, managers: the per-learner page (scope, links, read log), export labels/dates/columns/frozen header,
the "ready" email, weekly exports, durations in words, and the dashboard charts."""

from __future__ import annotations

import datetime as dt
import io

from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from lms.privacy.models import PersonalDataAccess
from reporting import charts, exports, queries, services
from reporting.models import ExportJob, ExportSubscription
from reporting.queries import Filters

from . import test_reporting as base
from .test_reporting import _csv, _export

world = base.world  # the same people and results as test_reporting
private_exports = base.private_exports


# --- Per-learner page -----------------------------------------------------------------------------


def test_learner_page_shows_enrolments_attempts_and_certificates(client, world, manager_a, standard_test, course):
    from certificates.models import Certificate

    hoa = world["hoa"]
    client.force_login(manager_a)
    response = client.get(reverse("reporting:learner", args=[hoa.pk]))
    assert response.status_code == 200
    record = response.context["record"]
    assert [e.course for e in record.enrollments] == [course]
    assert sorted(a.score for a in record.attempts) == [45, 82]
    html = response.content.decode()
    assert "Nguyễn Thị Hoa" in html and course.title in html and standard_test.title in html
    assert "Đạt" in html and "Chưa đạt" in html and "Đã hoàn thành" in html
    assert list(record.certificates) == list(Certificate.objects.filter(user=hoa))


def test_learner_page_is_logged_as_a_staff_read(client, world, manager_a):
    hoa = world["hoa"]
    client.force_login(manager_a)
    client.get(reverse("reporting:learner", args=[hoa.pk]))
    log = PersonalDataAccess.objects.get(subject=hoa)
    assert (log.reader, log.what) == (manager_a, PersonalDataAccess.What.LEARNER)
    assert log.path == reverse("reporting:learner", args=[hoa.pk])


def test_learner_page_outside_scope_is_404_by_edited_url(client, world, manager_a, learner, staff):
    client.force_login(manager_a)
    for other in (world["bac"], staff):  # another province's learner; a staff account
        assert client.get(reverse("reporting:learner", args=[other.pk])).status_code == 404
    assert client.get("/manage/learners/999999/").status_code == 404
    assert not PersonalDataAccess.objects.filter(what=PersonalDataAccess.What.LEARNER).exists()
    client.force_login(learner)
    assert client.get(reverse("reporting:learner", args=[world["hoa"].pk])).status_code == 403


def test_requirement_list_names_link_to_the_learner_page(client, world, manager_a):
    client.force_login(manager_a)
    html = client.get(reverse("reporting:requirements")).content.decode()
    assert f'href="{reverse("reporting:learner", args=[world["binh"].pk])}"' in html


# --- Exports --------------------------------------------------------------------------------------


def test_export_shows_labels_in_the_users_language_not_codes(client, world, manager_a, standard_test, course):
    client.force_login(manager_a)
    rows = _csv(_export(client))[1:]
    statuses = {r[7] for r in rows}
    assert statuses == {"Đạt", "Chưa đạt", "Đã hoàn thành", "Đang học"}
    assert not statuses & {"passed", "failed", "completed", "in_progress"}
    with translation.override("en"):
        rows = _csv(client.post("/en/manage/exports/", {"format": "csv"}))
    assert rows[0][2] == "Full name" and rows[0][7] == "Status"
    assert {r[7] for r in rows[1:]} == {"Passed", "Not passed yet", "Completed", "In progress"}
    assert "Cadres, civil servants and public employees" in {r[5] for r in rows[1:]}


def test_export_chosen_columns_only_whitelisted(client, world, manager_a):
    client.force_login(manager_a)
    rows = _csv(_export(client, columns=["full_name", "status", "completed_on"], columns_shown="1"))
    assert rows[0] == ["Họ và tên", "Trạng thái", "Ngày hoàn thành"]
    assert all(len(r) == 3 for r in rows)
    assert ("Nguyễn Thị Hoa", "Đạt") in {(r[0], r[1]) for r in rows[1:]}
    # Unticking every column on the page is an error, not an empty file; a column that is not offered is refused
    # (the server's whitelist), and one stored on a job or a subscription is dropped when read back.
    response = _export(client, columns_shown="1")
    assert response.status_code == 200 and "columns" in response.context["form"].errors
    response = _export(client, columns=["full_name", "password"], columns_shown="1")
    assert response.status_code == 200 and "columns" in response.context["form"].errors
    assert Filters.from_params({"columns": ["password", "email"]}).column_keys == ["email"]
    # The page offers a checkbox per column, all ticked by default.
    html = client.get(reverse("reporting:exports")).content.decode()
    assert html.count('name="columns"') == len(queries.COLUMN_KEYS) and html.count("checked") >= len(queries.COLUMN_KEYS)


def test_xlsx_dates_are_date_cells_header_frozen_and_filtered(client, world, manager_a):
    from openpyxl import load_workbook

    client.force_login(manager_a)
    body = b"".join(_export(client, format="xlsx").streaming_content)
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:Q{sheet.max_row}"
    column = queries.COLUMN_KEYS.index("completed_on") + 1
    dated = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)
             if sheet.cell(row=r, column=column).value]
    assert dated and all(cell.is_date and cell.number_format == exports.DATE_FORMAT for cell in dated)
    assert {cell.value.date() for cell in dated} <= {timezone.localdate() - dt.timedelta(days=d) for d in range(30)}


def test_export_page_has_no_docs_path_and_durations_in_words(client, manager_a, settings):
    settings.EXPORT_RETENTION_HOURS = 72
    client.force_login(manager_a)
    html = client.get(reverse("reporting:exports")).content.decode()
    assert "docs/exports.md" not in html
    assert "3 ngày" in html and "72,0" not in html and "72.0" not in html
    assert services.duration_words(dt.timedelta(hours=30)) == "1 ngày 6 giờ"
    assert services.duration_words(dt.timedelta(minutes=45)) == "45 phút"


def test_background_export_sends_a_ready_email_in_the_owners_language(client, world, manager_a, settings,
                                                                      django_capture_on_commit_callbacks):
    settings.EXPORT_SYNC_MAX_ROWS = 1
    settings.BASE_URL = "https://hocvuso.example"
    client.force_login(manager_a)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/manage/exports/", {"format": "xlsx"})
    job = ExportJob.objects.get(owner=manager_a)
    assert response.status_code == 302 and job.is_done
    [message] = mail.outbox
    assert message.to == [manager_a.email]
    assert "ready" in message.subject and "sẵn sàng" not in message.body
    assert f"https://hocvuso.example/en/manage/exports/{job.pk}/" in message.body
    assert "3 days" in message.body


# --- Weekly exports -------------------------------------------------------------------------------


def test_weekly_export_subscription_sends_a_link_each_week(client, world, manager_a, tree,
                                                           django_capture_on_commit_callbacks):
    client.force_login(manager_a)
    response = _export(client, unit=tree["C-A1"].pk, format="xlsx", weekly="on",
                       columns=["full_name", "status"], columns_shown="1")
    assert response.status_code == 302
    subscription = ExportSubscription.objects.get(owner=manager_a)
    assert not ExportJob.objects.exists()  # nothing is written until the job runs
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.export_subscriptions_send(now=now) == 1
    job = ExportJob.objects.get(owner=manager_a)
    assert job.is_done and job.params["subscription"] == subscription.pk and job.params["columns"] == [
        "full_name", "status"]
    assert len(mail.outbox) == 1 and reverse("reporting:export_job", kwargs={"job_id": job.pk}) in mail.outbox[0].body
    assert not mail.outbox[0].attachments  # linked behind sign-in, never attached
    assert services.export_subscriptions_send(now=now + dt.timedelta(days=3)) == 0  # not due yet
    assert services.export_subscriptions_send(now=now + dt.timedelta(days=7)) == 1


def test_weekly_export_respects_the_scope_at_send_time(client, world, manager_a, tree):
    from lms.organisations.models import ManagerAssignment
    from lms.organisations.permissions import forget_scope

    client.force_login(manager_a)
    _export(client, unit=tree["C-A1"].pk, weekly="on")
    ManagerAssignment.objects.filter(user=manager_a).delete()
    forget_scope(manager_a)
    assert services.export_subscriptions_send() == 0
    assert not ExportJob.objects.exists() and not mail.outbox
    assert not ExportSubscription.objects.get(owner=manager_a).active


def test_weekly_export_can_be_cancelled_by_its_owner_only(client, world, manager_a, manager_b):
    subscription = services.export_subscription_create(owner=manager_a, filters=Filters(), fmt="csv")
    client.force_login(manager_b)
    url = reverse("reporting:export_subscription_cancel", args=[subscription.pk])
    assert client.post(url).status_code == 404
    client.force_login(manager_a)
    assert client.post(url).status_code == 302
    subscription.refresh_from_db()
    assert not subscription.active


def test_scheduled_exports_job_is_registered(settings):
    assert any(path == "reporting.jobs.send_scheduled_exports" for path, _every in settings.PERIODIC_JOBS)


# --- Charts ---------------------------------------------------------------------------------------


def test_chart_long_labels_wrap_whole_never_clipped():
    long = "Cán bộ, công chức, viên chức và người lao động trong các cơ quan nhà nước"
    chart = charts.bar_chart(title="t", desc="d", bars=[charts.Bar(label=long, value=40, text="40%"),
                                                       charts.Bar(label="Khác", value=10, text="10%")])
    first, second = chart.bars
    assert " ".join(line["text"] for line in first.lines) == long  # every word is there
    assert len(first.lines) > 1 and all(len(line["text"]) <= charts.LABEL_CHARS for line in first.lines)
    assert second.y >= first.y + first.row_h  # the next bar starts below the wrapped label
    from django.template.loader import render_to_string

    html = render_to_string("reporting/_bar_chart.html", {"chart": chart, "id": "c"})
    assert "…" not in html and "trong các cơ quan nhà nước" in html


def test_chart_count_ticks_are_whole_numbers():
    for top in (1, 3, 6, 7, 13, 58, 999):
        chart = charts.bar_chart(title="t", desc="d", bars=[charts.Bar(label="x", value=top, text="")], integer=True)
        labels = [int(t["label"]) for t in chart.ticks]
        assert labels[0] == 0 and labels[-1] >= top and labels == sorted(set(labels))
        step = labels[1] - labels[0]
        assert all(b - a == step for a, b in zip(labels, labels[1:], strict=False))
        for tick in chart.ticks:  # each label sits where its value is
            assert tick["x"] == round(charts.LABEL_W + chart.plot_w * int(tick["label"]) / chart.max_value, 1)


def test_weekly_chart_draws_passes_and_completions_as_separate_series(client, world, manager_a):
    client.force_login(manager_a)
    response = client.get(reverse("reporting:dashboard"))
    chart = response.context["week_chart"]
    assert [s.name for s in chart.bars[-1].segments] == ["Đạt bài kiểm tra", "Hoàn thành khóa học"]
    weeks = response.context["board"].weeks
    assert [[s.value for s in bar.segments] for bar in chart.bars] == [[w["passed"], w["completed"]] for w in weeks]
    html = response.content.decode()
    assert 'data-series="0"' in html and 'data-series="1"' in html and "Hoàn thành khóa học" in html
