"""Benchmark scenario 4 (issue 5's export benchmark): the completion export of every learner of a province, as
CSV through the real exporter, against ``COPY (<the same rows' SELECT>) TO STDOUT`` in the same run.

    .venv/bin/python bench/exports.py [--learners 10000] [--runs 3]           # quick
    .venv/bin/python bench/exports.py --learners 100000 1000000 --runs 3      # the full run (peak memory flat?)

For each size: the dataset (``datagen.ensure_dataset``: the bench province ``P-BENCH`` of N learners in
``benchdata_<size>``, generated once and reused), one warm-up export when ``--runs`` > 1, then ``--runs`` times,
alternating:

- **export**: a fresh Python process (Django on the same database, no DEBUG) writes the CSV of
  ``queries.export_rows(manager, Filters(unit=province))`` through ``exports.csv_lines`` to a file, as
  ``manage.py export_completions`` and the export page do; rows/s over the whole iteration (first query to the
  last byte), and the process's peak resident memory (``VmHWM``) next to its memory before the first row;
- **COPY**: the SQL of the very querysets the exporter iterates (``queries.export_querysets``: the best
  attempts and the enrolments, same joins, filters and order), run as ``COPY (…) TO STDOUT`` by psycopg into a
  file; rows/s.

It prints the medians, the ratio export / COPY (target >= 0.40) and the peak memory: the export's own (the
peak over what the process held before its first row: Django, Wagtail and every app imported) below 50 MB, and
flat: the peak at the largest size over the peak at the smallest. (The target was 150 MB for the whole process
until the imported apps alone reached 149 MB: a figure about the imports, not the export.) ``--tracemalloc`` adds one
export run under tracemalloc (slower) and prints the Python heap's peak.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import datagen  # noqa: E402

TARGET_RATIO = 0.40
TARGET_OWN_MB = 50  # the export's own memory: peak minus the process before its first row
WORKDIR = Path("/tmp/benchdata")


def peak_rss_kb() -> int:
    """This process's peak resident memory in KB: ``VmHWM`` of ``/proc/self/status`` (the high-water mark of its
    own address space). Not ``ru_maxrss``: Linux carries that across ``exec`` from the process that forked, so a
    child started by a bench parent of 240 MB reported 240 MB before reading its first row (2026-12-06)."""
    import resource

    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _child(database_url: str, output: str, use_tracemalloc: bool) -> None:
    """Run in a fresh process: one export to ``output``; prints a JSON line of figures."""

    datagen.setup_django(database_url)
    if use_tracemalloc:
        import tracemalloc

        tracemalloc.start()
    from lms.accounts.models import User
    from lms.organisations.models import Unit
    from reporting import exports, queries

    manager = User.objects.get(email=datagen.MANAGER_EMAIL)
    province = Unit.objects.get(code=datagen.PROVINCE_CODE)
    filters = queries.Filters(unit=province)
    before_kb = peak_rss_kb()
    rows = 0

    def count(n):
        nonlocal rows
        rows = n

    started = time.perf_counter()
    with open(output, "wb", buffering=1 << 16) as handle:
        for chunk in exports.csv_lines(queries.export_rows(manager, filters), on_row=count):
            handle.write(chunk)
    seconds = time.perf_counter() - started
    figures = {"rows": rows, "seconds": seconds, "bytes": os.path.getsize(output), "before_kb": before_kb,
               "peak_kb": peak_rss_kb()}
    if use_tracemalloc:
        import tracemalloc

        figures["tracemalloc_peak"] = tracemalloc.get_traced_memory()[1]
    print(json.dumps(figures))


def export_once(database_url: str, *, use_tracemalloc: bool = False) -> dict:
    output = WORKDIR / "export.csv"
    proc = subprocess.run(
        [sys.executable, __file__, "--child", database_url, str(output)] + (["--tracemalloc"] if use_tracemalloc else []),
        check=True, capture_output=True, text=True,
    )
    output.unlink(missing_ok=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def copy_statements(database_url: str) -> list[str]:
    """The exporter's SELECTs (parameters bound as psycopg would), for COPY."""
    import psycopg

    from lms.accounts.models import User
    from lms.organisations.models import Unit
    from reporting import queries

    manager = User.objects.get(email=datagen.MANAGER_EMAIL)
    province = Unit.objects.get(code=datagen.PROVINCE_CODE)
    statements = []
    with psycopg.connect(database_url, cursor_factory=psycopg.ClientCursor) as conn, conn.cursor() as cur:
        for qs in queries.export_querysets(manager, queries.Filters(unit=province)):
            sql, params = qs.query.sql_with_params()
            statements.append(cur.mogrify(sql, params))
    return statements


def copy_once(database_url: str, statements: list[str]) -> dict:
    import psycopg

    output = WORKDIR / "copy.txt"
    rows = 0
    started = time.perf_counter()
    with psycopg.connect(database_url) as conn, conn.cursor() as cur, open(output, "wb", buffering=1 << 16) as fh:
        for sql in statements:
            with cur.copy(f"COPY ({sql}) TO STDOUT") as copy:
                for data in copy:
                    fh.write(data)
            rows += cur.rowcount
    seconds = time.perf_counter() - started
    size = output.stat().st_size
    output.unlink(missing_ok=True)
    return {"rows": rows, "seconds": seconds, "bytes": size}


