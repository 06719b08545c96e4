"""Writes of reporting: export jobs (create, run with progress, purge). Exports read through ``queries``."""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import tempfile
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.files import File
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from lms.organisations.models import Unit
from lms.organisations.permissions import can_see_unit, results_scope
from lms.ratelimit import client_ip as request_ip

from . import exports, queries
from .models import ExportJob, ExportLog, ExportSubscription
from .tasks import run_export_job

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 500  # rows between progress saves


def sync_max_rows() -> int:
    return int(getattr(settings, "EXPORT_SYNC_MAX_ROWS", 50_000))


def retention() -> dt.timedelta:
    return dt.timedelta(hours=int(getattr(settings, "EXPORT_RETENTION_HOURS", 72)))


def export_filename(fmt: str, when=None) -> str:
    when = timezone.localtime(when or timezone.now())
    return f"hoan-thanh-{when:%Y%m%d-%H%M}.{fmt}"


def export_job_create(
    *, owner, filters: queries.Filters, fmt: str, total_rows: int = 0, ip_address: str | None = None,
    language: str | None = None, subscription=None,
) -> ExportJob:
    """Record the job (and its export log) and enqueue it once the transaction commits (inline with the
    ImmediateBackend). ``language``: the file's and the "ready" email's (default: the active one)."""
    params = filters.to_params() | {"language": language or translation.get_language() or settings.LANGUAGE_CODE}
    if subscription is not None:
        params["subscription"] = subscription.pk
    job = ExportJob.objects.create(owner=owner, format=fmt, params=params, total_rows=total_rows)
    export_log_start(user=owner, filters=filters, fmt=fmt, route=ExportLog.Route.JOB, ip_address=ip_address, job=job)
    transaction.on_commit(lambda: run_export_job.enqueue(str(job.pk)))
    return job


def export_job_run(*, job_id) -> ExportJob | None:
    """Write the job's file, saving progress as it goes. The owner's scope is applied now, as for a page."""
    job = ExportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return job
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, progress=0)
    filters = queries.Filters.from_params(job.params)
    with translation.override(job_language(job)):
        _export_job_write(job, filters)
    job.refresh_from_db()
    if job.is_done:
        export_ready_email(job)
    return job


