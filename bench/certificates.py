"""Benchmark: certificate PDFs rendered per second on one core, against a blank one-page ReportLab PDF with the
same font registered (same run, so the ratio travels between machines), and bulk issue (issue + PDF, end to end)
with two worker processes against one.

    .venv/bin/python bench/certificates.py [--renders 30] [--runs 5] [--bulk 40] [--max-seconds 110]

By default it builds a throwaway SQLite database (and media, keys) in a temporary directory under /tmp and removes
it afterwards; with DATABASE_URL (or --database-url) set, that database is migrated and used, and the rows the
bench creates are deleted at the end. Nothing listens on a port. The whole run stops after --max-seconds.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEADLINE = [0.0]


def check_time(what: str) -> None:
    if time.monotonic() > DEADLINE[0]:
        raise SystemExit(f"bench/certificates.py: out of time before {what} (raise --max-seconds)")


def configure(database_url: str | None) -> Path | None:
    """Environment for a throwaway run; returns the temporary folder to remove (None when a DB was given)."""
    workdir = Path(tempfile.mkdtemp(prefix="hvs-bench-certs-", dir="/tmp"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings"
    os.environ["LMS_MODE"] = "embedded"
    os.environ["LMS_VAR_DIR"] = str(workdir / "var")  # secret key and the signing key, not the repository's var/
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"  # the PDF task runs inline
    os.environ.setdefault("BASE_URL", "https://hocvuso.example.vn")
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'db.sqlite3'}"
    # This script is bench/certificates.py: keep its folder off the path, so "certificates" is the Django app.
    here = Path(__file__).resolve().parent
    sys.path[:] = [str(ROOT)] + [entry for entry in sys.path if Path(entry or ".").resolve() != here]
    import django

    django.setup()
    return workdir


def sample_certificate():
    """An unsaved certificate with a realistic snapshot (long Vietnamese name and title, six competences)."""
    from django.utils import timezone

    from certificates import serials
    from certificates.models import Certificate, CertificateTemplate

    template = CertificateTemplate(
        name="Mặc định", issuing_body="Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
        issuing_body_en="Department of Science and Technology of Thai Nguyen", signer_name="Trần Văn Hưởng",
        signer_title="GIÁM ĐỐC", signer_title_en="Director",
    )
    return Certificate(
        serial=serials.generate(), kind=Certificate.Kind.ASSESSMENT, achievement_key="1", template=template,
        learner_name="Nguyễn Thị Ánh Tuyết", achievement_title="Bài kiểm tra chuẩn năng lực số – Người dân",
        competences=[{"code": str(n), "name": f"Lĩnh vực năng lực số {n}", "level": 2, "percent": 80.0}
                     for n in range(1, 7)],
        issuing_body=template.issuing_body, framework_code="TT02-2025", framework_version="1",
        issued_at=timezone.now(),
    )


def blank_pdf() -> bytes:
    """The baseline: one A4 landscape page, the same font registered, one line of Vietnamese text."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from certificates.pdf import PAGE, REGULAR, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=1)
    canvas.setFont(REGULAR, 12)
    canvas.drawString(72, 72, "Chứng nhận")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def per_second(function, count: int, runs: int) -> tuple[float, list[float]]:
    rates = []
    for _ in range(runs):
        check_time("a render run")
        start = time.perf_counter()
        for _ in range(count):
            function()
        rates.append(count / (time.perf_counter() - start))
    return statistics.median(rates), rates


def bench_render(renders: int, runs: int) -> dict:
    from certificates.pdf import register_fonts, render_certificate

    if hasattr(os, "sched_setaffinity"):
        previous = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {min(previous)})  # one core
    register_fonts()
    certificate = sample_certificate()
    data = render_certificate(certificate)
    assert data.startswith(b"%PDF"), "not a PDF"
    blank_pdf()  # warm up both
    cert_rate, cert_rates = per_second(lambda: render_certificate(certificate), renders, runs)
    blank_rate, blank_rates = per_second(blank_pdf, renders, runs)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, previous)
    return {"cert": cert_rate, "cert_runs": cert_rates, "blank": blank_rate, "blank_runs": blank_rates,
            "bytes": len(data)}


# --- Bulk issue ------------------------------------------------------------------------------------


def issue_worker(user_ids: list[int], key: str, barrier, results) -> None:
    """A worker process: its own database connection; issues (and, through the inline task, draws the PDF of)
    one certificate per user of its disjoint share."""
    from django.db import connections

    connections.close_all()  # never share the parent's connection
    from django.contrib.auth import get_user_model

    from certificates import services

    users = list(get_user_model().objects.filter(pk__in=user_ids))
    barrier.wait()
    start = time.perf_counter()
    for user in users:
        for attempt in range(20):
            try:
                services.certificate_issue(
                    user=user, kind="assessment", achievement_key=key, learner_name=user.full_name,
                    achievement_title="Bài kiểm tra chuẩn năng lực số – Người dân", framework_code="TT02-2025",
                    framework_version="1", competences=[{"code": "1", "name": "Khai thác dữ liệu", "level": 2}],
                )
                break
            except Exception as error:  # SQLite "database is locked" under two writers: wait and retry
                if "locked" not in str(error) or attempt == 19:
                    raise
                time.sleep(0.05)
    results.put((start, time.perf_counter(), len(users)))
    connections.close_all()


