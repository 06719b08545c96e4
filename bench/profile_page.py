"""Where one signed-in request goes: its SQL queries (``CaptureQueriesContext``) and a cProfile of the same
request, in-process, with the bench's production settings (the database and Redis the lesson bench prepared).

    .venv/bin/python bench/profile_page.py [--database-url …bench17_lessons] [--redis-url redis://…/14]
                                           [--path /vi/…/] [--repeat 20] [--top 30]

Run ``bench/lesson_page.py`` once first (it creates the courses and learners). Default path: the middle lesson of
the 50-lesson bench course, opened by the first bench learner after the lesson before it (a new visit).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != benchlib.BENCH_DIR] + [str(benchlib.ROOT)]
sys.modules.pop("certificates", None)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=benchlib.PG_DEFAULT + "bench17_lessons")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--path", default="")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sql", action="store_true", help="print every query")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="hvs-profile-", dir="/tmp"))
    env = benchlib.server_env(args.database_url, redis_url=args.redis_url, workdir=workdir)
    os.environ.clear()
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings"
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from courses.models import CoursePage
    from lms.accounts.models import User

    user = User.objects.get(email="bench-lesson-0@example.vn")
    course = CoursePage.objects.get(slug="bench-50-bai")
    lessons = [lesson.url for lesson in course.lessons()]
    paths = [args.path] if args.path else lessons[10:40]
    client = Client(HTTP_HOST=benchlib.HOST)
    client.force_login(user)
    client.get(lessons[9])
    other = Client(HTTP_HOST=benchlib.HOST)  # another learner opened the page before: the shared caches are warm
    other.force_login(User.objects.get(email="bench-lesson-1@example.vn"))
    other.get(paths[0])
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(paths[0])
    print(f"{paths[0]}: {response.status_code}, {len(response.content)} bytes, {len(captured)} queries")
    for n, query in enumerate(captured.captured_queries, start=1):
        print(f"  {n:2}. {query['time']}s {query['sql'][:300 if not args.sql else 5000]}")
    for path in paths[:3]:
        client.get(path)
    start, cpu = time.perf_counter(), time.process_time()
    for n in range(args.repeat):
        client.get(paths[n % len(paths)])
    print(f"per request: {(time.perf_counter() - start) / args.repeat * 1000:.1f} ms wall, "
          f"{(time.process_time() - cpu) / args.repeat * 1000:.1f} ms CPU (test client, {args.repeat} requests)")
    profile = cProfile.Profile()
    profile.enable()
    for n in range(args.repeat):
        client.get(paths[n % len(paths)])
    profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