def job_language(job: ExportJob) -> str:
    wanted = job.params.get("language") if isinstance(job.params, dict) else None
    return wanted if wanted in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _export_job_write(job: ExportJob, filters: queries.Filters) -> None:
    try:
        total = queries.export_count(job.owner, filters)
        ExportJob.objects.filter(pk=job.pk).update(total_rows=total)

        saved = [0]

        def on_row(count: int) -> None:  # per row (XLSX) or per chunk of rows (CSV)
            if count - saved[0] >= PROGRESS_EVERY and total:
                saved[0] = count
                ExportJob.objects.filter(pk=job.pk).update(progress=min(99, count * 100 // total), row_count=count)

        rows = queries.export_rows(job.owner, filters)
        with tempfile.TemporaryFile() as handle:
            if job.format == ExportJob.Format.XLSX:
                count = exports.write_xlsx(rows, handle, on_row=on_row, columns=filters.column_keys)
            else:
                count = 0

                def counting(n: int) -> None:
                    nonlocal count
                    count = n
                    on_row(n)

                for chunk in exports.csv_lines(rows, on_row=counting, columns=filters.column_keys):
                    handle.write(chunk)
            handle.seek(0)
            job.file.save(export_filename(job.format, job.created_at), File(handle), save=False)
        now = timezone.now()
        ExportJob.objects.filter(pk=job.pk).update(
            file=job.file.name, status=ExportJob.Status.DONE, progress=100, row_count=count, finished_at=now,
            expires_at=now + retention(), params=job.params | {"scope": scope_snapshot(job.owner)},
        )
        ExportLog.objects.filter(job=job).update(status=ExportLog.Status.DONE, row_count=count, finished_at=now)
    except Exception as exc:  # noqa: BLE001 - recorded on the job for its owner to see
        logger.exception("Export job %s failed", job.pk)
        now = timezone.now()
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=str(exc)[:1000], finished_at=now, expires_at=now + retention()
        )
        ExportLog.objects.filter(job=job).update(status=ExportLog.Status.FAILED, finished_at=now)


def export_ready_email(job: ExportJob) -> bool:
    """Tell the owner their file is ready: a link to the job's page (behind sign-in, where the download checks
    their scope again), never the file itself; in the job's language. Returns whether a message was sent."""
    owner = job.owner
    if not owner.email or owner.email.endswith(".invalid"):
        return False
    language = job_language(job)
    with translation.override(language):
        link = settings.BASE_URL.rstrip("/") + reverse("reporting:export_job", kwargs={"job_id": job.pk})
        context = {
            "user": owner, "job": job, "link": link, "site_name": settings.WAGTAIL_SITE_NAME,
            "scheduled": bool(job.params.get("subscription")), "kept_for": duration_words(retention()),
        }
        subject = render_to_string("reporting/email/export_ready_subject.txt", context).strip()
        body = render_to_string("reporting/email/export_ready_message.txt", context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [owner.email])
    return True


def duration_words(delta: dt.timedelta) -> str:
    """A duration as people say it: "3 ngày", "1 ngày 6 giờ", "45 phút" (never "72,0 giờ")."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d ngày", "%(n)d ngày", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d giờ", "%(n)d giờ", hours) % {"n": hours})
    if minutes or not parts:
        parts.append(ngettext("%(n)d phút", "%(n)d phút", minutes) % {"n": minutes})
    return " ".join(parts)


def scope_snapshot(user) -> dict:
    """The scope a job's file was written with: national, or the ids of the units whose subtrees it covered."""
    scope = results_scope(user)
    units = [] if scope.national else sorted(Unit.objects.filter(path__in=scope.roots).values_list("pk", flat=True))
    return {"national": scope.national, "units": units}


def export_job_scope_holds(job: ExportJob, user) -> bool:
    """May ``user`` (the job's owner) still download its file? Only while they still see everything it was written
    with: a manager whose assignment was removed (or who was moved to another ward, or left the Managers group)
    loses the files of the people they no longer manage. (Audit 2026-12-04: the download checked only the owner.)
    Jobs written before the snapshot existed need any scope at all; they expire within ``retention()``."""
    scope = results_scope(user)
    if not (scope.allowed and (scope.national or scope.roots)):
        return False
    saved = job.params.get("scope") if isinstance(job.params, dict) else None
    if not isinstance(saved, dict) or scope.national:
        return True
    if saved.get("national"):
        return False
    wanted = [pk for pk in saved.get("units") or [] if isinstance(pk, int)]
    paths = dict(Unit.objects.filter(pk__in=wanted).values_list("pk", "path"))
    return all(pk in paths and scope.covers(paths[pk]) for pk in wanted)


def stale_after() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "EXPORT_STALE_MINUTES", 60)))


def export_jobs_fail_stale(*, now=None) -> int:
    """Jobs still pending or running long after they were created lost their worker (killed, out of memory,
    a deploy): mark them failed so that their owner is told to ask again, instead of waiting forever.

    A job is never retried behind its owner's back: what killed the worker may kill the next one. A job whose
    task is re-run by the queue (a reaper re-queues it) simply starts again, since ``export_job_run`` only skips
    finished jobs, and writes its file once (a temporary file saved at the end)."""
    now = now or timezone.now()
    return ExportJob.objects.filter(
        status__in=[ExportJob.Status.PENDING, ExportJob.Status.RUNNING], created_at__lte=now - stale_after(),
    ).update(status=ExportJob.Status.FAILED, error=ExportJob.INTERRUPTED + ": no result after "
             f"{int(stale_after().total_seconds() // 60)} minutes (worker stopped?)", finished_at=now,
             expires_at=now + retention())


