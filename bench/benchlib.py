"""Shared plumbing for the HTTP benchmarks (lesson pages, quiz attempts): the PostgreSQL database, the gunicorn
server with the bench-only views (``bench_server.py``), wrk runs, medians and the time budget.

Loopback only: every server binds 127.0.0.1 and every client speaks to it. Nothing here is imported by the site.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent
HOST = "127.0.0.1"
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/"
REDIS_DEFAULT = "redis://127.0.0.1:6379/9"
WRK_VERSION = "4.1.0"  # Debian bookworm's wrk 4.1.0-3; `make bench` installs it with apt-get when missing


class Budget:
    """The run's time limit (``--max-seconds``): checked between steps; the server is also killed by a timer."""

    def __init__(self, seconds: float, name: str):
        self.seconds = seconds
        self.name = name
        self.deadline = time.monotonic() + seconds

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def check(self, what: str) -> None:
        if self.left() <= 0:
            raise SystemExit(f"{self.name}: out of time before {what} (raise --max-seconds)")


def median(values):
    return statistics.median(values) if values else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def ensure_database(url: str) -> str:
    """Create the PostgreSQL database named in ``url`` when it is missing; returns the URL."""
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return url


def server_env(database_url: str, *, redis_url: str | None, workdir: Path) -> dict:
    """The environment of both the server and the in-process preparation: the production settings that cost
    time (PostgreSQL with persistent connections, the Redis cache and sessions when given, queued tasks, no
    DEBUG, quiet access log) on plain HTTP (``LMS_MODE=production`` would redirect to HTTPS)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": "60",
        "TASKS_BACKEND": "database",  # as in production: certificates and mail are queued, not run in the request
        "SERVE_MEDIA": "0",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "LOG_LEVEL": "ERROR",
        "ACCOUNT_RATE_LIMITS_ENABLED": "0",
        "LMS_VAR_DIR": str(workdir / "var"),
        "MEDIA_ROOT": str(ROOT / "var" / "bench" / "media"),  # kept with the bench database between runs
        "STATIC_ROOT": str(ROOT / "var" / "bench" / "static"),
        "BENCH_BODY_DIR": str(workdir),
    }
    for name in ("DEBUG", "TESTING", "REDIS_URL"):
        env.pop(name, None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env: dict, *args: str, quiet: bool = True) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL if quiet else None)


def collectstatic(env: dict) -> None:
    """Hashed static files (whitenoise's manifest) as in production: pages link them by their hashed names."""
    manage(env, "collectstatic", "--noinput", "-v0")


def setup_django(database_url: str, *, redis_url: str | None, workdir: Path, preparing: str) -> dict:
    """Create and migrate the bench database, collect static files, then set up Django in this process with the
    environment the server will get (returned)."""
    ensure_database(database_url)
    env = server_env(database_url, redis_url=redis_url, workdir=workdir)
    print(f"Machine: {machine()}", flush=True)
    print(f"Preparing {database_url.rsplit('/', 1)[1]} ({preparing})…", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    collectstatic(env)
    os.environ.clear()
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings"
    import django

    django.setup()
    return env


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()  # after "pid (comm) ": state is field 0, ppid 1, utime 11, stime 12


def process_tree_cpu(root: int) -> float:
    """CPU seconds (user + system) of ``root`` and its living descendants, from ``/proc`` (0 where there is none)."""
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields:
                children.setdefault(int(fields[1]), []).append(int(entry.name))
                # utime + stime, and cutime + cstime: the children it has reaped (a PostgreSQL backend that ended)
                cpu[int(entry.name)] = (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / _TICK
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += cpu.get(pid, 0.0)
        todo.extend(children.get(pid, ()))
    return total


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from ``/proc/stat`` (all cores summed)."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0.0, 0.0
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values) - idle) / _TICK, sum(values) / _TICK


def _oldest(name: str) -> int | None:
    """The pid of the oldest process called ``name`` (a service's main process), from ``/proc``."""
    found = []
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if entry.name.isdigit():
            try:
                comm = (entry / "comm").read_text().strip()
            except OSError:
                continue
            fields = _stat_fields(int(entry.name)) if comm == name else None
            if fields:
                found.append((int(fields[19]), int(entry.name)))  # field 19: start time after boot
    return min(found)[1] if found else None


class CpuShare:
    """Who used the cores during a phase: the bench's own process (the client), gunicorn, and the rest of the
    machine (PostgreSQL, Redis, anything else running), as CPU seconds and as a share of the phase's wall time."""

    def __init__(self, server: Server):
        import resource

        self._resource = resource
        self.server = server
        self.services = {name: _oldest(name) for name in ("postgres", "redis-server")}

    def __enter__(self):
        self.t = time.monotonic()
        usage = self._resource.getrusage(self._resource.RUSAGE_SELF)
        self.client0 = usage.ru_utime + usage.ru_stime
        self.server0 = self.server.cpu_seconds()
        self.machine0 = machine_cpu()[0]
        self.services0 = {name: process_tree_cpu(pid) for name, pid in self.services.items() if pid}
        return self

    def __exit__(self, *exc):
        usage = self._resource.getrusage(self._resource.RUSAGE_SELF)
        self.wall = time.monotonic() - self.t
        self.client = usage.ru_utime + usage.ru_stime - self.client0
        self.gunicorn = self.server.cpu_seconds() - self.server0
        self.machine = machine_cpu()[0] - self.machine0
        self.service_cpu = {name: process_tree_cpu(pid) - self.services0[name] for name, pid in self.services.items()
                            if pid}
        self.rest = max(0.0, self.machine - self.client - self.gunicorn - sum(self.service_cpu.values()))

    def line(self) -> str:
        cores = os.cpu_count() or 1
        return (f"CPU during it: {self.machine:.1f} s busy of {self.wall * cores:.1f} s on {cores} cores "
                f"({self.wall:.1f} s wall): gunicorn {self.gunicorn:.1f} s, the bench's client {self.client:.1f} s, "
                + "".join(f"{name} {cpu:.1f} s, " for name, cpu in self.service_cpu.items())
                + f"the rest (other processes of the machine) {self.rest:.1f} s")


class Server:
    """gunicorn with the project's gunicorn.conf.py serving ``bench.bench_server:application`` (the site + bare views)."""

    def __init__(self, env: dict, *, workers: int, budget: Budget, app: str = "bench.bench_server:application"):
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        # gunicorn's own log goes to a file: a pipe nobody reads fills up and stalls the server.
        self.log_path = Path(env["BENCH_BODY_DIR"]) / f"gunicorn-{app.split(':')[0]}.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "--config", str(ROOT / "gunicorn.conf.py"),
             "--bind", f"{HOST}:{self.port}", "--workers", str(workers),
             # as bench.bench_server (or bench.minimal.app) from the repository root: bench/ itself must not be
             # on the path, where bench/certificates.py would hide the certificates app
             app],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self.log)
        self.budget = budget
        self.workers = workers
        self._wait_ready()

    def _wait_ready(self) -> None:
        for _ in range(300):
            if self.proc.poll() is not None:
                raise SystemExit("gunicorn stopped: " + self.log_path.read_text(errors="replace")[-3000:])
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not answer /healthz")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by gunicorn's master and its living workers (``/proc``)."""
        return process_tree_cpu(self.proc.pid)

    def restarts(self) -> int:
        """Workers gunicorn started after the first ones (``max_requests`` recycling, crashes)."""
        booted = self.log_path.read_text(errors="replace").count("Booting worker")
        return max(0, booted - self.workers)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def fetch(url: str, cookie: str | None = None) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