def run_size(learners: int, runs: int, database_url: str | None, use_tracemalloc: bool) -> dict:
    url = database_url or datagen.default_url(learners)
    info = datagen.ensure_dataset(url, learners=learners)
    statements = copy_statements(url)
    if runs > 1:
        export_once(url)  # warm-up: the tables in the OS and PostgreSQL caches
    exports_, copies = [], []
    for run in range(runs):
        exports_.append(export_once(url))
        copies.append(copy_once(url, statements))
        print(f"  run {run + 1}: export {exports_[-1]['rows']} rows in {exports_[-1]['seconds']:.2f} s, "
              f"peak {exports_[-1]['peak_kb'] / 1024:.0f} MB; COPY {copies[-1]['rows']} rows in "
              f"{copies[-1]['seconds']:.2f} s", flush=True)
    if exports_[0]["rows"] != copies[0]["rows"]:
        raise SystemExit(f"row counts differ: export {exports_[0]['rows']}, COPY {copies[0]['rows']}")
    export_rate = statistics.median(r["rows"] / r["seconds"] for r in exports_)
    copy_rate = statistics.median(r["rows"] / r["seconds"] for r in copies)
    result = {
        "learners": learners, "rows": exports_[0]["rows"], "export_rows_s": export_rate, "copy_rows_s": copy_rate,
        "ratio": export_rate / copy_rate, "peak_mb": max(r["peak_kb"] for r in exports_) / 1024,
        "before_mb": statistics.median(r["before_kb"] for r in exports_) / 1024,
        "export_mb": exports_[0]["bytes"] / 1e6, "dataset": info,
    }
    if use_tracemalloc:
        result["tracemalloc_mb"] = export_once(url, use_tracemalloc=True)["tracemalloc_peak"] / 2**20
    return result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[10_000],
                        help="sizes (default 10000); e.g. 100000 1000000 for the flat-memory check")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default=None, help="only with one size (default benchdata_<size>)")
    parser.add_argument("--tracemalloc", action="store_true", help="also one run under tracemalloc")
    parser.add_argument("--child", nargs=2, metavar=("URL", "OUTPUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    WORKDIR.mkdir(parents=True, exist_ok=True)
    if args.child:
        _child(*args.child, args.tracemalloc)
        return
    if args.database_url and len(args.learners) > 1:
        parser.error("--database-url takes one size")
    results = []
    for learners in args.learners:
        print(f"Completion export, {learners} learners (median of {args.runs} runs):", flush=True)
        if len(args.learners) == 1:
            results.append(run_size(learners, args.runs, args.database_url, args.tracemalloc))
            continue
        # Django runs on one database per process: each size in its own process.
        out = WORKDIR / f"exports-{learners}.json"
        subprocess.run([sys.executable, __file__, "--learners", str(learners), "--runs", str(args.runs)]
                       + (["--tracemalloc"] if args.tracemalloc else []),
                       check=True, env={**os.environ, "BENCH_JSON": str(out)}, stdout=subprocess.DEVNULL)
        results.extend(json.loads(out.read_text()))
        r = results[-1]
        print(f"  {r['rows']} rows: export {r['export_rows_s']:,.0f} rows/s, COPY {r['copy_rows_s']:,.0f} rows/s, "
              f"peak {r['peak_mb']:.0f} MB", flush=True)
    print()
    print(f"{'learners':>9} {'rows':>9} {'export rows/s':>14} {'COPY rows/s':>12} {'ratio':>6} {'peak MB':>8} "
          f"{'(start MB)':>10}")
    for r in results:
        print(f"{r['learners']:>9} {r['rows']:>9} {r['export_rows_s']:>14,.0f} {r['copy_rows_s']:>12,.0f} "
              f"{r['ratio']:>6.2f} {r['peak_mb']:>8.0f} {r['before_mb']:>10.0f}"
              + (f"  tracemalloc peak {r['tracemalloc_mb']:.1f} MB" if "tracemalloc_mb" in r else ""))
    worst = min(r["ratio"] for r in results)
    print(f"export / COPY: {worst:.2f} (target >= {TARGET_RATIO:.2f}: {'met' if worst >= TARGET_RATIO else 'MISSED'})")
    peak = max(r["peak_mb"] for r in results)
    start = max(r["before_mb"] for r in results)
    own = max(r["peak_mb"] - r["before_mb"] for r in results)
    print(f"export's own memory: {own:.0f} MB at most (target < {TARGET_OWN_MB} MB: "
          f"{'met' if own < TARGET_OWN_MB else 'MISSED'}); peak of the process {peak:.0f} MB, of which {start:.0f} MB "
          f"before its first row (Django, Wagtail and the apps imported)")
    if len(results) > 1:
        growth = results[-1]["peak_mb"] / results[0]["peak_mb"]
        print(f"peak at {results[-1]['learners']} / peak at {results[0]['learners']} learners: {growth:.2f} "
              f"({'flat' if growth < 1.15 else 'GROWS'})")
    if os.environ.get("BENCH_JSON"):
        Path(os.environ["BENCH_JSON"]).write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
