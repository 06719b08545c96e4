"""Benchmark scenario 5: the manager dashboard of a province of N learners, against a single indexed COUNT(*).

    .venv/bin/python bench/dashboard.py [--learners 10000] [--runs 5]        # quick
    .venv/bin/python bench/dashboard.py --learners 1000000 --runs 5          # the full run

The dataset is ``datagen.ensure_dataset`` (the bench province ``P-BENCH`` of N learners in
``benchdata_<size>``, its manager assigned to the province). In one process (Django on that database, no
DEBUG), after one warm-up of each, ``--runs`` times in turn:

- **baseline**: ``SELECT COUNT(*) FROM accounts_user WHERE province_id = <the province>`` (an index-only scan
  of ``accounts_user_province_id``), the cheapest way to count the same learners;
- **numbers**: ``queries.dashboard(manager, province)``, every number the /manage/ page shows (learners, per
  course, per test, per group against targets, 12 weeks, the communes), plus the requirement summaries the view
  adds (``dashboard(..., requirements=…)``: the active requirements' summaries), read from the counters of
  ``reporting/rollups.py`` (built once with ``reconcile(rebuild=True)`` when the dataset has none);
- **page**: ``GET /manage/?unit=<province>`` through Django's test client, logged in as the manager (the view,
  its template and the SVG charts; no network).

Prints the medians in ms, the SQL queries of one page, and the ratios numbers / COUNT and page / COUNT
(target <= 3).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import datagen  # noqa: E402

TARGET_RATIO = 3.0


def timed(func) -> float:
    started = time.perf_counter()
    func()
    return (time.perf_counter() - started) * 1000


def run(learners: int, runs: int, database_url: str | None) -> dict:
    url = database_url or datagen.default_url(learners)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ.setdefault("STATIC_ROOT", "/tmp/benchdata/static")  # hashed names, as in production
    info = datagen.ensure_dataset(url, learners=learners)
    from django.conf import settings
    from django.core.management import call_command

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    from django.db import connection
    from django.test import Client

    from lms.accounts.models import User
    from lms.organisations.models import Unit
    from reporting import queries
    from reporting.models import RollupState
    from reporting.rollups import reconcile

    if not RollupState.objects.filter(key="standard").exists():  # counters never built on this dataset
        started = time.perf_counter()
        report = reconcile(rebuild=True)
        with connection.cursor() as cur:  # fresh tables: statistics and the visibility map, as autovacuum would
            for table in ("reporting_grouptally", "reporting_itemtally", "reporting_daytally", "reporting_learnertally"):
                cur.execute(f"VACUUM ANALYZE {table}")
        print(f"  dashboard counters built: {report.checked} learners in {time.perf_counter() - started:.1f} s",
              flush=True)
    manager = User.objects.get(email=datagen.MANAGER_EMAIL)
    province = Unit.objects.get(code=datagen.PROVINCE_CODE)
    client = Client()
    client.force_login(manager)
    page_url = f"/manage/?unit={province.pk}"

    def count():
        with connection.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM accounts_user WHERE province_id = %s", [province.pk])
            return cur.fetchone()[0]

    def numbers():
        return queries.dashboard(manager, province, requirements=queries.requirements_visible(manager)
                                 .filter(active=True).prefetch_related("population_groups")[:20])

    def page():
        response = client.get(page_url)
        if response.status_code != 200:
            raise SystemExit(f"GET {page_url}: {response.status_code}")

    counted = count()
    board = numbers()
    executed = []

    def counting(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        page()
    figures = {"count": [], "numbers": [], "page": []}
    for _run in range(runs):
        figures["count"].append(timed(count))
        figures["numbers"].append(timed(numbers))
        figures["page"].append(timed(page))
    medians = {name: statistics.median(values) for name, values in figures.items()}
    return {
        "learners": learners, "counted": counted, "dashboard_learners": board.learners,
        "queries": len(executed), "ms": medians, "runs": figures,
        "ratio_numbers": medians["numbers"] / medians["count"], "ratio_page": medians["page"] / medians["count"],
        "dataset": info,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default=None, help="default: benchdata_<size> on 127.0.0.1")
    args = parser.parse_args(argv)
    r = run(args.learners, args.runs, args.database_url)
    ms = r["ms"]
    print(f"Manager dashboard, province of {r['learners']} learners (median of {args.runs} runs):")
    print(f"  COUNT(*) baseline   {ms['count']:9.1f} ms  ({r['counted']} learners)")
    print(f"  dashboard numbers   {ms['numbers']:9.1f} ms  ({r['dashboard_learners']} learners)")
    print(f"  dashboard page      {ms['page']:9.1f} ms  ({r['queries']} SQL queries)")
    for name in ("numbers", "page"):
        ratio = r[f"ratio_{name}"]
        print(f"  {name} / COUNT: {ratio:.1f}x (target <= {TARGET_RATIO:g}x: "
              f"{'met' if ratio <= TARGET_RATIO else 'MISSED'})")
    if os.environ.get("BENCH_JSON"):
        Path(os.environ["BENCH_JSON"]).write_text(json.dumps(r, indent=1, default=str))


if __name__ == "__main__":
    main()
