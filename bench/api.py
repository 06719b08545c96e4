"""Benchmark: completions read through the open API (``/api/v1/``) as a ratio of the CSV export of the same
learners, measured in the same run and the same process.

    .venv/bin/python bench/api.py [--learners 10000] [--runs 3]     # quick (make bench)
    .venv/bin/python bench/api.py --learners 100000 --runs 3        # the issue's size

The dataset is ``datagen.ensure_dataset`` (the bench province ``P-BENCH`` of N learners in ``benchdata_<size>``).
An API client bound to the province with ``completions:read`` is created for the run (and deleted after it); its
token comes from ``POST /api/oauth/token/``. Each run, alternating:

- **CSV**: ``reporting.exports.csv_lines(queries.export_rows(manager, Filters(unit=province, status=done)))``
  to a file: every completed course and passed test of the province, as the export page writes them;
- **API**: ``GET /api/v1/enrolments/?completed=true`` then ``GET /api/v1/test-results/?passed=true``, page by page
  (``limit=20000``, following ``next``), through Django's whole request handling (middleware, OAuth token check,
  scope, rate limit, call log, streamed body) with the test client, the bodies written to a file.

Printed: rows, rows/s (wall) and CPU seconds of this process (``time.process_time``: repeatable on a loaded
machine; the database's own work is in PostgreSQL's processes) for each, and the ratios API / CSV (rows/s; > 1:
the API is faster). The two read the same people; the API's test rows are every passed attempt, the export's the
best attempt per learner and test, so the row counts may differ slightly: compare the rates.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import datagen  # noqa: E402

WORKDIR = Path("/tmp/benchdata")
CLIENT_NAME = "bench-api"


def _client(province):
    from api.services import api_client_create

    _drop_client()
    return api_client_create(name=CLIENT_NAME, unit=province, scopes=["completions:read"], rate="1000000/m")


def _drop_client():
    from api.models import ApiClient

    for client in ApiClient.objects.filter(name=CLIENT_NAME):
        application, account = client.application, client.account
        client.delete()
        application.delete()
        account.delete()


def csv_once(manager, province) -> dict:
    from reporting import exports, queries

    filters = queries.Filters(unit=province, status=queries.DONE)
    rows = 0

    def count(n):
        nonlocal rows
        rows = n

    output = WORKDIR / "api-bench.csv"
    wall, cpu = time.perf_counter(), time.process_time()
    with open(output, "wb", buffering=1 << 16) as handle:
        for chunk in exports.csv_lines(queries.export_rows(manager, filters), on_row=count):
            handle.write(chunk)
    result = {"rows": rows, "seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
    output.unlink(missing_ok=True)
    return result


def api_once(http, token) -> dict:
    output = WORKDIR / "api-bench.json"
    rows = pages = 0
    wall, cpu = time.perf_counter(), time.process_time()
    with open(output, "wb", buffering=1 << 16) as handle:
        for path in ("/api/v1/enrolments/?completed=true&limit=20000", "/api/v1/test-results/?passed=true&limit=20000"):
            url = path
            while url:
                response = http.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
                if response.status_code != 200:
                    raise SystemExit(f"{url}: {response.status_code} {response.content[:200]!r}")
                body = b"".join(response.streaming_content)
                handle.write(body)
                pages += 1
                head, _sep, tail = body.rpartition(b'"next":')
                cursor = json.loads(tail[:-1])
                rows += body.count(b'{"id":')  # one per row (the rows' first key)
                url = f"{path}&cursor={cursor}" if cursor else None
    result = {"rows": rows, "pages": pages, "seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
    output.unlink(missing_ok=True)
    return result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=10_000, help="10000 (make bench) or 100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    WORKDIR.mkdir(parents=True, exist_ok=True)
    url = args.database_url or datagen.default_url(args.learners)
    datagen.ensure_dataset(url, learners=args.learners)
    from django.test import Client

    from lms.accounts.models import User
    from lms.organisations.models import Unit

    manager = User.objects.get(email=datagen.MANAGER_EMAIL)
    province = Unit.objects.get(code=datagen.PROVINCE_CODE)
    new = _client(province)
    try:
        http = Client(HTTP_HOST="127.0.0.1")
        answer = http.post("/api/oauth/token/", {"grant_type": "client_credentials"},
                           HTTP_AUTHORIZATION="Basic " + __import__("base64").b64encode(
                               f"{new.client_id}:{new.client_secret}".encode()).decode())
        token = answer.json()["access_token"]
        print(f"Completions through the API vs the CSV export, {args.learners} learners "
              f"(median of {args.runs} runs after a warm-up):", flush=True)
        csv_once(manager, province)
        api_once(http, token)
        csvs, apis = [], []
        for run in range(args.runs):
            csvs.append(csv_once(manager, province))
            apis.append(api_once(http, token))
            print(f"  run {run + 1}: CSV {csvs[-1]['rows']} rows in {csvs[-1]['seconds']:.2f} s "
                  f"(CPU {csvs[-1]['cpu']:.2f} s); API {apis[-1]['rows']} rows, {apis[-1]['pages']} pages in "
                  f"{apis[-1]['seconds']:.2f} s (CPU {apis[-1]['cpu']:.2f} s)", flush=True)
    finally:
        _drop_client()
    csv_rate = statistics.median(r["rows"] / r["seconds"] for r in csvs)
    api_rate = statistics.median(r["rows"] / r["seconds"] for r in apis)
    csv_cpu = statistics.median(r["rows"] / r["cpu"] for r in csvs)
    api_cpu = statistics.median(r["rows"] / r["cpu"] for r in apis)
    print()
    print(f"{'':>6} {'rows':>8} {'rows/s (wall)':>14} {'rows per CPU s':>15}")
    print(f"{'CSV':>6} {csvs[0]['rows']:>8} {csv_rate:>14,.0f} {csv_cpu:>15,.0f}")
    print(f"{'API':>6} {apis[0]['rows']:>8} {api_rate:>14,.0f} {api_cpu:>15,.0f}")
    print(f"API / CSV: {api_rate / csv_rate:.2f} (wall), {api_cpu / csv_cpu:.2f} (CPU of this process)")


if __name__ == "__main__":
    main()
