"""Soak run: hundreds of simulated learners take the standard test on a gunicorn server against PostgreSQL while
an editor publishes pages and a manager exports completions. Reports errors and lost answers (both must be 0)
and p95 latencies.

    .venv/bin/python bench/soak.py [--learners 300] [--seconds 120] [--database-url postgres://…/faults_soak]

Loopback only and bounded: the server binds 127.0.0.1, every request has a timeout, the load stops after
``--seconds`` and the whole run (set-up included) after ``--max-seconds``. The database is created when missing,
migrated and seeded with the demo (``load_demo``: the question bank, the standard tests, pages, the demo manager).

Each learner: opens the standard test for civil servants, starts (or resumes) an attempt, answers the questions in
order with a think time between answers (``--think``, 8 s on average), sometimes changes an earlier answer, and
submits 5 to 12 s before the end of the run (answered or not), then opens the result. Starts are spread over the
first half of the run.
Every answer the server acknowledges (HTTP 200, ``ok``) is remembered; after the run the database must hold,
for each of them, exactly the last acknowledged answer ("lost answers" counts those that differ), each
acknowledged save that changed the answer once in its history ("doubled saves"; a save of the same value writes nothing), one attempt per learner and at most one
certificate per learner and test. The editor saves and publishes a revision of a page every few seconds
(Wagtail's ``save_revision().publish()``, in this process); the manager posts the completion export form and
reads the whole CSV. ``tests/reliability/test_soak.py`` runs a small version of this in CI.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SLUG = "chuan-can-bo-cong-chuc-vien-chuc"  # demo.bank.CIVIL_SERVANT_SLUG
WORK = os.environ.get("SOAK_WORK_DIR", "/tmp/faults/soak")  # static files, media and exports of the run
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- What the run records ---------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: dict = field(default_factory=lambda: defaultdict(list))
    errors: list = field(default_factory=list)
    acked: dict = field(default_factory=dict)  # attempt id -> {position: fields of the last acknowledged save}
    ack_counts: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))  # acknowledged saves that changed the answer
    attempts_started: int = 0
    attempts_submitted: int = 0
    publishes: int = 0
    exports: int = 0
    export_rows: int = 0
    retries: int = 0
    in_doubt: set = field(default_factory=set)  # (attempt, position) of saves that got no answer
    lock: threading.Lock = field(default_factory=threading.Lock)

    def time(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)

    def error(self, kind: str, detail: str) -> None:
        with self.lock:
            self.errors.append(f"{kind}: {detail[:300]}")

    def count(self, name: str, n: int = 1) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + n)


def p95(values) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


# --- Actors ------------------------------------------------------------------------------------------


class Stop(Exception):
    pass


def _request(stats: Stats, http, kind: str, method: str, url: str, deadline: float, *, ok=(200, 302), **kwargs):
    """One request. A connection reset (the server closed a keep-alive connection as the client reused it) is
    retried twice, as browsers do for a reused connection and as attempt.js does for a failed save; retries are
    counted and reported. Anything else that is not in ``ok`` is an error."""
    import requests

    if time.monotonic() > deadline:
        raise Stop
    timeout = kwargs.pop("timeout", 30)
    for attempt in range(3):
        started = time.perf_counter()
        try:
            response = http.request(method, url, timeout=timeout, **kwargs)
            break
        except requests.ConnectionError as exc:
            if attempt < 2 and not isinstance(exc, requests.Timeout):
                stats.count("retries")
                time.sleep(0.5)
                continue
            stats.error(kind, f"{type(exc).__name__}: {exc}")
            raise Stop from exc
        except Exception as exc:  # noqa: BLE001 - counted as an error
            stats.error(kind, f"{type(exc).__name__}: {exc}")
            raise Stop from exc
    stats.time(kind, time.perf_counter() - started)
    if response.status_code not in ok:
        stats.error(kind, f"{method} {url} -> {response.status_code} {response.text[:200]!r}")
        raise Stop
    return response


def learner(base: str, session_key: str, stats: Stats, deadline: float, think: float, start_delay: float,
            rng: random.Random) -> None:
    import requests

    submit_at = deadline - rng.uniform(5, 12)  # every learner hands in before the run ends
    time.sleep(start_delay)
    http = requests.Session()
    http.cookies.set("sessionid", session_key, domain=HOST)
    try:
        page = _request(stats, http, "test page", "GET", f"{base}/quizzes/{SLUG}/", deadline, ok=(200,))
        token = TOKEN.search(page.text).group(1)
        page = _request(stats, http, "start", "POST", f"{base}/quizzes/{SLUG}/start/", deadline, ok=(200,),
                        data={"csrfmiddlewaretoken": token}, headers={"Referer": page.url})
        match = re.search(r"/quizzes/attempt/(\d+)/$", page.url)
        if not match:
            stats.error("start", f"no attempt page: {page.url}")
            return
        attempt_id = int(match.group(1))
        stats.count("attempts_started")
        token = TOKEN.search(page.text).group(1)
        positions = [int(p) for p in re.findall(r'name="positions" value="(\d+)"', page.text)]
        choices = {p: answer_fields(page.text, p) for p in positions}
        answer_url = f"{base}/quizzes/attempt/{attempt_id}/answer/"
        headers = {"X-CSRFToken": token, "Accept": "application/json", "Referer": page.url}

        def save(position: int) -> None:
            fields = {name: [rng.choice(values)] for name, values in choices[position].items()}
            try:
                response = _request(stats, http, "answer", "POST", answer_url, deadline, ok=(200,),
                                    json={"position": position, "fields": fields}, headers=headers)
            except Stop:
                with stats.lock:  # no answer (a timeout): the server may still have stored it
                    stats.in_doubt.add((attempt_id, position))
                raise
            if not response.json().get("ok"):
                stats.error("answer", response.text)
                raise Stop
            with stats.lock:
                previous = stats.acked.setdefault(attempt_id, {}).get(position)
                stats.acked[attempt_id][position] = fields
                if fields != previous:  # the server writes a save to the history only when it changes the answer
                    stats.ack_counts[attempt_id][position] += 1

        for n, position in enumerate(positions):
            pause = think * rng.uniform(0.5, 1.5)
            if time.monotonic() + pause > submit_at:
                break  # time to hand in: the rest stays unanswered, as for a learner who runs out of time
            time.sleep(pause)
            save(position)
            if n and rng.random() < 0.15:  # a change of mind about an earlier answer
                save(rng.choice(positions[:n]))
        response = _request(stats, http, "submit", "POST", f"{base}/quizzes/attempt/{attempt_id}/submit/", deadline,
                            ok=(200,), data={"csrfmiddlewaretoken": token, "confirm": "1"},
                            headers={"Referer": page.url})
        if "/result/" not in response.url:
            stats.error("submit", f"ended on {response.url}")
            return
        stats.count("attempts_submitted")
    except Stop:
        return


def answer_fields(page: str, position: int) -> dict[str, list[str]]:
    """What a learner can send for the question at ``position``, read from the attempt page as a browser would:
    each field name (``q<n>`` for choices and text, ``q<n>-<id>`` for matching and ordering selects) with the
    values it offers (the attempt's opaque option ids; "3" for a text box)."""
    block = re.search(rf'<fieldset class="quiz-question" id="q-{position}".*?</fieldset>', page, re.S)
    block = block.group(0) if block else ""
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="(?:radio|checkbox)" name="(q\d+)" value="([^"]+)"', block):
        fields.setdefault(name, []).append(value)
    for name, inner in re.findall(r'<select id="[^"]+" name="(q\d+-[^"]+)"[^>]*>(.*?)</select>', block, re.S):
        values = [v for v in re.findall(r'<option value="([^"]*)"', inner) if v]
        if values:
            fields[name] = values
    for name in re.findall(r'<input type="text"[^>]* name="(q\d+)"', block):
        fields[name] = ["3"]
    return fields or {f"q{position}": ["3"]}