def _spin(_ignored=None) -> None:
    total = 0
    for number in range(3_000_000):
        total += number


def parallel_ceiling() -> float:
    """What two processes can gain on this machine right now: a pure-CPU loop, twice in one process vs once in
    each of two (1.0 on a single free core or a busy machine, near 2.0 with two idle cores)."""
    context = mp.get_context("fork")
    start = time.perf_counter()
    _spin()
    _spin()
    sequential = time.perf_counter() - start
    start = time.perf_counter()
    processes = [context.Process(target=_spin) for _ in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return sequential / (time.perf_counter() - start)


def run_bulk(user_ids: list[int], workers: int, key: str) -> float:
    """Certificates per second (wall clock, from the common start to the last worker's end)."""
    from django.db import connections

    from certificates.models import Certificate

    check_time(f"bulk issue with {workers} worker(s)")
    connections.close_all()
    context = mp.get_context("fork")
    barrier, results = context.Barrier(workers), context.Queue()
    shares = [user_ids[index::workers] for index in range(workers)]
    processes = [context.Process(target=issue_worker, args=(share, key, barrier, results)) for share in shares]
    for process in processes:
        process.start()
    timings = [results.get(timeout=max(1.0, DEADLINE[0] - time.monotonic())) for _ in processes]
    for process in processes:
        process.join(timeout=30)
        if process.exitcode != 0:
            raise SystemExit(f"a worker failed (exit code {process.exitcode})")
    issued = Certificate.objects.filter(achievement_key=key, user_id__in=user_ids)
    assert issued.count() == len(user_ids), "not every certificate was issued"
    assert not issued.filter(pdf="").exists(), "a certificate has no PDF"
    wall = max(end for _s, end, _n in timings) - min(start for start, _e, _n in timings)
    return len(user_ids) / wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--renders", type=int, default=30, help="PDFs per timed run (default 30)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs; the median is reported (default 5)")
    parser.add_argument("--bulk", type=int, default=40, help="certificates per bulk-issue run (default 40)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--max-seconds", type=float, default=110.0)
    args = parser.parse_args()
    DEADLINE[0] = time.monotonic() + args.max_seconds
    began = time.monotonic()

    workdir = configure(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    try:
        call_command("migrate", verbosity=0, interactive=False)
        print(f"database: {connection.vendor} ({'throwaway' if not args.database_url else 'given'}); "
              f"setup {time.monotonic() - began:.1f}s; CPUs {os.cpu_count()}")

        render = bench_render(args.renders, args.runs)
        print(f"PDF rendering, one core, median of {args.runs} runs × {args.renders}:")
        print(f"  certificate PDF : {render['cert']:8.1f} /s  ({render['bytes'] / 1024:.0f} KiB each; runs "
              f"{', '.join(f'{r:.1f}' for r in render['cert_runs'])})")
        print(f"  blank PDF (same font) : {render['blank']:8.1f} /s  (baseline)")
        print(f"  ratio certificate / baseline : {render['cert'] / render['blank']:.3f}  "
              f"(a certificate costs {render['blank'] / render['cert']:.1f}× a blank page)")

        from django.contrib.auth import get_user_model

        run = uuid.uuid4().hex[:8]
        User = get_user_model()
        users = User.objects.bulk_create(
            User(email=f"bench-{run}-{n}@example.invalid", full_name=f"Nguyễn Văn Thử {n}", password="!")
            for n in range(args.bulk * 2)
        )
        ids = [user.pk for user in users] or list(
            User.objects.filter(email__startswith=f"bench-{run}-").values_list("pk", flat=True))
        try:
            one = run_bulk(ids[:args.bulk], 1, f"bench-{run}-1")
            two = run_bulk(ids[args.bulk:], 2, f"bench-{run}-2")
            print(f"Bulk issue (issue + PDF, end to end), {args.bulk} certificates per run:")
            print(f"  1 worker  : {one:8.1f} certificates/s")
            print(f"  2 workers : {two:8.1f} certificates/s")
            print(f"  ratio 2 workers / 1 worker : {two / one:.2f}  (this machine's ceiling now, a pure-CPU loop "
                  f"in 2 processes vs 1: {parallel_ceiling():.2f})")
        finally:
            if args.database_url:  # leave a given database as it was
                from certificates.models import Certificate

                for certificate in Certificate.objects.filter(user_id__in=ids):
                    certificate.pdf.delete(save=False)
                Certificate.objects.filter(user_id__in=ids).delete()
                User.objects.filter(pk__in=ids).delete()
        print(f"total {time.monotonic() - began:.1f}s")
    finally:
        connection.close()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