def export_jobs_purge_expired(*, now=None) -> int:
    """Delete expired jobs and their files. A file that cannot be deleted (storage down) keeps its job, so the
    next run tries again; the download refuses it already (``expires_at`` has passed)."""
    now = now or timezone.now()
    purged = 0
    for job in ExportJob.objects.filter(expires_at__lte=now):
        if job.file:
            try:
                job.file.delete(save=False)
            except OSError:
                logger.exception("Export file %s could not be deleted; retried on the next run", job.file.name)
                continue
        job.delete()
        purged += 1
    return purged


def export_files_purge_orphans(*, now=None) -> int:
    """Delete files in the export storage that no job points at and that are older than the retention period
    (a job deleted with its owner's account, a crash between writing the file and saving the job). Returns how
    many files were deleted."""
    now = now or timezone.now()
    storage = ExportJob._meta.get_field("file").storage  # the storage the jobs' files were written to
    known = set(ExportJob.objects.exclude(file="").values_list("file", flat=True))
    deleted = 0

    def walk(folder: str):
        try:
            folders, files = storage.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            return
        for name in files:
            yield f"{folder}/{name}" if folder else name
        for sub in folders:
            yield from walk(f"{folder}/{sub}" if folder else sub)

    for name in walk("exports"):
        if name in known:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (OSError, NotImplementedError):
            continue
        if modified <= now - retention():
            storage.delete(name)
            deleted += 1
    return deleted


# --- The export log: every export of personal data, by any route -----------------------------------------


class SystemViewer:
    """The shell (``manage.py export_completions`` without ``--as``): sees every unit and every person, as a
    national manager does (``lms.organisations.permissions.is_national``: superuser). Not an account; nothing is
    saved with it."""

    pk = id = None
    is_authenticated = is_active = is_staff = is_superuser = True
    email = ""

    def has_perm(self, perm, obj=None) -> bool:
        return True


SYSTEM = SystemViewer()


def client_ip(request) -> str | None:
    """The address the request came from, as the rate limits see it (``lms.ratelimit.client_ip``: proxy-aware
    with ``TRUSTED_PROXY_COUNT``); None if it is not an IP address."""
    raw = (request_ip(request) or "").strip()
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def describe_filters(filters: queries.Filters) -> str:
    """The filter in words, kept on the log so that it stays readable after units or tests are renamed."""
    parts = []
    if filters.unit is not None:
        parts.append(f"Đơn vị: {filters.unit.code} {filters.unit.name}")
    if filters.group is not None:
        parts.append(f"Nhóm: {filters.group.code}")
    if filters.course is not None:
        parts.append(f"Khóa học: {filters.course.title}")
    if filters.assessment is not None:
        parts.append(f"Bài kiểm tra: {filters.assessment.title}")
    if filters.status:
        parts.append(f"Trạng thái: {filters.status}")
    if filters.date_from:
        parts.append(f"Từ ngày: {filters.date_from.isoformat()}")
    if filters.date_to:
        parts.append(f"Đến ngày: {filters.date_to.isoformat()}")
    return "; ".join(parts)[:1000] or "Tất cả"


def export_log_start(
    *, user, filters: queries.Filters, fmt: str, route: str, ip_address: str | None = None, actor: str = "",
    job: ExportJob | None = None,
) -> ExportLog:
    """Record an export before its first row is read. ``user`` None = the shell (``actor`` names who ran it)."""
    account = user if getattr(user, "pk", None) else None
    return ExportLog.objects.create(
        user=account, actor=(actor or (account.email if account else "system"))[:255], route=route, format=fmt,
        params=filters.to_params(), filter_text=describe_filters(filters), ip_address=ip_address, job=job,
    )


def export_log_finish(*, log: ExportLog, row_count: int, ok: bool = True) -> None:
    status = ExportLog.Status.DONE if ok else ExportLog.Status.FAILED
    ExportLog.objects.filter(pk=log.pk).update(status=status, row_count=row_count, finished_at=timezone.now())
    log.status, log.row_count = status, row_count


