"""Benchmark scenarios 1 and 2: the lesson page on gunicorn, against a bare Django view returning the same bytes
through the same middleware and the same gunicorn (``bench_server.py``), measured in the same run with wrk.

    .venv/bin/python bench/lesson_page.py [--runs 3] [--seconds 8] [--connections 32] [--learners 32]
                                          [--only 1|2] [--max-seconds 300]

1. Anonymous lesson page (cached as the site ships it; Redis DB 9 by default, ``--redis-url ''`` for the
   in-process cache): requests/s as a share of the bare view, p99 latency at ``--connections``.
2. Logged-in lesson page with progress: ``--learners`` learners in turn, each opening the next lesson of a
   50-lesson course at every request (a visit is recorded, as when reading a course): requests/s as a share
   of the bare view returning a logged-in lesson page's bytes with the same cookies; SQL queries per request for
   a course of 5 lessons and one of 50 (in-process, ``CaptureQueriesContext``), which must be equal.

PostgreSQL (``--database-url``, default ``bench13_lessons`` on 127.0.0.1, created when missing). The first run
loads the demo courses and adds two bench courses (5 and 50 lessons, each lesson a copy of the richest demo
lesson) and the learners; later runs reuse them. Each figure is the median of ``--runs`` runs; each run measures
the bare view right before the page it is compared with. Loopback only; the run stops after ``--max-seconds``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

# This folder holds bench/certificates.py: keep it off the path once benchlib is in, so that "certificates" is
# the Django app when Django starts in this process.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != benchlib.BENCH_DIR] + [str(benchlib.ROOT)]
sys.modules.pop("certificates", None)

SIZES = (5, 50)
LEARNER_EMAIL = "bench-lesson-{}@example.vn"
TARGET_ANON, TARGET_P99_MS, TARGET_LEARNER = 0.70, 50.0, 0.25


# --- data (in-process Django) ----------------------------------------------------------------------


def ensure_content() -> dict[int, object]:
    """The demo courses, plus a course of each size in ``SIZES`` (modules of 5 lessons; each lesson's body a copy
    of the demo lesson with the most blocks). Returns {size: CoursePage}; reuses what an earlier run made."""
    from django.core.management import call_command
    from wagtail.models import Locale

    from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage

    default = Locale.get_default()
    if not CourseIndexPage.objects.filter(locale=default).exists():
        call_command("load_demo", courses_only=True, verbosity=0)
    index = CourseIndexPage.objects.get(locale=default)
    demo_lessons = LessonPage.objects.live().filter(locale=default).exclude(slug__startswith="bench-")
    richest = max(demo_lessons, key=lambda page: (len(page.body.raw_data), page.pk))
    template_course = richest.course()
    courses = {}
    for size in SIZES:
        slug = f"bench-{size}-bai"
        course = CoursePage.objects.filter(slug=slug, locale=default).first()
        if course is not None and course.lessons().count() == size:
            courses[size] = course
            continue
        if course is not None:
            course.delete()
        course = index.add_child(instance=CoursePage(
            title=f"Khóa học đo hiệu năng ({size} bài)", slug=slug, summary=template_course.summary,
            description=template_course.description, topic=template_course.topic, level=template_course.level,
            cover_image=template_course.cover_image, estimated_minutes=size * 10,
        ))
        course.save_revision().publish()
        module = None
        for number in range(1, size + 1):
            if (number - 1) % 5 == 0:
                module = course.add_child(instance=ModulePage(title=f"Chương {(number + 4) // 5}",
                                                              slug=f"chuong-{(number + 4) // 5}"))
                module.save_revision().publish()
            lesson = module.add_child(instance=LessonPage(
                title=f"Bài {number}: {richest.title}", slug=f"bench-bai-{number}", summary=richest.summary,
                estimated_minutes=richest.estimated_minutes, body=richest.body.raw_data,
            ))
            lesson.save_revision().publish()
        courses[size] = CoursePage.objects.get(pk=course.pk)
    return courses


def ensure_learners(courses: dict, count: int) -> list:
    """``count`` learners enrolled in every bench course, each with the first 40% of its lessons done."""
    from courses.models import Enrollment, LessonCompletion
    from lms.accounts.models import User

    users = []
    for n in range(count):
        user, _ = User.objects.get_or_create(email=LEARNER_EMAIL.format(n),
                                             defaults={"full_name": f"Người học đo hiệu năng {n}"})
        users.append(user)
    for course in courses.values():
        lessons = list(course.lessons())
        done = lessons[: len(lessons) * 2 // 5]
        Enrollment.objects.bulk_create([Enrollment(user=u, course=course) for u in users], ignore_conflicts=True)
        LessonCompletion.objects.bulk_create(
            [LessonCompletion(user=u, lesson=lesson) for u in users for lesson in done], ignore_conflicts=True)
    return users


def session_cookies(users) -> list[str]:
    from django.conf import settings
    from django.test import Client

    cookies = []
    for user in users:
        client = Client()
        client.force_login(user)
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")
    return cookies


def cpu_costs(lesson_paths: list[str], anon_path: str, user, workdir: Path, repeat: int = 30) -> dict[str, float]:
    """CPU milliseconds per request in this process (``time.process_time``, so neither the database's time nor
    other processes on a shared machine count), through the same middleware with Django's test client: the
    cached anonymous page, a learner's next lesson, and the bare view returning each page's bytes. Their ratio
    is what the server's throughput ratio would be if the CPU of this process were the only limit."""
    import time

    from django.conf import settings
    from django.test import Client

    import bench.bench_server  # noqa: F401 - the bare views' URLs (sets ROOT_URLCONF for this process)

    anonymous, learner = Client(HTTP_HOST=benchlib.HOST), Client(HTTP_HOST=benchlib.HOST)
    learner.force_login(user)
    assert settings.ROOT_URLCONF == "bench.bench_server"
    (workdir / "anon.html").write_bytes(anonymous.get(anon_path).content)
    (workdir / "learner.html").write_bytes(learner.get(lesson_paths[1]).content)

    def cost(client, paths):
        for path in paths[:3]:
            client.get(path)  # warm
        start = time.process_time()
        for n in range(repeat):
            assert client.get(paths[n % len(paths)]).status_code == 200
        return (time.process_time() - start) / repeat * 1000

    return {
        "anon": cost(anonymous, [anon_path]),
        "bare_anon": cost(anonymous, ["/bench/bare/anon/"]),
        "learner": cost(learner, lesson_paths[2:]),
        "bare_learner": cost(learner, ["/bench/bare/learner/"]),
    }


