"""Benchmark scenario 3: the standard test at 8:00, on gunicorn with PostgreSQL (and the Redis cache).

    .venv/bin/python bench/quiz_attempt.py [--wave 200] [--think 5] [--warm 0] [--learners 8] [--attempts 8]
                                           [--bare 400] [--runs 3] [--max-seconds 300]

1. The wave: ``--wave`` learners open the civil servants' standard test, and once all of them have its page,
   press *Bắt đầu* within one second (uniformly spread), answer its 30 questions one by one through the autosave
   endpoint with a think time of ``--think`` seconds on average (uniform from half to one and a half), then
   submit. Prints the p50/p95 of start (the POST and the attempt page it redirects to), answer and submit (the POST and the result page),
   the errors (must be 0), and answers stored in the database against answers sent (must be equal; every
   attempt must be submitted), and who used the two cores meanwhile (gunicorn, the bench's own client,
   PostgreSQL, Redis, other processes).
2. Saturated throughput: ``--learners`` clients do full attempts back to back (no think time: intro page, start,
   30 answers, submit, result), against a bare POST view doing one INSERT on the same server
   (``bench_server.py``), measured just before in the same run. The ratio compares requests per second: an
   attempt request against a bare POST. Median of ``--runs`` runs.

Both phases use the same client (``http.client`` keep-alive connections in threads, one per learner). PostgreSQL
(``--database-url``, default ``bench13_quiz`` on 127.0.0.1, created when missing; migrated, the demo bank
loaded, the bench learners' earlier attempts deleted). Loopback only; the run stops after ``--max-seconds``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

# bench/certificates.py must not hide the certificates app once Django starts in this process.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != benchlib.BENCH_DIR] + [str(benchlib.ROOT)]
sys.modules.pop("certificates", None)

SLUG = "chuan-can-bo-cong-chuc-vien-chuc"
LEARNER_EMAIL = "bench-quiz-{}@example.vn"
TARGET_RATIO = 0.30
GOAL_START_P95 = 1000.0  # ms, 200 learners pressing *Bắt đầu* within one second (issue 17)
GOAL_ANSWER_P95 = 150.0  # ms
QUESTIONS = 30


# --- data (in-process Django) ----------------------------------------------------------------------


def prepare(count: int) -> list[tuple[int, str]]:
    """The demo bank and tests, the baseline's table, ``count`` civil servants without attempts; returns
    (user id, session cookie) pairs."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from lms.accounts.models import User
    from lms.organisations.models import PopulationGroup
    from quizzes.models import Attempt, AttemptQuestion

    call_command("load_quiz_demo", stdout=open(os.devnull, "w"))
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_quiz_ping (id bigserial primary key, payload text)")
    group = PopulationGroup.objects.get(code="civil-servant")
    users = []
    for n in range(count):
        user, _ = User.objects.get_or_create(email=LEARNER_EMAIL.format(n),
                                             defaults={"full_name": f"Công chức đo hiệu năng {n}"})
        if user.population_group_id != group.pk:
            user.population_group = group
            user.save(update_fields=["population_group"])
        users.append(user)
    Attempt.objects.filter(user__in=users).delete()
    # This host's PostgreSQL runs with autovacuum off (production's runs it): the attempts an earlier run left and
    # just deleted (each question row updated once per answer) stay as dead rows, with no statistics or visibility
    # map. The wave then met them; clean them as autovacuum would between two test sessions.
    with connection.cursor() as cursor:
        for table in (Attempt._meta.db_table, AttemptQuestion._meta.db_table, User._meta.db_table, "django_session"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    sessions = []
    for user in users:
        client = Client()
        client.force_login(user)
        sessions.append((user.pk, client.cookies[settings.SESSION_COOKIE_NAME].value))
    return sessions


def stored_answers(user_ids) -> tuple[int, int, int, int]:
    """(answered questions, saves in their histories, attempts, attempts submitted) of these learners, read from
    the database. Each answer is sent once: stored exactly once means as many saves in the histories."""
    from quizzes.models import Attempt, AttemptQuestion

    rows = AttemptQuestion.objects.filter(attempt__user_id__in=user_ids, answered_at__isnull=False)
    histories = list(rows.values_list("history", flat=True))
    attempts = Attempt.objects.filter(user_id__in=user_ids)
    return (len(histories), sum(len(h) for h in histories), attempts.count(),
            attempts.filter(state=Attempt.State.SUBMITTED).count())


# --- the client ------------------------------------------------------------------------------------


class Timeout(Exception):
    """No answer within the client's time-out: the request may or may not have been handled."""


class Http:
    """A browser's connection, lean: one keep-alive ``http.client`` connection, its cookies, gzip accepted and
    redirects followed (GET). ``requests`` cost the bench's client about 1.4 ms of CPU per request; the wave's
    6,800 requests took 9.7 s of the two cores the server needs (2026-12-06), so the client is plain
    ``http.client`` now. A connection the server closed (keep-alive expired) is opened again and the request
    sent again: gunicorn closes an idle connection only between requests, so the request never reached a
    worker."""

    def __init__(self, base: str, cookies: dict[str, str], timeout: float):
        from urllib.parse import urlsplit

        parts = urlsplit(base)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.cookies = dict(cookies)
        self.conn = None
        self.requests = 0
        self.resets = 0

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _once(self, method, path, body, headers):
        import http.client
        import zlib

        for attempt in range(3):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            sent = {"Host": f"{self.host}:{self.port}", "Accept-Encoding": "gzip",
                    "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **headers}
            try:
                self.conn.request(method, path, body=body, headers=sent)
                response = self.conn.getresponse()
                data = response.read()
            except TimeoutError:
                self.close()
                raise Timeout(f"{method} {path}: no answer within {self.timeout} s") from None
            except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
                self.close()
                if attempt == 2:
                    raise
                self.resets += 1
                continue
            self.requests += 1
            for cookie in response.headers.get_all("Set-Cookie") or ():
                name, _, rest = cookie.partition("=")
                value, _, attributes = rest.partition(";")
                if "max-age=0" in attributes.lower().replace(" ", ""):
                    self.cookies.pop(name.strip(), None)
                else:
                    self.cookies[name.strip()] = value
            if response.getheader("Content-Encoding") == "gzip":
                data = zlib.decompress(data, 16 + zlib.MAX_WBITS)
            if (response.getheader("Connection") or "").lower() == "close":
                self.close()
            return response.status, response.getheader("Location"), data.decode("utf-8", "replace")
        raise AssertionError("unreachable")

    def send(self, method, path, *, body=None, headers=None):
        """(status, final path, text), following redirects with GETs as a browser does."""
        status, location, text = self._once(method, path, body, headers or {})
        for _ in range(5):
            if status not in (301, 302, 303) or not location:
                break
            path = location.split(f"{self.port}", 1)[-1] if location.startswith("http") else location
            status, location, text = self._once("GET", path, None, {})
        return status, path, text


class Learner:
    """One learner's browser: a keep-alive connection carrying the session and CSRF cookies."""

    def __init__(self, base: str, session_key: str, timeout: float):
        self.base = base
        self.http = Http(base, {"sessionid": session_key}, timeout)

    @property
    def requests(self):
        return self.http.requests

    @property
    def resets(self):
        return self.http.resets

    def _check(self, sent, what):
        status, path, text = sent
        if status != 200:
            raise RuntimeError(f"{what}: HTTP {status} {text[:200]}")
        return path, text

    def _form(self, fields: dict) -> tuple[bytes, dict]:
        from urllib.parse import urlencode

        return urlencode(fields).encode(), {"Content-Type": "application/x-www-form-urlencoded"}

    def open_test(self) -> str:
        _path, text = self._check(self.http.send("GET", f"/quizzes/{SLUG}/"), "intro")
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)

    def start(self, token: str):
        """Press *Bắt đầu*: the POST and the attempt page it leads to; returns the page's positions."""
        return self.read_attempt(*self.start_request(token))

    def start_request(self, token: str) -> tuple[str, str]:
        """The start's requests only (what the wave times); ``read_attempt`` then reads the page."""
        body, headers = self._form({"csrfmiddlewaretoken": token})
        headers["Referer"] = f"{self.base}/quizzes/{SLUG}/"
        return self._check(self.http.send("POST", f"/quizzes/{SLUG}/start/", body=body, headers=headers), "start")

    def read_attempt(self, path: str, text: str):
        if "/attempt/" not in path:
            raise RuntimeError(f"start: landed on {path}")
        self.attempt_path = path
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
        self.answers = all_first_answers(text)
        positions = sorted(self.answers)
        if len(positions) != QUESTIONS:
            raise RuntimeError(f"start: {len(positions)} questions on the attempt page")
        return positions

    def answer(self, position: int):
        import json

        body = json.dumps({"position": position, "fields": self.answers[position]}).encode()
        headers = {"Content-Type": "application/json", "X-CSRFToken": self.token,
                   "Referer": f"{self.base}{self.attempt_path}"}
        _path, text = self._check(self.http.send("POST", f"{self.attempt_path}answer/", body=body, headers=headers),
                                  f"answer {position}")
        if '"ok": true' not in text and '"ok":true' not in text:
            raise RuntimeError(f"answer {position}: {text[:200]}")

    def submit(self):
        body, headers = self._form({"csrfmiddlewaretoken": self.token, "confirm": "1"})
        headers["Referer"] = f"{self.base}{self.attempt_path}"
        path, _text = self._check(self.http.send("POST", f"{self.attempt_path}submit/", body=body, headers=headers),
                                  "submit")
        if "/result/" not in path:
            raise RuntimeError(f"submit: landed on {path}")


def all_first_answers(page: str) -> dict[int, dict[str, list[str]]]:
    """Every question's autosave fields with its first option picked (see ``first_answer``). Each question's fields
    come before its hidden ``positions`` input: the page is cut there, so each search reads one question, not the
    whole page 30 times."""
    out, begin = {}, 0
    for mark in re.finditer(r'name="positions" value="(\d+)"', page):
        p = int(mark.group(1))
        out[p] = first_answer(page[begin:mark.end()], p)
        begin = mark.end()
    return out


def first_answer(page: str, p: int) -> dict[str, list[str]]:
    """The autosave fields of question ``p`` with its first option picked, whatever its type: a choice's first
    value, "3" typed into a numeric or short answer, the first option of each matching or ordering list."""
    first = re.search(rf'name="q{p}" value="([^"]*)"', page)
    if first:
        return {f"q{p}": [first.group(1) or "3"]}
    lists = re.findall(rf'<select id="q{p}-[^"]*" name="(q{p}-[^"]+)"[^>]*>\s*<option value="">[^<]*</option>\s*'
                       r'<option value="([^"]+)"', page)
    return {name: [value] for name, value in lists} or {f"q{p}": ["3"]}


def percentile(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q / 100 * len(values) + 0.5) - 1))]