def logged_rows(rows: Iterable[list], log: ExportLog) -> Iterator[list]:
    """Pass rows through, then complete ``log`` with how many went out: all of them, or (a download closed
    half-way, an error) those sent so far, marked failed."""
    count, ok = 0, False
    try:
        for row in rows:
            count += 1  # handed out = counted (a download closed right after it still had the row)
            yield row
        ok = True
    finally:
        export_log_finish(log=log, row_count=count, ok=ok)


def export_write(
    *, viewer, filters: queries.Filters, fmt: str, target, route: str = ExportLog.Route.COMMAND, actor: str = "",
    ip_address: str | None = None,
) -> ExportLog:
    """Write the export for ``viewer`` (scoped as on the pages) to ``target``, a binary file or a path, row by
    row (constant memory), and log it. Returns the completed log (``row_count``)."""
    log = export_log_start(user=viewer, filters=filters, fmt=fmt, route=route, ip_address=ip_address, actor=actor)
    rows = logged_rows(queries.export_rows(viewer, filters), log)
    try:
        if fmt == ExportJob.Format.XLSX:
            exports.write_xlsx(rows, target, columns=filters.column_keys)
        else:
            handle = open(target, "wb") if isinstance(target, str) else target  # noqa: SIM115 - closed below
            try:
                for chunk in exports.csv_lines(rows, columns=filters.column_keys):
                    handle.write(chunk)
            finally:
                if handle is not target:
                    handle.close()
    finally:
        rows.close()  # an error half-way: the log is completed now (failed), not whenever the generator is freed
    return log


# --- Weekly exports to a manager's mailbox ------------------------------------------------------------------


WEEK = dt.timedelta(days=7)


def export_subscription_create(*, owner, filters: queries.Filters, fmt: str, language: str | None = None):
    """Subscribe ``owner`` to a weekly export of ``filters`` (the first file is written at the next run of
    ``export_subscriptions_send``)."""
    return ExportSubscription.objects.create(
        owner=owner, format=fmt, params=filters.to_params(), filter_text=describe_filters(filters),
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
    )


def export_subscription_cancel(*, owner, subscription_id: int) -> bool:
    return bool(ExportSubscription.objects.filter(pk=subscription_id, owner=owner, active=True).update(active=False))


def subscription_scope_holds(subscription) -> bool:
    """Is the owner still a manager who sees the subscribed unit (everything, for a unit-less subscription of a
    national manager)? Checked when the file is about to be written, not when it was asked for."""
    owner = subscription.owner
    if not owner.is_active:
        return False
    scope = results_scope(owner)
    if not (scope.allowed and (scope.national or scope.roots)):
        return False
    unit_id = subscription.params.get("unit")
    if unit_id:
        unit = Unit.objects.filter(pk=unit_id).first()
        return unit is not None and can_see_unit(owner, unit)
    return True


def export_subscriptions_send(*, now=None) -> int:
    """Write the weekly file of every subscription due (never sent, or sent a week ago or more) as an export job of
    its owner, scoped as they are now; the job's "ready" email carries the link. A subscription whose owner lost
    the scope is switched off instead. Returns how many jobs were started."""
    now = now or timezone.now()
    started = 0
    due = ExportSubscription.objects.filter(active=True).filter(
        models.Q(last_sent_at__isnull=True) | models.Q(last_sent_at__lte=now - WEEK + dt.timedelta(minutes=5))
    ).select_related("owner")
    for subscription in due:
        if not subscription_scope_holds(subscription):
            ExportSubscription.objects.filter(pk=subscription.pk).update(active=False)
            continue
        filters = queries.Filters.from_params(subscription.params)
        with translation.override(subscription.language):
            export_job_create(owner=subscription.owner, filters=filters, fmt=subscription.format,
                              language=subscription.language, subscription=subscription)
        ExportSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
        started += 1
    return started