def query_counts(courses: dict, user) -> dict[int, dict[str, int]]:
    """SQL queries of one lesson page request, by course size: a learner opening the next lesson (the visit is
    written), and an anonymous visitor (through the page cache, as served)."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # A capture reads the connection's query log when asked, and every request empties that log
    # (request_started → reset_queries): count each capture before the next request.
    counts = {}
    learner = Client(HTTP_HOST=benchlib.HOST)
    learner.force_login(user)
    anonymous = Client(HTTP_HOST=benchlib.HOST)
    for size, course in courses.items():
        lessons = list(course.lessons())
        middle = len(lessons) // 2
        learner.get(lessons[middle - 1].url)  # the previous lesson: the next request is a new visit
        reset_queries()
        with CaptureQueriesContext(connection) as logged_in:
            response = learner.get(lessons[middle].url)
        assert response.status_code == 200, response.status_code
        counts[size] = {"learner": len(logged_in)}
        anonymous.get(lessons[middle].url)
        reset_queries()
        with CaptureQueriesContext(connection) as anon:
            assert anonymous.get(lessons[middle].url).status_code == 200
        counts[size]["anonymous"] = len(anon)
    return counts


# --- measurement -----------------------------------------------------------------------------------


def pair(base, page_paths, bare_path, *, cookies, args) -> tuple[dict, dict]:
    """The bare view then the page, one wrk run each."""
    bare = benchlib.wrk(base, [bare_path], cookies=cookies, connections=args.connections, seconds=args.seconds)
    page = benchlib.wrk(base, page_paths, cookies=cookies, connections=args.connections, seconds=args.seconds)
    return bare, page


def report(name, runs, *, target, p99_target=None) -> dict:
    ratios = [page["rps"] / bare["rps"] if bare["rps"] else float("nan") for bare, page in runs]
    result = {
        "bare_rps": benchlib.median([bare["rps"] for bare, _ in runs]),
        "page_rps": benchlib.median([page["rps"] for _, page in runs]),
        "ratio": benchlib.median(ratios),
        "p50_ms": benchlib.median([page["p50_ms"] for _, page in runs]),
        "p99_ms": benchlib.median([page["p99_ms"] for _, page in runs]),
        "bare_p99_ms": benchlib.median([bare["p99_ms"] for bare, _ in runs]),
        "errors": sum(page["errors"] + bare["errors"] for bare, page in runs),
    }
    for n, ((bare, page), ratio) in enumerate(zip(runs, ratios, strict=True), start=1):
        print(f"  run {n}: bare {bare['rps']:7.1f} req/s (p99 {bare['p99_ms']:.1f} ms) · page {page['rps']:7.1f} req/s "
              f"(p50 {page['p50_ms']:.1f} ms, p99 {page['p99_ms']:.1f} ms) · ratio {ratio:.2f}")
    verdict = "met" if result["ratio"] >= target else f"MISSED by {(target - result['ratio']) * 100:.0f} points"
    print(f"{name}: {result['page_rps']:.1f} req/s vs bare view {result['bare_rps']:.1f} req/s = "
          f"{result['ratio'] * 100:.0f}% of bare (median of {len(runs)}; target >= {target * 100:.0f}%: {verdict})")
    line = f"  latency p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms (bare p99 {result['bare_p99_ms']:.1f} ms)"
    if p99_target is not None:
        line += f"; target p99 <= {p99_target:.0f} ms: " + (
            "met" if result["p99_ms"] <= p99_target else f"MISSED by {result['p99_ms'] - p99_target:.0f} ms")
    print(line)
    print(f"  errors (non-2xx/3xx or socket): {result['errors']}")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=benchlib.PG_DEFAULT + "bench13_lessons")
    parser.add_argument("--redis-url", default=benchlib.REDIS_DEFAULT, help="cache; '' for the in-process cache")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=8, help="length of one wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--learners", type=int, default=32)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3)))
    parser.add_argument("--only", choices=["1", "2"])
    parser.add_argument("--max-seconds", type=float, default=300)
    args = parser.parse_args()
    args.runs = max(1, min(args.runs, 15))
    args.learners = max(1, min(args.learners, 500))
    args.connections = max(1, min(args.connections, 256))
    budget = benchlib.Budget(args.max_seconds, "bench/lesson_page.py")
    benchlib.wrk_available()

    workdir = Path(tempfile.mkdtemp(prefix="hvs-bench-lessons-", dir="/tmp"))
    killer = None
    try:
        env = benchlib.setup_django(args.database_url, redis_url=args.redis_url or None, workdir=workdir,
                                    preparing="migrate, collectstatic, content")
        from django.conf import settings
        from django.db import connections

        courses = ensure_content()
        users = ensure_learners(courses, args.learners)
        cookies = session_cookies(users)
        counts = query_counts(courses, users[0])
        big = courses[max(SIZES)]
        lesson_paths = [lesson.url for lesson in big.lessons()]
        anon_path = lesson_paths[len(lesson_paths) // 2]
        cpu = cpu_costs(lesson_paths, anon_path, users[1], workdir)
        cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[1]
        connections.close_all()
        budget.check("starting gunicorn")

        server = benchlib.Server(env, workers=args.workers, budget=budget)
        killer = threading.Timer(max(1, budget.left()), server.stop)
        killer.start()
        with server:
            # The bytes the bare views return: this anonymous page (its first request fills the cache) and a
            # learner's page.
            status, body, headers = benchlib.fetch(server.base + anon_path)
            assert status == 200, (status, body[:300])
            status, body, headers = benchlib.fetch(server.base + anon_path)
            (workdir / "anon.html").write_bytes(body)
            status, learner_body, _ = benchlib.fetch(server.base + lesson_paths[3], cookie=cookies[0])
            assert status == 200 and b"progress" in learner_body, (status, learner_body[:300])
            (workdir / "learner.html").write_bytes(learner_body)
            print(f"Server: gunicorn, {args.workers} workers × {os.environ.get('GUNICORN_THREADS', 2)} threads, "
                  f"cache {cache}, PostgreSQL; client: wrk {benchlib.WRK_VERSION}, 1 thread, "
                  f"{args.connections} connections, {args.seconds:.0f} s per run", flush=True)
            print(f"Anonymous page {anon_path}: {len(body)} bytes, page cache: {headers.get('X-Page-Cache', 'none')} "
                  f"on the second request; logged-in page {len(learner_body)} bytes")
            for path, cookie_list in (("/bench/bare/anon/", []), (anon_path, []),
                                      ("/bench/bare/learner/", cookies), (lesson_paths[0], cookies)):
                benchlib.wrk(server.base, [path], cookies=cookie_list, connections=args.connections, seconds=2)

            results = {}
            if args.only in (None, "1"):
                runs = []
                for _ in range(args.runs):
                    budget.check("scenario 1")
                    runs.append(pair(server.base, [anon_path], "/bench/bare/anon/", cookies=[], args=args))
                print("\nScenario 1: anonymous lesson page, cached")
                results[1] = report("  cached lesson page", runs, target=TARGET_ANON, p99_target=TARGET_P99_MS)
                print(f"  CPU per request in-process: page {cpu['anon']:.2f} ms, bare view {cpu['bare_anon']:.2f} ms "
                      f"(ratio {cpu['bare_anon'] / cpu['anon']:.2f}, the throughput ratio if this CPU were the only limit)")
            if args.only in (None, "2"):
                runs = []
                for _ in range(args.runs):
                    budget.check("scenario 2")
                    runs.append(pair(server.base, lesson_paths, "/bench/bare/learner/", cookies=cookies, args=args))
                print(f"\nScenario 2: logged-in lesson page with progress ({len(cookies)} learners, "
                      f"a new lesson of the {max(SIZES)}-lesson course at each request)")
                results[2] = report("  logged-in lesson page", runs, target=TARGET_LEARNER)
                print(f"  CPU per request in-process: page {cpu['learner']:.2f} ms, bare view {cpu['bare_learner']:.2f} ms "
                      f"(ratio {cpu['bare_learner'] / cpu['learner']:.2f})")
                small, large = (counts[size]["learner"] for size in SIZES)
                verdict = "constant" if small == large else f"GROWS by {large - small}"
                print(f"  SQL queries per logged-in request: {small} ({SIZES[0]} lessons), {large} ({SIZES[1]} lessons): "
                      f"{verdict}; anonymous: {counts[SIZES[0]]['anonymous']} / {counts[SIZES[1]]['anonymous']}")
            print(f"gunicorn workers restarted during the run (max_requests recycling, crashes): {server.restarts()}")
    finally:
        if killer is not None:
            killer.cancel()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