def wave(base, sessions, *, think: float, timeout: float, budget: benchlib.Budget) -> dict:
    """Every learner starts within one second of the others, answers with think time, submits."""
    timings = {"start": [], "answer": [], "submit": []}
    errors: list[str] = []
    sent = [0]
    acknowledged: dict[int, set[int]] = {}  # user id -> positions whose save was acknowledged (HTTP 200, ok)
    in_doubt: dict[int, set[int]] = {}  # user id -> positions whose save got no answer (client time-out)
    resets = [0]
    lock = threading.Lock()
    # Every learner has the test's page open before 8:00 (as at a real test session); the second of the wave begins
    # once all of them have it, so that the starts do not queue behind the other learners' page loads.
    t0 = []
    opened = threading.Barrier(len(sessions), action=lambda: t0.append(time.monotonic() + 0.2))
    rng = random.Random(8)
    offsets = [rng.uniform(0, 1) for _ in sessions]

    def one(index):
        user_id = sessions[index][0]
        learner = Learner(base, sessions[index][1], timeout)
        local = random.Random(index)
        acknowledged[user_id], in_doubt[user_id] = set(), set()
        try:
            try:
                token = learner.open_test()
            finally:
                opened.wait(timeout + 5)  # a learner whose page failed still lets the others begin
            time.sleep(max(0.0, t0[0] + offsets[index] - time.monotonic()))
            t = time.perf_counter()
            landed = learner.start_request(token)
            with lock:
                timings["start"].append(time.perf_counter() - t)
                timings.setdefault("start_by_offset", []).append((offsets[index], time.perf_counter() - t))
            positions = learner.read_attempt(*landed)  # the client's own parsing, after the timing
            for p in positions:
                time.sleep(local.uniform(think / 2, think * 1.5))
                if budget.left() < 0:
                    raise RuntimeError("out of time")
                t = time.perf_counter()
                with lock:
                    sent[0] += 1
                try:
                    learner.answer(p)
                except Timeout:
                    in_doubt[user_id].add(p)
                    raise
                acknowledged[user_id].add(p)
                with lock:
                    timings["answer"].append(time.perf_counter() - t)
            t = time.perf_counter()
            learner.submit()
            with lock:
                timings["submit"].append(time.perf_counter() - t)
        except Exception as exc:  # noqa: BLE001 - every failure is an error of the run, counted and shown
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}"[:300])
        finally:
            with lock:
                resets[0] += learner.resets

    with ThreadPoolExecutor(len(sessions)) as pool:
        list(pool.map(one, range(len(sessions))))
    return {"timings": timings, "errors": errors, "sent": sent[0], "acknowledged": acknowledged,
            "in_doubt": in_doubt, "resets": resets[0]}