def editor(stats: Stats, deadline: float, every: float, page_ids: list[int]) -> None:
    """Save and publish a revision of one of ``page_ids`` every ``every`` seconds (Wagtail, in this process)."""
    from django.db import close_old_connections
    from wagtail.models import Page

    n = 0
    while time.monotonic() + every < deadline:
        time.sleep(every)
        n += 1
        started = time.perf_counter()
        try:
            page = Page.objects.get(pk=page_ids[n % len(page_ids)]).specific
            page.seo_title = f"Bản sửa {n} lúc {time.strftime('%H:%M:%S')}"
            page.save_revision().publish()
            stats.count("publishes")
        except Exception as exc:  # noqa: BLE001 - counted as an error
            stats.error("publish", f"{type(exc).__name__}: {exc}")
        finally:
            close_old_connections()
        stats.time("publish", time.perf_counter() - started)


def manager(base: str, session_key: str, stats: Stats, deadline: float, every: float) -> None:
    """Post the completion export form every ``every`` seconds and read the whole file."""
    import requests

    http = requests.Session()
    http.cookies.set("sessionid", session_key, domain=HOST)
    try:
        while time.monotonic() + every < deadline:
            time.sleep(every)
            page = _request(stats, http, "export page", "GET", f"{base}/manage/exports/", deadline, ok=(200,))
            token = TOKEN.search(page.text).group(1)
            response = _request(stats, http, "export", "POST", f"{base}/manage/exports/", deadline, ok=(200,),
                                data={"csrfmiddlewaretoken": token, "format": "csv"}, headers={"Referer": page.url})
            if "text/csv" in response.headers.get("Content-Type", ""):
                stats.count("exports")
                stats.count("export_rows", max(0, response.content.count(b"\n") - 1))
            elif "/manage/exports/" in response.url and "job" not in response.url:
                stats.error("export", "the form came back instead of a file")
            else:  # a background job (more rows than EXPORT_SYNC_MAX_ROWS): its page
                stats.count("exports")
    except Stop:
        return