WRK_LUA = r"""
local paths = {%(paths)s}
local cookies = {%(cookies)s}
local counter = 0
request = function()
  counter = counter + 1
  local headers = {}
  if #cookies > 0 then headers["Cookie"] = cookies[(counter %% #cookies) + 1] end
  -- learners in turn, and each learner's next lesson in turn (a visit per request, as when reading a course)
  local p = paths[(math.floor(counter / math.max(#cookies, 1)) %% #paths) + 1]
  return wrk.format("GET", p, headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, "max_us": %%d, ' ..
    '"status": %%d, "connect": %%d, "read": %%d, "write": %%d, "timeout": %%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
"""


def wrk_available() -> str:
    path = shutil.which("wrk")
    if not path:
        raise SystemExit("wrk is not installed: apt-get install -y wrk (or `make bench`, which installs it)")
    return path


def wrk(base: str, paths: list[str], *, cookies: list[str] = (), connections: int, seconds: float,
        threads: int = 1) -> dict:
    """One wrk run of GETs over ``paths`` (and ``cookies`` in turn): requests/s, p50/p99 latency in ms, errors
    (non-2xx/3xx answers and socket errors)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", dir="/tmp", prefix="hvs-wrk-", delete=False) as f:
        f.write(WRK_LUA % {"paths": ", ".join(json.dumps(p) for p in paths),
                           "cookies": ", ".join(json.dumps(c) for c in cookies)})
        script = f.name
    try:
        out = subprocess.run(
            [wrk_available(), f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
             "-s", script, base + paths[0]],
            capture_output=True, text=True, timeout=seconds + 60)
    finally:
        os.unlink(script)
    if out.returncode != 0:
        raise SystemExit(f"wrk failed (the server stopped at --max-seconds?): {out.stderr.strip()[-500:]}")
    out = out.stdout
    line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
    data = json.loads(line[len("WRKJSON "):])
    errors = data["status"] + data["connect"] + data["read"] + data["write"] + data["timeout"]
    return {
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50_ms": data["p50_us"] / 1000,
        "p99_ms": data["p99_us"] / 1000,
        "errors": errors,
        "requests": data["requests"],
    }


def machine() -> str:
    cpus = os.cpu_count()
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        model = "unknown CPU"
    return f"{cpus} CPUs ({model}), load average {os.getloadavg()[0]:.1f}"
