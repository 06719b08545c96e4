"""Benchmark: full quiz attempts (start, answer 30 questions, submit, see the result) by concurrent learners,
against a bare Django POST view doing one INSERT, both on the same gunicorn server. Prints the ratio.

    .venv/bin/python bench/quiz_attempt.py [--learners 8] [--attempts 16] [--bare 400] [--workers 3] [--port 8771]

Loopback only and bounded: the server binds 127.0.0.1, every request has a timeout, the run stops after
``--max-seconds``. By default it builds a fresh SQLite database in a temporary directory (migrate + the demo bank);
pass ``--database-url postgres://…`` to measure PostgreSQL (the database must be empty or already migrated).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port(preferred: int) -> int:
    for port in [preferred, 0]:
        with socket.socket() as s:
            try:
                s.bind((HOST, port))
                return s.getsockname()[1]
            except OSError:
                continue
    raise SystemExit("no free port")


def prepare(args, env):
    py = sys.executable
    subprocess.run([py, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([py, "manage.py", "load_quiz_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    code = f"""
from django.db import connection
from django.test import Client
from lms.accounts.models import User
from lms.organisations.models import PopulationGroup
group = PopulationGroup.objects.get(code="civil-servant")
with connection.cursor() as c:
    if connection.vendor == "postgresql":
        c.execute("CREATE TABLE IF NOT EXISTS bench_quiz_ping (id bigserial primary key, payload text)")
    else:
        c.execute("CREATE TABLE IF NOT EXISTS bench_quiz_ping (id integer primary key autoincrement, payload text)")
for n in range({args.attempts}):
    user, _ = User.objects.get_or_create(email=f"bench{{n}}@example.vn", defaults={{"full_name": f"Học viên {{n}}"}})
    user.population_group = group
    user.save()
    user.quiz_attempts.all().delete()
    client = Client()
    client.force_login(user)
    print(client.cookies["sessionid"].value)
"""
    out = subprocess.run([py, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True, capture_output=True,
                         text=True).stdout
    return [line.strip() for line in out.splitlines() if re.fullmatch(r"[a-z0-9]{20,}", line.strip())]


def full_attempt(base, session_key, slug, timeout):
    import requests

    s = requests.Session()
    s.cookies.set("sessionid", session_key, domain=HOST)
    n_requests = 0
    r = s.get(f"{base}/quizzes/{slug}/", timeout=timeout)
    n_requests += 1
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text).group(1)
    r = s.post(f"{base}/quizzes/{slug}/start/", data={"csrfmiddlewaretoken": token}, timeout=timeout)
    n_requests += 2  # the POST and the redirected attempt page
    r.raise_for_status()
    attempt_url = r.url
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text).group(1)
    positions = [int(p) for p in re.findall(r'name="positions" value="(\d+)"', r.text)]
    assert len(positions) == 30, len(positions)
    for p in positions:
        first = re.search(rf'name="q{p}" value="([^"]*)"', r.text)
        fields = {f"q{p}": [first.group(1) if first else "3"]}
        resp = s.post(f"{attempt_url}answer/", json={"position": p, "fields": fields}, timeout=timeout,
                      headers={"X-CSRFToken": token, "Referer": attempt_url})
        n_requests += 1
        if resp.status_code != 200:
            raise RuntimeError(f"answer {p}: {resp.status_code} {resp.text[:200]}")
    resp = s.post(f"{attempt_url}submit/", data={"csrfmiddlewaretoken": token}, timeout=timeout,
                  headers={"Referer": attempt_url})
    n_requests += 2
    resp.raise_for_status()
    assert "/result/" in resp.url, resp.url
    return n_requests


def bare(base, n, timeout):
    import requests

    s = requests.Session()
    for i in range(n):
        s.post(f"{base}/bench/bare-insert/", data=f"ping {i}", timeout=timeout).raise_for_status()
    return n


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=8, help="concurrent learners / clients")
    parser.add_argument("--attempts", type=int, default=16, help="full attempts in total (each by a new learner)")
    parser.add_argument("--bare", type=int, default=400, help="bare POSTs in total")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8771)
    parser.add_argument("--database-url")
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--max-seconds", type=float, default=300)
    args = parser.parse_args()
    args.learners = max(1, min(args.learners, 64))
    args.attempts = max(1, min(args.attempts, 500))
    args.bare = max(args.learners, min(args.bare, 20000))

    tmp = tempfile.mkdtemp(prefix="quizbench-")
    env = {**os.environ, "DATABASE_URL": args.database_url or f"sqlite:///{tmp}/bench.sqlite3",
           "GUNICORN_ACCESS_LOG": "/dev/null", "LOG_LEVEL": "ERROR", "ACCOUNT_RATE_LIMITS_ENABLED": "0"}
    env.pop("DEBUG", None)
    print(f"Preparing database ({'SQLite, ' + tmp if not args.database_url else 'given URL'})…", flush=True)
    sessions = prepare(args, env)
    port = free_port(args.port)
    base = f"http://{HOST}:{port}"
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--config", str(ROOT / "gunicorn.conf.py"), "--pythonpath",
         str(ROOT / "bench"), "--bind", f"{HOST}:{port}", "--workers", str(args.workers),
         "quiz_attempt_server:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + args.max_seconds
    watchdog = threading.Timer(args.max_seconds, server.terminate)
    watchdog.start()
    try:
        import requests

        for _ in range(150):
            if server.poll() is not None:
                raise SystemExit("gunicorn stopped: " + server.stderr.read().decode()[-2000:])
            try:
                if requests.get(f"{base}/healthz", timeout=5).status_code < 500:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        # warm-up
        bare(base, 5, args.timeout)

        t0 = time.perf_counter()
        per_client = args.bare // args.learners
        with ThreadPoolExecutor(args.learners) as pool:
            done = sum(pool.map(lambda _: bare(base, per_client, args.timeout), range(args.learners)))
        bare_time = time.perf_counter() - t0
        bare_rps = done / bare_time

        t0 = time.perf_counter()
        slug = "chuan-can-bo-cong-chuc-vien-chuc"
        with ThreadPoolExecutor(args.learners) as pool:
            counts = list(pool.map(lambda key: full_attempt(base, key, slug, args.timeout), sessions))
        attempt_time = time.perf_counter() - t0
        if time.monotonic() > deadline:
            raise SystemExit("stopped: --max-seconds reached")
        attempts_ps = len(counts) / attempt_time
        requests_ps = sum(counts) / attempt_time
        print(f"Bare POST (1 INSERT):   {done} requests in {bare_time:.2f}s = {bare_rps:.1f} req/s "
              f"({args.learners} clients, {args.workers} workers)")
        print(f"Full attempts:          {len(counts)} attempts ({sum(counts)} requests) in {attempt_time:.2f}s "
              f"= {attempts_ps:.2f} attempts/s, {requests_ps:.1f} req/s")
        print(f"Ratio: one full attempt costs as much as {bare_rps / attempts_ps:.1f} bare POSTs; "
              f"an attempt request is {bare_rps / requests_ps:.2f}× a bare POST.")
    finally:
        watchdog.cancel()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