# --- Set-up, run, verification (also used by tests/reliability/test_soak.py) --------------------------


def make_learners(n: int, prefix: str = "soak", **fields) -> list[str]:
    """``n`` civil servants (no password: no hashing cost) logged in; returns their session keys. ``fields``
    (a unit, a commune…) are set on each."""
    from django.test import Client

    from lms.accounts.models import User
    from lms.organisations.models import PopulationGroup

    group = PopulationGroup.objects.get(code="civil-servant")
    keys = []
    for i in range(n):
        user, _ = User.objects.get_or_create(email=f"{prefix}{i}@example.vn",
                                             defaults={"full_name": f"Học viên thử tải {i}", "population_group": group})
        if fields:
            User.objects.filter(pk=user.pk).update(**fields)
        user.quiz_attempts.all().delete()
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        keys.append(client.cookies["sessionid"].value)
    return keys


def session_for(user) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client.cookies["sessionid"].value


def run_load(*, base: str, learner_keys: list[str], manager_key: str | None, page_ids: list[int], seconds: float,
             think: float | None = None, publish_every: float = 5.0, export_every: float = 10.0,
             ramp_share: float = 0.5, seed: int = 2025) -> Stats:
    stats = Stats()
    deadline = time.monotonic() + seconds
    # Starting is the dearest step (draw 30 questions, render the attempt page: ~0.25 s of CPU), so arrivals are
    # spread over the first half of the run: 300 learners in 60 s is already 5 starts a second.
    ramp = seconds * ramp_share
    # Without a think time, pace the attempt so that a learner answers everything within the run.
    think = think if think is not None else max(0.2, (seconds - ramp - 12) * 0.75 / 35)
    rng = random.Random(seed)
    threads = [threading.Thread(target=learner, daemon=True, name=f"learner-{i}",
                                args=(base, key, stats, deadline, think, rng.uniform(0, ramp), random.Random(i)))
               for i, key in enumerate(learner_keys)]
    if page_ids:
        threads.append(threading.Thread(target=editor, args=(stats, deadline, publish_every, page_ids), daemon=True))
    if manager_key:
        threads.append(threading.Thread(target=manager, args=(base, manager_key, stats, deadline, export_every),
                                        daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(1.0, deadline - time.monotonic() + 45))
    stuck = sum(t.is_alive() for t in threads)
    if stuck:
        stats.error("run", f"{stuck} actors still running 45 s after the end")
    return stats


def verify(stats: Stats) -> dict:
    """Compare what the server acknowledged with what the database holds."""
    from django.db.models import Count

    from certificates.models import Certificate
    from quizzes.models import Attempt, AttemptQuestion
    from quizzes.scoring import parse_form_response

    lost, doubled, checked = [], [], 0
    items = AttemptQuestion.objects.filter(attempt_id__in=list(stats.acked)).select_related("version")
    by_key = {(i.attempt_id, i.position): i for i in items}
    for attempt_id, answers in stats.acked.items():
        for position, fields in answers.items():
            if (attempt_id, position) in stats.in_doubt:
                continue  # a later save of it got no answer: either value is right
            checked += 1
            item = by_key.get((attempt_id, position))
            expected = parse_form_response(item.version.data, f"q{position}", lambda name, f=fields: f.get(name, []),
                                           item.aliases) if item else object()
            if item is None or item.response != expected:
                lost.append((attempt_id, position))
            acks = stats.ack_counts[attempt_id][position]
            if item is not None and acks < item.HISTORY_LIMIT and len(item.history) != acks:
                doubled.append((attempt_id, position, acks, len(item.history)))
    users = Attempt.objects.filter(pk__in=list(stats.acked)).values_list("user_id", flat=True)
    extra_attempts = (Attempt.objects.filter(user_id__in=list(users), assessment__slug=SLUG).values("user_id")
                      .annotate(n=Count("id")).filter(n__gt=1).count())
    extra_certificates = (Certificate.objects.filter(user_id__in=list(users)).values("user_id", "kind", "achievement_key")
                          .annotate(n=Count("id")).filter(n__gt=1).count())
    return {"answers_checked": checked, "lost": lost, "doubled": doubled, "extra_attempts": extra_attempts,
            "extra_certificates": extra_certificates}


def report(stats: Stats, result: dict, seconds: float, learners: int) -> str:
    lines = [f"Soak: {learners} learners for {seconds:.0f} s; attempts started {stats.attempts_started}, "
             f"submitted {stats.attempts_submitted}; {stats.publishes} pages published; {stats.exports} exports "
             f"({stats.export_rows} rows)"]
    total = sum(len(v) for k, v in stats.latencies.items() if k != "publish")
    lines.append(f"HTTP requests: {total} ({total / seconds:.1f}/s); retried after a connection reset: {stats.retries}")
    for kind, values in sorted(stats.latencies.items()):
        lines.append(f"  {kind:<12} n={len(values):>6}  median {statistics.median(values) * 1000:7.1f} ms  "
                     f"p95 {p95(values) * 1000:7.1f} ms  max {max(values) * 1000:7.1f} ms")
    kinds = defaultdict(int)
    for e in stats.errors:
        kinds["client timeout (30 s)" if "Timeout" in e else "connection" if "ConnectionError" in e
              else "HTTP status" if " -> " in e else "other"] += 1
    lines.append(f"Errors: {len(stats.errors)}" + (f" ({', '.join(f'{k}: {n}' for k, n in kinds.items())})"
                                                   if kinds else ""))
    lines.extend(f"  {e}" for e in stats.errors[:20])
    lines.append(f"Answers acknowledged and checked: {result['answers_checked']}; lost: {len(result['lost'])}; "
                 f"doubled saves: {len(result['doubled'])}; learners with 2+ attempts: {result['extra_attempts']}; "
                 f"doubled certificates: {result['extra_certificates']}")
    return "\n".join(lines)


def failed(stats: Stats, result: dict) -> bool:
    return bool(stats.errors or result["lost"] or result["doubled"] or result["extra_attempts"]
                or result["extra_certificates"])


# --- Standalone -------------------------------------------------------------------------------------


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--think", type=float, default=8.0,
                        help="mean seconds between two answers of a learner (0: paced to answer all 30 in the run)")
    parser.add_argument("--database-url", default=os.environ.get("SOAK_DATABASE_URL",
                                                                 "postgres://postgres@127.0.0.1:5432/faults_soak"))
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--max-seconds", type=float, default=600)
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("--database-url must be a PostgreSQL URL")
    args.learners = max(1, min(args.learners, 1000))
    args.seconds = max(10.0, min(args.seconds, 1800.0))
    started = time.monotonic()

    _ensure_database(args.database_url)
    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "lms.settings",
           "GUNICORN_ACCESS_LOG": "/dev/null", "LOG_LEVEL": "ERROR", "ACCOUNT_RATE_LIMITS_ENABLED": "0",
           "DB_CONN_MAX_AGE": "60", "STATIC_ROOT": f"{WORK}/static", "MEDIA_ROOT": f"{WORK}/media",
           "EXPORT_ROOT": f"{WORK}/exports"}
    env.pop("DEBUG", None)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "ACCOUNT_RATE_LIMITS_ENABLED",
                                           "MEDIA_ROOT", "EXPORT_ROOT")})
    print("Preparing the database (migrate, demo content)…", flush=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "load_demo"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from courses.models import LessonPage
    from lms.accounts.models import User

    keys = make_learners(args.learners)
    manager_user = User.objects.get(email="quanly@hocvuso.vn")
    pages = list(LessonPage.objects.live().values_list("pk", flat=True)[:5])
    from django.db import connection

    connection.close()

    port = _free_port()
    base = f"http://{HOST}:{port}"
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--config", str(ROOT / "gunicorn.conf.py"), "--bind",
         f"{HOST}:{port}", "--workers", str(args.workers), "--threads", str(args.threads), "lms.wsgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watchdog = threading.Timer(max(5.0, args.max_seconds - (time.monotonic() - started)), server.kill)
    watchdog.start()
    try:
        _wait_ready(base, server)
        print(f"Load: {args.learners} learners, {args.seconds:.0f} s, gunicorn {args.workers}×{args.threads} "
              f"on {base}", flush=True)
        stats = run_load(base=base, learner_keys=keys, manager_key=session_for(manager_user), page_ids=pages,
                         seconds=args.seconds, think=args.think or None)
    finally:
        watchdog.cancel()
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    result = verify(stats)
    print(report(stats, result, args.seconds, args.learners))
    return 1 if failed(stats, result) else 0


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _wait_ready(base: str, server: subprocess.Popen, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not become ready")


if __name__ == "__main__":
    sys.exit(main())