def check_once(acknowledged: dict[int, set[int]], in_doubt: dict[int, set[int]]) -> dict:
    """Against the database: every acknowledged answer stored (``lost`` otherwise), no question saved more often than
    sent, i.e. once (``doubled``), nothing stored that was never sent; a save without an answer (client time-out)
    is in doubt and may be stored or not."""
    from quizzes.models import AttemptQuestion

    stored: dict[tuple[int, int], int] = {}
    for user_id, position, history in (AttemptQuestion.objects.filter(attempt__user_id__in=list(acknowledged))
                                       .exclude(answered_at=None).values_list("attempt__user_id", "position", "history")):
        stored[(user_id, position)] = len(history)
    lost = sum(1 for u, ps in acknowledged.items() for p in ps if (u, p) not in stored)
    doubled = sum(1 for n in stored.values() if n > 1)
    unsent = sum(1 for (u, p) in stored if p not in acknowledged[u] and p not in in_doubt[u])
    return {"acknowledged": sum(map(len, acknowledged.values())), "in_doubt": sum(map(len, in_doubt.values())),
            "stored": len(stored), "lost": lost, "doubled": doubled, "unsent": unsent,
            "ok": lost == doubled == unsent == 0}


def warm_attempt(base, session_key, timeout) -> None:
    learner = Learner(base, session_key, timeout)
    learner.start(learner.open_test())
    learner.submit()


