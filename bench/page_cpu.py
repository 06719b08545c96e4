"""CPU and instructions of one request, in-process, through the WSGI handler (no HTTP, no gunicorn): a signed-in
page of the project against the minimal Django app (``bench/minimal/``) returning the same bytes. Each side runs in
its own process (two Django settings cannot share one).

    .venv/bin/python bench/page_cpu.py [--database-url …] [--redis-url …] [--page lesson|anon|course] [--requests 400]
    .venv/bin/python bench/page_cpu.py --callgrind [--requests 40]     # instructions (valgrind), repeatable

CPU: ``time.process_time`` over ``--requests`` requests after a warm-up (noisy on a loaded machine, but the two
sides are measured one right after the other). ``--callgrind``: each side is run under ``valgrind --tool=callgrind``
twice, with N and 2N requests; the difference divided by N is the instructions of one request, without start-up.
Run ``bench/lesson_page.py`` once first (it creates the bench courses and learners).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

HERE = Path(__file__).resolve()


def _environ(path: str, cookie: str) -> dict:
    import io

    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": benchlib.HOST,
        "SERVER_PORT": "80", "HTTP_HOST": benchlib.HOST, "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr, "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_COOKIE": cookie, "REMOTE_ADDR": "127.0.0.1",
    }


def _run(application, environs: list, count: int) -> tuple[float, int]:
    status = {}

    def start_response(code, headers, exc_info=None):
        status["code"] = code

    size = 0
    start = time.process_time()
    for n in range(count):
        environ = dict(environs[n % len(environs)])
        result = application(environ, start_response)
        size = len(b"".join(result))
        if hasattr(result, "close"):
            result.close()
    assert status["code"].startswith("200"), status
    return (time.process_time() - start) / count, size


def site_side(args) -> dict:
    """The project's page (signed in as the first bench learner), through ``lms.wsgi.application``."""
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != benchlib.BENCH_DIR] + [str(benchlib.ROOT)]
    sys.modules.pop("certificates", None)
    workdir = Path(tempfile.mkdtemp(prefix="hvs-cpu-", dir="/tmp"))
    env = benchlib.server_env(args.database_url, redis_url=args.redis_url, workdir=workdir)
    os.environ.clear()
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings"
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import Client

    from courses.models import CoursePage
    from lms.accounts.models import User

    course = CoursePage.objects.get(slug="bench-50-bai")
    # From the tree, not ``page.url``: under valgrind the site root paths' cache read may time out (url None).
    lessons = ["/" + lesson.url_path.strip("/").split("/", 1)[1] + "/" for lesson in course.lessons()]
    cookie = ""
    if args.page != "anon":
        client = Client(HTTP_HOST=benchlib.HOST)
        client.force_login(User.objects.get(email="bench-lesson-0@example.vn"))
        cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    if args.page == "lesson":
        paths = lessons[10:40]
    elif args.page == "course":
        paths = ["/" + course.url_path.strip("/").split("/", 1)[1] + "/"]
    else:
        paths = [lessons[20]]
    application = WSGIHandler()
    environs = [_environ(path, cookie) for path in paths]
    _run(application, environs, 3 * len(environs))  # warm: stored, every variant seen
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        _run(application, environs, args.requests)
        profile.disable()
        pstats.Stats(profile, stream=sys.stderr).sort_stats("tottime").print_stats(args.profile)
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(args.profile)
    per_request, size = _run(application, environs, args.requests)
    if args.save_body:
        environ = dict(environs[0])
        body = b"".join(application(environ, lambda *a, **k: None))
        Path(args.save_body).write_bytes(body)
    return {"cpu_ms": per_request * 1000, "bytes": size}


def minimal_side(args) -> dict:
    os.environ["BENCH_BODY_DIR"] = str(Path(args.save_body).parent)
    sys.path.insert(0, str(benchlib.ROOT))
    from bench.minimal.app import application

    name = Path(args.save_body).stem
    environs = [_environ(f"/{name}/", "")]
    _run(application, environs, 20)
    per_request, size = _run(application, environs, args.requests)
    return {"cpu_ms": per_request * 1000, "bytes": size}


def _side(side: str, args, requests: int, body: Path, callgrind: Path | None = None) -> dict:
    command = [sys.executable, str(HERE), "--side", side, "--requests", str(requests), "--save-body", str(body),
               "--page", args.page, "--database-url", args.database_url, "--redis-url", args.redis_url]
    if callgrind is not None:
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={callgrind}", *command]
    out = subprocess.run(command, check=False, capture_output=True, text=True, cwd=benchlib.ROOT)
    if out.returncode:
        sys.exit(f"{side} side failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if callgrind is not None:
        text = out.stderr
        found = re.search(r"Collected\s*:\s*(\d+)", text)
        result["instructions"] = int(found.group(1)) if found else None
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=benchlib.PG_DEFAULT + "bench13_lessons")
    parser.add_argument("--redis-url", default=benchlib.REDIS_DEFAULT)
    parser.add_argument("--page", default="lesson", choices=["lesson", "anon", "course"])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--callgrind", action="store_true")
    parser.add_argument("--profile", type=int, default=0, help="print a cProfile of the site side (top N)")
    parser.add_argument("--side", choices=["site", "minimal"], help=argparse.SUPPRESS)
    parser.add_argument("--save-body", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side == "site":
        print(json.dumps(site_side(args)))
        return
    if args.side == "minimal":
        print(json.dumps(minimal_side(args)))
        return
    workdir = Path(tempfile.mkdtemp(prefix="hvs-cpu-", dir="/tmp"))
    body = workdir / "page.html"
    print(f"Machine: {benchlib.machine()}")
    if args.callgrind:
        n = args.requests
        figures = {}
        for side in ("site", "minimal"):
            small = _side(side, args, n, body, workdir / f"{side}-1.out")
            large = _side(side, args, 2 * n, body, workdir / f"{side}-2.out")
            figures[side] = (large["instructions"] - small["instructions"]) / n
            print(f"  {side:8} {figures[side] / 1e6:8.2f} M instructions per request ({n} vs {2 * n} requests)")
        print(f"{args.page}: the minimal app's instructions are {figures['minimal'] / figures['site']:.1%} of the "
              f"page's (goal: the page's requests/s >= 25% of the minimal app's ~ this share >= 25%)")
        return
    for round_ in range(1, args.rounds + 1):
        site = _side("site", args, args.requests, body)
        minimal = _side("minimal", args, args.requests, body)
        print(f"  round {round_}: {args.page} {site['cpu_ms']:.3f} ms CPU ({site['bytes']} bytes) · minimal app "
              f"{minimal['cpu_ms']:.3f} ms ({minimal['bytes']} bytes) · share {minimal['cpu_ms'] / site['cpu_ms']:.1%}")
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}")


if __name__ == "__main__":
    main()
