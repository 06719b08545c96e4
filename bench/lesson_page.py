"""Benchmark scenarios 1 and 2 (issues 7 and 17): the lesson page and the other pages a signed-in learner opens, on
gunicorn, against a **minimal Django app** returning the same bytes (``bench/minimal``: one middleware, one view,
no database), started by this script with the same gunicorn settings (``gunicorn.conf.py``: workers × threads) and
measured in the same run with wrk.

    .venv/bin/python bench/lesson_page.py [--runs 3] [--seconds 8] [--connections 32] [--learners 32]
                                          [--only anon,lesson,home,catalogue,course,mine] [--max-seconds 300]

Pages: the anonymous lesson (as the site ships it: the page cache; Redis DB 9 by default), then, signed in with
``--learners`` sessions in turn, the lesson (each request the learner's next lesson of a 50-lesson course, so a
visit is recorded), the home page, the catalogue, the course page and *Học tập của tôi*. For each: requests/s as
a share of the minimal app (each run measures the minimal app and the page back to back, in turn before and after it), p50/p99 latency at
``--connections``, and the SQL queries of one request with a 5-lesson and a 50-lesson course (in-process,
``CaptureQueriesContext``, after another learner opened the same page), each next to its goal. The anonymous and
signed-in lesson are also measured against a bare view inside the site (the site's middleware around the same
bytes), as in issue 7. A summary table ends the run, with the machine's load average.

PostgreSQL (``--database-url``, default ``bench13_lessons`` on 127.0.0.1, created when missing). The first run
loads the demo courses and adds two bench courses (5 and 50 lessons, each lesson a copy of the richest demo
lesson) and the learners; later runs reuse them. Loopback only; the run stops after ``--max-seconds``.
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
TARGET_LEARNER_P99_MS, TARGET_QUERIES = 250.0, 4


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


# --- measurement -----------------------------------------------------------------------------------

# (key, label, goal share of the minimal app, goal p99 in ms, goal SQL queries or None)
PAGES = [
    ("anon", "anonymous lesson (page cache)", TARGET_ANON, TARGET_P99_MS, 0),
    ("lesson", "signed-in lesson", TARGET_LEARNER, TARGET_LEARNER_P99_MS, TARGET_QUERIES),
    ("home", "signed-in home", TARGET_LEARNER, TARGET_LEARNER_P99_MS, TARGET_QUERIES),
    ("catalogue", "signed-in catalogue", TARGET_LEARNER, TARGET_LEARNER_P99_MS, TARGET_QUERIES),
    ("course", "signed-in course page", TARGET_LEARNER, TARGET_LEARNER_P99_MS, TARGET_QUERIES),
    ("mine", "signed-in Học tập của tôi", TARGET_LEARNER, TARGET_LEARNER_P99_MS, TARGET_QUERIES),
]


def page_paths(courses: dict) -> dict[str, list[str]]:
    """The URLs measured for each page of ``PAGES`` (the lesson: every lesson of the big course in turn)."""
    from django.urls import reverse

    from courses.models import CourseIndexPage, HomePage

    big = courses[max(SIZES)]
    lessons = [lesson.url for lesson in big.lessons()]
    return {
        "anon": [lessons[len(lessons) // 2]],
        "lesson": lessons,
        "home": [HomePage.objects.live().first().url],
        "catalogue": [CourseIndexPage.objects.live().filter(locale=big.locale_id).first().url],
        "course": [big.url],
        "mine": [reverse("my_learning")],
    }


def page_query_counts(courses: dict, user, other) -> dict[str, dict[int, int]]:
    """SQL queries of one signed-in request of each page, with the learner enrolled in a course of each size
    (the course page: that course; the lesson: its middle lesson, a new visit). Another learner opened each page
    just before (as is the rule with thousands of learners on the same course): what is shared is warm."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts: dict[str, dict[int, int]] = {key: {} for key, *_ in PAGES}
    learner = Client(HTTP_HOST=benchlib.HOST)
    learner.force_login(user)
    warmer = Client(HTTP_HOST=benchlib.HOST)
    warmer.force_login(other)
    for size, course in courses.items():
        paths = page_paths({max(SIZES): course})
        lessons = paths["lesson"]
        paths["lesson"] = [lessons[len(lessons) // 2]]
        learner.get(lessons[len(lessons) // 2 - 1])  # the previous lesson: the next request is a new visit
        for key, *_ in PAGES:
            client = Client(HTTP_HOST=benchlib.HOST) if key == "anon" else learner
            if key == "anon":
                client.get(paths[key][0])  # fills the page cache
            else:
                warmer.get(paths[key][0])
                learner.get(lessons[0])  # another page between: the measured one is not the learner's last
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(paths[key][0])
            assert response.status_code == 200, (key, response.status_code)
            counts[key][size] = len(captured)
    return counts


def report(key, label, runs, *, goal, p99_goal, queries, query_goal) -> dict:
    """One line per run, then the page against the minimal app with each figure next to its goal."""
    ratios = [page["rps"] / minimal["rps"] if minimal["rps"] else float("nan") for minimal, _bare, page in runs]
    result = {
        "minimal_rps": benchlib.median([m["rps"] for m, _b, _p in runs]),
        "bare_rps": benchlib.median([b["rps"] for _m, b, _p in runs if b]),
        "page_rps": benchlib.median([p["rps"] for _m, _b, p in runs]),
        "ratio": benchlib.median(ratios),
        "p50_ms": benchlib.median([p["p50_ms"] for _m, _b, p in runs]),
        "p99_ms": benchlib.median([p["p99_ms"] for _m, _b, p in runs]),
        "minimal_p99_ms": benchlib.median([m["p99_ms"] for m, _b, _p in runs]),
        "errors": sum(p["errors"] + m["errors"] for m, _b, p in runs),
        "queries": queries,
    }
    print(f"\n{label}")
    for n, ((minimal, bare, page), ratio) in enumerate(zip(runs, ratios, strict=True), start=1):
        bare_text = f" · in-project bare view {bare['rps']:7.1f}" if bare else ""
        print(f"  run {n}: minimal app {minimal['rps']:7.1f} req/s (p99 {minimal['p99_ms']:.1f} ms){bare_text} · "
              f"page {page['rps']:7.1f} req/s (p50 {page['p50_ms']:.1f} ms, p99 {page['p99_ms']:.1f} ms) · "
              f"ratio {ratio:.3f}")
    return result


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def summary(results: dict, load: tuple) -> None:
    print(f"\nSummary (medians; share of the minimal Django app measured in the same run; load average "
          f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at the end)")
    print(f"  {'page':<32} {'req/s':>8} {'minimal':>8} {'share':>7} {'goal':>6}        {'p99 ms':>8} {'goal':>5}"
          f"        {'SQL':>7} {'goal':>4}")
    for key, label, goal, p99_goal, query_goal in PAGES:
        if key not in results:
            continue
        r = results[key]
        sql = "/".join(str(r["queries"][size]) for size in SIZES)
        sql_ok = all(n <= query_goal for n in r["queries"].values()) and len(set(r["queries"].values())) == 1
        print(f"  {label:<32} {r['page_rps']:8.1f} {r['minimal_rps']:8.1f} {r['ratio'] * 100:6.1f}% "
              f">={goal * 100:3.0f}% {verdict(r['ratio'] >= goal):<6} {r['p99_ms']:8.1f} <={p99_goal:3.0f} "
              f"{verdict(r['p99_ms'] <= p99_goal):<6} {sql:>7} <={query_goal:<3} {verdict(sql_ok)}")
    print(f"  (SQL: queries of one request with a {SIZES[0]}-lesson / {SIZES[1]}-lesson course; equal = constant)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=benchlib.PG_DEFAULT + "bench13_lessons")
    parser.add_argument("--redis-url", default=benchlib.REDIS_DEFAULT, help="cache; '' for the in-process cache")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=8, help="length of one wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--learners", type=int, default=32)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3)))
    parser.add_argument("--only", help="comma-separated pages among " + ",".join(key for key, *_ in PAGES))
    parser.add_argument("--max-seconds", type=float, default=300)
    args = parser.parse_args()
    args.runs = max(1, min(args.runs, 15))
    args.learners = max(1, min(args.learners, 500))
    args.connections = max(1, min(args.connections, 256))
    wanted = [key for key, *_ in PAGES if not args.only or key in args.only.split(",")]
    budget = benchlib.Budget(args.max_seconds, "bench/lesson_page.py")
    benchlib.wrk_available()

    workdir = Path(tempfile.mkdtemp(prefix="hvs-bench-lessons-", dir="/tmp"))
    killers = []
    try:
        env = benchlib.setup_django(args.database_url, redis_url=args.redis_url or None, workdir=workdir,
                                    preparing="migrate, collectstatic, content")
        from django.conf import settings
        from django.db import connections

        courses = ensure_content()
        users = ensure_learners(courses, args.learners)
        cookies = session_cookies(users)
        counts = page_query_counts(courses, users[0], users[-1])
        paths = page_paths(courses)
        cpu = cpu_costs(paths["lesson"], paths["anon"][0], users[1], workdir)
        cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[1]
        connections.close_all()
        budget.check("starting gunicorn")

        server = benchlib.Server(env, workers=args.workers, budget=budget)
        minimal = benchlib.Server(env, workers=args.workers, budget=budget, app="bench.minimal.app:application")
        for s in (server, minimal):
            killers.append(threading.Timer(max(1, budget.left()), s.stop))
            killers[-1].start()
        with server, minimal:
            # The bytes each baseline returns: the page as this server serves it (the anonymous one from the page
            # cache, the others to the first learner).
            sizes = {}
            for key in wanted:
                cookie = None if key == "anon" else cookies[0]
                benchlib.fetch(server.base + paths[key][-1], cookie=cookie)  # the anonymous one fills the cache
                status, body, headers = benchlib.fetch(server.base + paths[key][-1], cookie=cookie)
                assert status == 200, (key, status, body[:300])
                if key != "anon":
                    assert b"/accounts/logout/" in body, (key, "not signed in")
                (workdir / f"{key}.html").write_bytes(body)
                sizes[key] = len(body)
            threads = os.environ.get("GUNICORN_THREADS", 2)
            print(f"Server and minimal app: gunicorn, {args.workers} workers × {threads} threads each, cache {cache}, "
                  f"PostgreSQL; client: wrk {benchlib.WRK_VERSION}, 1 thread, {args.connections} connections, "
                  f"{args.seconds:.0f} s per run", flush=True)
            print("Bytes per page (the minimal app returns the same): "
                  + ", ".join(f"{key} {size}" for key, size in sizes.items()))
            for key in wanted:  # warm every worker on every path
                cookie_list = [] if key == "anon" else cookies
                benchlib.wrk(minimal.base, [f"/{key}/"], cookies=cookie_list, connections=args.connections, seconds=1)
                benchlib.wrk(server.base, paths[key], cookies=cookie_list, connections=args.connections, seconds=1)

            results = {}
            for key, label, goal, p99_goal, query_goal in PAGES:
                if key not in wanted:
                    continue
                cookie_list = [] if key == "anon" else cookies
                runs = []
                for number in range(args.runs):
                    budget.check(label)
                    sides = {"minimal": (minimal.base, [f"/{key}/"]), "page": (server.base, paths[key])}
                    # The page right next to the minimal app, in turn after it and before it (A B, B A, …): this
                    # machine's capacity drifts by a factor of 2 within a minute, and a pair measured back to back
                    # in alternating order cancels a steady drift instead of charging it to one side.
                    measured = {}
                    for side in ("minimal", "page") if number % 2 == 0 else ("page", "minimal"):
                        side_base, side_paths = sides[side]
                        measured[side] = benchlib.wrk(side_base, side_paths, cookies=cookie_list,
                                                      connections=args.connections, seconds=args.seconds)
                    base, page = measured["minimal"], measured["page"]
                    bare = None
                    if key in ("anon", "lesson"):  # the site's own middleware around the same bytes
                        if key == "lesson":  # the bare learner view returns the lesson's bytes
                            (workdir / "learner.html").write_bytes((workdir / "lesson.html").read_bytes())
                        bare = benchlib.wrk(server.base, ["/bench/bare/anon/" if key == "anon" else "/bench/bare/learner/"],
                                            cookies=cookie_list, connections=args.connections, seconds=args.seconds)
                    runs.append((base, bare, page))
                results[key] = report(key, label, runs, goal=goal, p99_goal=p99_goal, queries=counts[key],
                                      query_goal=query_goal)
            if "anon" in results:
                print(f"\nCPU per request in-process (test client): anonymous cached page {cpu['anon']:.2f} ms, "
                      f"its bytes from a bare view in the site {cpu['bare_anon']:.2f} ms; signed-in lesson "
                      f"{cpu['learner']:.2f} ms, bare {cpu['bare_learner']:.2f} ms")
            summary(results, os.getloadavg())
            print(f"gunicorn workers restarted during the run (max_requests recycling, crashes): {server.restarts()}")
    finally:
        for killer in killers:
            killer.cancel()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