def full_attempt(base, session_key, timeout) -> int:
    learner = Learner(base, session_key, timeout)
    token = learner.open_test()
    for p in learner.start(token):
        learner.answer(p)
    learner.submit()
    return learner.requests


def bare(base, n, timeout) -> int:
    http = Http(base, {}, timeout)
    for i in range(n):
        status, _path, _text = http.send("POST", "/bench/bare-insert/", body=f"ping {i}".encode(),
                                         headers={"Content-Type": "text/plain"})
        if status != 200:
            raise RuntimeError(f"bare POST: HTTP {status}")
    http.close()
    return n


def saturated(base, sessions, args) -> tuple[dict, dict]:
    per_client = max(1, args.bare // args.learners)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(args.learners) as pool:
        done = sum(pool.map(lambda _: bare(base, per_client, args.timeout), range(args.learners)))
    bare_time = time.perf_counter() - t0
    t0 = time.perf_counter()
    with ThreadPoolExecutor(args.learners) as pool:
        counts = list(pool.map(lambda s: full_attempt(base, s[1], args.timeout), sessions))
    attempt_time = time.perf_counter() - t0
    return ({"rps": done / bare_time, "requests": done},
            {"rps": sum(counts) / attempt_time, "attempts_ps": len(counts) / attempt_time, "requests": sum(counts),
             "attempts": len(counts)})


def _profile_steps(client, token):
    """The four measured requests of one learner, in order (each returns the response measured)."""
    steps = []

    def start():
        r = client.post(f"/quizzes/{SLUG}/start/", {"csrfmiddlewaretoken": token})
        steps.append(r)
        return client.get(r["Location"]) if r.status_code == 302 else r

    def page():
        r = client.get(steps[0]["Location"])
        steps[0] = r
        return r

    def answer():
        text = steps[0].content.decode()
        p = int(re.search(r'name="positions" value="(\d+)"', text).group(1))
        url = steps[0].wsgi_request.path
        return client.post(f"{url}answer/", {"position": p, "fields": first_answer(text, p)},
                           content_type="application/json")

    def submit():
        url = steps[0].wsgi_request.path
        r = client.post(f"{url}submit/", {"csrfmiddlewaretoken": token, "confirm": "1"})
        return client.get(r["Location"]) if r.status_code == 302 else r

    return (("start", start), ("page", page), ("answer", answer), ("submit", submit))


def profile(sessions, repeat: int, top: int, cpu_timer: bool = False) -> dict:
    """Load-independent figures: SQL queries and CPU time of one start, one answer and one submit (POST and the
    page it redirects to), in-process through Django's test client, each learner a fresh attempt.

    The CPU figures are measured with the profiler off (a cProfile on multiplies the CPU of a template-heavy
    request by 2-4: the figures printed before 2026-12-05 22:00 had it on for start, answer and submit). With
    ``top``, ``repeat - 1`` more learners go through the same steps with the cProfile on (``BENCH_PROFILE``:
    which steps, default all but the page) and its ``top`` lines are printed. ``cpu_timer``: the cProfile counts
    this process's CPU time (``time.process_time``) instead of wall time, so that waiting for PostgreSQL or
    Redis (other processes) does not show as the cost of the function waiting."""
    import cProfile
    import io
    import pstats

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    figures = {"start": [], "page": [], "answer": [], "submit": []}
    queries = {}
    prof = cProfile.Profile(time.process_time) if cpu_timer else cProfile.Profile()
    profiled = os.environ.get("BENCH_PROFILE", "start answer submit").split()
    for n, (_pk, key) in enumerate(sessions[:repeat + (repeat - 1 if top else 0)]):
        measured = 0 < n < repeat  # the first learner warms the caches; after ``repeat``, the profiled ones
        client = Client(HTTP_HOST=benchlib.HOST)
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        page = client.get(f"/quizzes/{SLUG}/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
        for name, step in _profile_steps(client, token):
            on = n >= repeat and name in profiled
            with CaptureQueriesContext(connection) as ctx:
                t = time.process_time()
                if on:
                    prof.enable()
                response = step()
                if on:
                    prof.disable()
                cpu = time.process_time() - t
            if response.status_code != 200:
                raise SystemExit(f"profile: {name} answered {response.status_code}")
            if measured:
                figures[name].append(cpu * 1000)
                queries.setdefault(name, []).append(len(ctx.captured_queries))
            if n == 1 and os.environ.get("BENCH_SQL"):
                print(f"--- {name}: {len(ctx.captured_queries)} queries")
                for q in ctx.captured_queries:
                    print("   ", q["sql"][:300])
    out = {}
    for name in figures:
        out[name] = {"cpu_ms": benchlib.median(figures[name]), "queries": max(queries[name])}
        what = {"start": "POST and the attempt page", "page": "the attempt page again (30 questions)",
                "answer": "one autosave", "submit": "POST and the result page"}[name]
        print(f"  {name:6}: {out[name]['queries']:3} SQL queries, {out[name]['cpu_ms']:6.1f} ms of CPU in-process "
              f"(median of {len(figures[name])}; {what})")
    if top:
        stream = io.StringIO()
        pstats.Stats(prof, stream=stream).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(top)
        print(f"cProfile of {', '.join(profiled)} over {repeat - 1} more learners "
              f"({'CPU' if cpu_timer else 'wall'} time):")
        print(stream.getvalue())
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=benchlib.PG_DEFAULT + "bench13_quiz")
    parser.add_argument("--redis-url", default=benchlib.REDIS_DEFAULT, help="cache; '' for the in-process cache")
    parser.add_argument("--wave", type=int, default=40, help="learners starting within one second")
    parser.add_argument("--think", type=float, default=5.0,
                        help="mean think time before each answer (s); the goals are read at 5 s, a brisk learner "
                             "(30 questions in 2.5 minutes, against 20 to 30 minutes at a real test session). "
                             "0.5 s is a stress run: 200 learners then send 400 answers/s, the load of 12,000 "
                             "learners answering every 30 s")
    parser.add_argument("--learners", type=int, default=8, help="concurrent clients in the saturated phase")
    parser.add_argument("--attempts", type=int, default=8, help="full attempts per saturated run")
    parser.add_argument("--bare", type=int, default=400, help="bare POSTs per saturated run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warm", type=int, default=0, metavar="N",
                        help="before the wave, N other learners start and submit the test (6 at a time), so that "
                             "every worker has met its questions once, as workers running since before 8:00 would")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3)))
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--max-seconds", type=float, default=300)
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="only count SQL queries and CPU of one start, answer and submit in-process (N learners)")
    parser.add_argument("--top", type=int, default=0, help="with --profile: print the cProfile's top N")
    parser.add_argument("--cpu-profile", action="store_true",
                        help="with --profile: the cProfile counts CPU time, not wall time (waits on the database left out)")
    args = parser.parse_args()
    args.wave = max(0, min(args.wave, 500))
    args.learners = max(1, min(args.learners, 64))
    args.attempts = max(args.learners, min(args.attempts, 500))
    args.bare = max(args.learners, min(args.bare, 20000))
    args.runs = max(1, min(args.runs, 15))
    budget = benchlib.Budget(args.max_seconds, "bench/quiz_attempt.py")

    workdir = Path(tempfile.mkdtemp(prefix="hvs-bench-quiz-", dir="/tmp"))
    killer = None
    try:
        env = benchlib.setup_django(args.database_url, redis_url=args.redis_url or None, workdir=workdir,
                                    preparing="migrate, collectstatic, bank, learners")
        from django.conf import settings
        from django.db import connections

        if args.profile:
            print("In-process, one request each (DEBUG off, the bench's settings):")
            profile(prepare(2 * args.profile + 1 if args.top else args.profile + 1), args.profile + 1, args.top,
                    cpu_timer=args.cpu_profile)
            return
        sessions = prepare(args.wave + args.runs * args.attempts + args.warm)
        warm_sessions, sessions = sessions[:args.warm], sessions[args.warm:]
        wave_sessions, rest = sessions[: args.wave], sessions[args.wave:]
        cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[1]
        connections.close_all()
        budget.check("starting gunicorn")

        server = benchlib.Server(env, workers=args.workers, budget=budget)
        killer = threading.Timer(max(1, budget.left()), server.stop)
        killer.start()
        with server:
            print(f"Server: gunicorn, {args.workers} workers × {os.environ.get('GUNICORN_THREADS', 2)} threads, "
                  f"cache {cache}, PostgreSQL; client: http.client in threads", flush=True)
            bare(server.base, 20, args.timeout)  # warm-up: every worker imports and connects
            if warm_sessions:
                with ThreadPoolExecutor(6) as pool:
                    list(pool.map(lambda s: warm_attempt(server.base, s[1], args.timeout), warm_sessions))
                print(f"Warmed: {len(warm_sessions)} other learners started and submitted the test first", flush=True)
            summary = {}
            if args.wave:
                print(f"\nScenario 3a: {args.wave} learners start the test within one second, think "
                      f"{args.think:.1f} s per answer, submit", flush=True)
                with benchlib.CpuShare(server) as share:
                    result = wave(server.base, wave_sessions, think=args.think, timeout=args.timeout,
                                  budget=budget)
                connections.close_all()
                stored, saves, attempts, submitted = stored_answers([pk for pk, _ in wave_sessions])
                t = result["timings"]
                p95 = {}
                for name in ("start", "answer", "submit"):
                    ms = [x * 1000 for x in t[name]]
                    p95[name] = percentile(ms, 95)
                    goal = {"start": GOAL_START_P95, "answer": GOAL_ANSWER_P95}.get(name)
                    verdict = "" if goal is None else (f"   goal p95 <= {goal:.0f} ms: "
                                                       + ("met" if p95[name] <= goal else "MISSED"))
                    print(f"  {name:6}: {len(ms):5} requests, p50 {percentile(ms, 50):7.1f} ms, "
                          f"p95 {p95[name]:7.1f} ms, max {max(ms, default=float('nan')):7.1f} ms{verdict}")
                by_offset = sorted(t.get("start_by_offset", []))
                if by_offset:
                    fifth = max(1, len(by_offset) // 5)
                    print("  start by arrival (fifths of the second): p50 " + " · ".join(
                        f"{percentile([x * 1000 for _o, x in by_offset[i:i + fifth]], 50):.0f}"
                        for i in range(0, fifth * 5, fifth)) + " ms")
                print(f"  errors: {len(result['errors'])}" + (" — " + "; ".join(result["errors"][:5])
                                                            if result["errors"] else "   goal 0: met"))
                once = check_once(result["acknowledged"], result["in_doubt"])
                equal = once["ok"] and stored == saves
                print(f"  answers sent {result['sent']}: acknowledged {once['acknowledged']}, in doubt (client time-out) "
                      f"{once['in_doubt']}; stored {stored}, saves in the histories {saves}; lost {once['lost']}, "
                      f"doubled {once['doubled']}, stored unsent {once['unsent']}   goal each stored exactly once: "
                      + ("met" if equal else "MISSED"))
                print(f"  keep-alive connections reset and retried (never sent): {result['resets']}")
                print(f"  attempts {attempts}, submitted {submitted} (expected {args.wave})")
                print(f"  {share.line()}")
                summary.update(wave=args.wave, start_p95=p95["start"], answer_p95=p95["answer"],
                               errors=len(result["errors"]), once=equal and stored == args.wave * QUESTIONS)
            print(f"\nScenario 3b: saturated, {args.learners} clients, {args.attempts} full attempts per run "
                  f"({QUESTIONS} questions, no think time) vs {args.bare} bare POSTs (1 INSERT)", flush=True)
            runs = []
            for n in range(args.runs):
                budget.check("a saturated run")
                batch = rest[n * args.attempts:(n + 1) * args.attempts]
                base_run, attempt_run = saturated(server.base, batch, args)
                runs.append((base_run, attempt_run))
                print(f"  run {n + 1}: bare {base_run['rps']:6.1f} req/s · attempts {attempt_run['attempts_ps']:.2f}/s "
                      f"({attempt_run['rps']:.1f} req/s) · ratio {attempt_run['rps'] / base_run['rps']:.2f}", flush=True)
            ratio = benchlib.median([a["rps"] / b["rps"] for b, a in runs])
            verdict = "met" if ratio >= TARGET_RATIO else f"MISSED by {(TARGET_RATIO - ratio) * 100:.0f} points"
            print(f"  full attempts: {benchlib.median([a['attempts_ps'] for _, a in runs]):.2f} attempts/s = "
                  f"{benchlib.median([a['rps'] for _, a in runs]):.1f} req/s vs bare POST "
                  f"{benchlib.median([b['rps'] for b, _ in runs]):.1f} req/s = {ratio * 100:.0f}% "
                  f"(median of {len(runs)}; target >= {TARGET_RATIO * 100:.0f}%: {verdict})")
            print(f"  one attempt ({runs[0][1]['requests'] // runs[0][1]['attempts']} requests) costs as much as "
                  f"{benchlib.median([b['rps'] / a['attempts_ps'] for b, a in runs]):.0f} bare POSTs")
            print(f"\nScenario 3, against the goals of issue 17 ({benchlib.machine()}):")
            if summary:
                print(f"  {summary['wave']} learners start within one second (think {args.think:g} s"
                      f"{', a stress run: the goals are read at think 5 s' if args.think < 5 else ''}): "
                      f"start p95 {summary['start_p95']:.0f} ms "
                      f"(goal <= {GOAL_START_P95:.0f}: {'met' if summary['start_p95'] <= GOAL_START_P95 else 'missed'}"
                      f"{'' if summary['wave'] >= 200 else '; the goal is for 200 learners, run --wave 200'}), "
                      f"answer p95 {summary['answer_p95']:.0f} ms (goal <= {GOAL_ANSWER_P95:.0f}: "
                      f"{'met' if summary['answer_p95'] <= GOAL_ANSWER_P95 else 'missed'}), errors {summary['errors']} "
                      f"(goal 0), each answer stored once: {'yes' if summary['once'] else 'NO'}")
            print(f"  full attempts {ratio * 100:.0f}% of a bare INSERT's requests/s (goal >= {TARGET_RATIO * 100:.0f}%: "
                  f"{'met' if ratio >= TARGET_RATIO else 'missed'})")
            print(f"gunicorn workers restarted during the run (max_requests recycling, crashes): {server.restarts()}")
    finally:
        if killer is not None:
            killer.cancel()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
