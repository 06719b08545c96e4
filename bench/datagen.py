"""Bench data on Moodle's size ladder (1k, 10k, 100k, 1M learners) in PostgreSQL, written with COPY.

    .venv/bin/python bench/datagen.py --learners 100000 [--database-url postgres://…/benchdata_100k] [--reset]

    # from another bench script
    import datagen
    info = datagen.ensure_dataset("postgres://postgres@127.0.0.1:5432/benchdata_10k", learners=10_000)

What it writes (on top of ``migrate`` and ``load_demo``: courses, the demo province, the standard tests):

- a bench province ``P-BENCH`` (*Tỉnh Thử Tải*) with ``communes`` communes/wards (one per 2,000 learners, 4 to
  120) and four units under each (an agency, a school, an enterprise, a residential group), created with
  treebeard's path arithmetic (``Unit._get_path``) and ``bulk_create``;
- ``learners`` accounts placed as the roster import places them (``roster.place_fields``: province and
  commune always, ``unit`` for the 60% who belong to an agency, school…), with a population group that fits
  their unit, a Vietnamese name, an email (``bench0000001@example.vn``) and for one in four a phone number;
- enrolments in 0-3 of the demo courses (55% of them completed), and closed standard-test attempts (the test
  of the learner's group; about 70% took it, 20% of those failed once before) with a result shaped like
  ``demo.reporting._result`` (six area levels), spread over the last 70 days;
- a valid certificate for half of the passed tests (serials with a correct check symbol).

Rows are generated from a fixed seed (the same data every time) and written with ``COPY … FROM STDIN`` in one
transaction, ids taken from a block reserved on each table's sequence, without the per-row foreign-key triggers
(``session_replication_role = replica``: the bench role must be a superuser, as ``postgres`` on loopback is). A marker table (``bench_dataset``)
records what was written: a second run with the same size does nothing; another size, or ``--reset``,
deletes the earlier bench rows first. 1M learners take a few minutes on two cores. Use databases named
``benchdata_*``: the default database is ``benchdata_<size>`` (``benchdata_1k`` … ``benchdata_1m``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
PROVINCE_CODE = "P-BENCH"
MANAGER_EMAIL = "bench-manager@example.vn"
SEED = "benchdata-2026"
SPREAD_DAYS = 70
MARKER_VERSION = 1
UNIT_KINDS = (("A", "agency", "UBND"), ("S", "school", "Trường THCS"), ("E", "enterprise", "HTX"),
              ("R", "residential", "Tổ dân phố"))
GROUPS_OF_KIND = {  # population groups that live in a unit of this kind, with weights
    "commune": {"adult": 6, "youth": 2, "farmer": 2, "union": 1},
    "agency": {"civil-servant": 8, "leader": 2, "union": 1},
    "school": {"student": 8, "teacher": 2},
    "enterprise": {"worker": 6, "union": 2, "youth": 1},
    "residential": {"adult": 6, "farmer": 2, "youth": 1},
}
CIVIL_SERVANT_TEST = ("civil-servant", "leader", "teacher")
FAMILY = ["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 2 + ["Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương",
                                                         "Lý", "Hà", "Ma", "Nông", "Triệu"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh", "Hữu", "Hồng", "Xuân", "Phương"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiền", "Hoa", "Hùng", "Huy", "Hương",
         "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quân", "Quỳnh", "Sơn", "Tâm",
         "Thảo", "Thắng", "Trang", "Tuấn", "Vân", "Yến"]
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}


def size_name(learners: int) -> str:
    for name, value in SIZES.items():
        if value == learners:
            return name
    return str(learners)


def default_url(learners: int) -> str:
    return f"{PG_SERVER}benchdata_{size_name(learners)}"


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in ``url`` when it is missing."""
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(database_url: str) -> None:
    """Start Django on ``database_url`` (once per process; a second call must name the same database)."""
    import django
    from django.conf import settings

    if settings.configured:
        from django.db import connection

        wanted = database_url.rsplit("/", 1)[1].split("?")[0]
        if connection.settings_dict["NAME"] != wanted:
            raise RuntimeError(f"Django already runs on {connection.settings_dict['NAME']}, not {wanted}")
        return
    # Keep bench/ off sys.path: bench/certificates.py would hide the certificates app.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    sys.modules.pop("certificates", None)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ.setdefault("DB_CONN_MAX_AGE", "60")  # persistent connections, as in production
    for name in ("TESTING", "DEBUG"):
        os.environ.pop(name, None)
    django.setup()


def _marker(cur) -> dict | None:
    cur.execute("CREATE TABLE IF NOT EXISTS bench_dataset (id int PRIMARY KEY, info jsonb NOT NULL)")
    cur.execute("SELECT info FROM bench_dataset WHERE id = 1")
    row = cur.fetchone()
    return row[0] if row else None


def _reserve(cur, table: str, count: int) -> int:
    """Reserve ``count`` ids on ``table``'s sequence; returns the first one."""
    cur.execute(f"SELECT pg_get_serial_sequence('{table}', 'id')")
    seq = cur.fetchone()[0]
    cur.execute(f"SELECT GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), "
                f"(SELECT last_value FROM {seq})) + 1")
    first = cur.fetchone()[0]
    cur.execute("SELECT setval(%s, %s)", [seq, first + max(count, 1) - 1])
    return first


def _delete_bench_rows(cur, info: dict) -> None:
    low, high = info["user_ids"]
    for table, column in (("certificates_certificate", "user_id"), ("quizzes_attempt", "user_id"),
                          ("courses_enrollment", "user_id"), ("organisations_managerassignment", "user_id"),
                          ("accounts_user_groups", "user_id"), ("account_emailaddress", "user_id")):
        cur.execute(f"DELETE FROM {table} WHERE {column} BETWEEN %s AND %s", [low, high])
    cur.execute("DELETE FROM accounts_user WHERE id BETWEEN %s AND %s OR email = %s", [low, high, MANAGER_EMAIL])
    cur.execute("DELETE FROM organisations_unit WHERE path LIKE %s", [info["province_path"] + "%"])
    cur.execute("DELETE FROM bench_dataset")


def _units(communes: int) -> tuple[object, list]:
    """The bench province and its subtree (created with treebeard's path arithmetic); returns (province, leaves)
    where each leaf is (unit, kind, commune)."""
    from lms.organisations.models import Unit

    province = Unit.add_root(code=PROVINCE_CODE, name="Tỉnh Thử Tải", name_en="Load Test Province",
                             kind=Unit.Kind.PROVINCE)
    rows = []
    for c in range(communes):
        commune_path = Unit._get_path(province.path, 2, c + 1)
        rows.append(Unit(path=commune_path, depth=2, numchild=len(UNIT_KINDS), code=f"C-BENCH-{c + 1:04d}",
                         name=f"{'Phường' if c % 3 == 0 else 'Xã'} Thử Tải {c + 1}", kind=Unit.Kind.COMMUNE))
        for k, (prefix, kind, label) in enumerate(UNIT_KINDS):
            rows.append(Unit(path=Unit._get_path(commune_path, 3, k + 1), depth=3, numchild=0,
                             code=f"{prefix}-BENCH-{c + 1:04d}", name=f"{label} Thử Tải {c + 1}", kind=kind))
    Unit.objects.bulk_create(rows, batch_size=1000)
    Unit.objects.filter(pk=province.pk).update(numchild=communes)
    province.refresh_from_db()
    made = {u.path: u for u in Unit.objects.filter(path__startswith=province.path, depth__gt=1)}
    leaves = []
    for path, unit in sorted(made.items()):
        commune = unit if unit.depth == 2 else made[path[: Unit.steplen * 2]]
        leaves.append((unit, unit.kind, commune))
    return province, leaves


def _serial(rng: random.Random, seen: set) -> str:
    from certificates.serials import _BLIND_PAIRS, ALPHABET, RANDOM_LENGTH, check_symbol

    while True:
        payload = "".join(rng.choices(ALPHABET, k=RANDOM_LENGTH))
        serial = payload + check_symbol(payload)
        if serial not in seen and not any(pair in serial for pair in _BLIND_PAIRS):
            seen.add(serial)
            return serial


def _result_json(score: float, passed: bool, framework_code: str, version: str, cache: dict) -> str:
    key = (score, passed)
    if key not in cache:
        from demo.reporting import _result

        cache[key] = json.dumps(_result(score, passed, framework_code, version), ensure_ascii=False)
    return cache[key]


def generate(database_url: str, learners: int, *, verbose: bool = True) -> dict:
    """Write the bench province and ``learners`` learners with their results (one transaction)."""
    import uuid

    import psycopg
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Locale

    from courses.models import CoursePage
    from demo.bank import ADULT_SLUG, CIVIL_SERVANT_SLUG
    from lms.organisations.models import ManagerAssignment, PopulationGroup
    from quizzes.models import Assessment

    started = time.monotonic()

    def say(text):
        if verbose:
            print(f"  [{time.monotonic() - started:6.1f}s] {text}", flush=True)

    groups = {g.code: g.pk for g in PopulationGroup.objects.all()}
    tests = {"cs": Assessment.objects.select_related("framework").get(slug=CIVIL_SERVANT_SLUG),
             "adult": Assessment.objects.select_related("framework").get(slug=ADULT_SLUG)}
    courses = list(CoursePage.objects.live().filter(locale=Locale.get_default()).order_by("path"))
    communes = max(4, min(120, learners // 2000))
    with transaction.atomic():
        province, leaves = _units(communes)
        say(f"{len(leaves) + 1} units under {province.code} ({province.path})")
        from django.contrib.auth.hashers import make_password

        from lms.accounts.models import User

        manager = User.objects.create(email=MANAGER_EMAIL, full_name="Quản lý Thử Tải",
                                      password=make_password(None))
        from django.contrib.auth.models import Permission

        manager.user_permissions.add(Permission.objects.get(codename="view_unit_reports"))
        ManagerAssignment.objects.create(user=manager, unit=province)
    rng = random.Random(SEED)
    now = timezone.now().replace(microsecond=0)
    info = {"version": MARKER_VERSION, "learners": learners, "province": province.code,
            "province_id": province.pk, "province_path": province.path, "communes": communes,
            "manager": MANAGER_EMAIL, "created": now.isoformat()}
    dsn = database_url
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute("SET synchronous_commit = off")
        # No per-row foreign-key triggers (Django's constraints are deferred: checking millions of rows at COMMIT
        # took longer than the COPY); the rows are consistent by construction. Needs a superuser, as on the
        # bench server (postgres on loopback).
        cur.execute("SET session_replication_role = replica")
        first_user = _reserve(cur, "accounts_user", learners)
        info["user_ids"] = [first_user, first_user + learners - 1]
        # Plan every learner first (cheap), then COPY table by table.
        leaf_weights = [3 if kind == "commune" else 2 if kind in ("agency", "residential") else 1
                        for _unit, kind, _commune in leaves]
        placed = rng.choices(range(len(leaves)), weights=leaf_weights, k=learners)
        group_choice = {kind: (list(w), list(w.values())) for kind, w in GROUPS_OF_KIND.items()}
        users_cols = ("id", "password", "last_login", "is_superuser", "first_name", "last_name", "is_staff",
                      "is_active", "date_joined", "email", "full_name", "phone", "birth_year", "commune_id",
                      "population_group_id", "province_id", "unit_id", "phone_verified")
        person_group = [None] * learners
        with cur.copy(f"COPY accounts_user ({', '.join(users_cols)}) FROM STDIN") as copy:
            for i in range(learners):
                uid = first_user + i
                unit, kind, commune = leaves[placed[i]]
                names, weights = group_choice[kind]
                group = rng.choices(names, weights=weights)[0]
                person_group[i] = group
                phone = f"+8490{uid % 10_000_000:07d}" if i % 4 == 0 else None
                copy.write_row((
                    uid, "!bench", None, False, "", "", False, True,
                    now - dt.timedelta(days=SPREAD_DAYS + 20, seconds=i), f"bench{uid:08d}@example.vn",
                    f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}", phone,
                    rng.randint(1955, 2008), commune.pk, groups.get(group), province.pk,
                    None if kind == "commune" else unit.pk, phone is not None,
                ))
        say(f"{learners} learners")

        # Attempts: the standard test of the learner's group; 70% took it, 20% of those failed once first.
        first_attempt = _reserve(cur, "quizzes_attempt", int(learners * 0.9) + 10)
        attempt_cols = ("id", "state", "started_at", "deadline", "closed_at", "framework_code", "framework_version",
                        "pass_mark", "area_pass_marks", "review_policy", "score", "passed", "result",
                        "assessment_id", "user_id", "assessment_rules", "review_after")
        results: dict = {}
        passed_attempts = []  # (user id, test, attempt id, score, closed_at)
        aid = first_attempt
        with cur.copy(f"COPY quizzes_attempt ({', '.join(attempt_cols)}) FROM STDIN") as copy:
            for i in range(learners):
                if rng.random() >= 0.7:
                    continue
                test = tests["cs"] if person_group[i] in CIVIL_SERVANT_TEST else tests["adult"]
                framework = test.framework
                day = rng.uniform(1, SPREAD_DAYS)
                plan = []
                if rng.random() < 0.2:  # failed once, a few days before
                    low_score = round(rng.uniform(20, float(test.pass_mark) - 5) * 2) / 2
                    plan.append((min(day + rng.uniform(3, 14), SPREAD_DAYS), low_score))
                plan.append((day, round(rng.triangular(30, 98, 74) * 2) / 2))
                for days, score in plan:
                    closed = now - dt.timedelta(days=days)
                    passed = score >= float(test.pass_mark)
                    copy.write_row((
                        aid, "submitted", closed - dt.timedelta(minutes=25), None, closed, framework.code,
                        framework.version, test.pass_mark, "{}", test.review_policy, score, passed,
                        _result_json(score, passed, framework.code, framework.version, results),
                        test.pk, first_user + i, "{}", "at_once",
                    ))
                    if passed:
                        passed_attempts.append((first_user + i, test, aid, score, closed))
                    aid += 1
        info["attempts"] = aid - first_attempt
        say(f"{info['attempts']} attempts")

        first_enrol = _reserve(cur, "courses_enrollment", learners * 3)
        eid = first_enrol
        completed_courses = []
        with cur.copy("COPY courses_enrollment (id, enrolled_at, last_activity_at, completed_at, course_id, user_id, "
                      "last_lesson_id) FROM STDIN") as copy:
            for i in range(learners):
                for course in courses[: rng.choice((0, 1, 1, 2, 2, 3))]:
                    enrolled = now - dt.timedelta(days=rng.uniform(7, SPREAD_DAYS))
                    completed = None
                    if rng.random() < 0.55:
                        completed = enrolled + dt.timedelta(days=rng.uniform(0.5, 6))
                        completed_courses.append((first_user + i, course, completed))
                    copy.write_row((eid, enrolled, completed or enrolled, completed, course.pk, first_user + i, None))
                    eid += 1
        info["enrollments"] = eid - first_enrol
        say(f"{info['enrollments']} enrolments")

        # Certificates: half of the passed tests.
        certified: set = set()
        chosen = []
        for attempt in passed_attempts:
            if attempt[0] not in certified and rng.random() < 0.5:
                certified.add(attempt[0])
                chosen.append(attempt)
        first_cert = _reserve(cur, "certificates_certificate", len(chosen))
        seen: set = set()
        cert_cols = ("id", "serial", "subject_id", "kind", "achievement_key", "learner_name", "achievement_title",
                     "achievement_title_en", "competences", "score", "issuing_body", "framework_code",
                     "framework_version", "issued_at", "valid_until", "status", "revoked_at", "revocation_reason",
                     "pdf", "assessment_id", "attempt_id", "course_id", "revoked_by_id", "user_id", "template_id",
                     "replaced_by_id", "name_withheld")
        with cur.copy(f"COPY certificates_certificate ({', '.join(cert_cols)}) FROM STDIN") as copy:
            for n, (user_id, test, attempt_id, score, closed) in enumerate(chosen):
                copy.write_row((
                    first_cert + n, _serial(rng, seen), uuid.UUID(int=rng.getrandbits(128), version=4), "assessment",
                    str(test.pk), "Học viên Thử Tải", test.title, "", "[]", score, "Bộ Giáo dục và Đào tạo",
                    test.framework.code, test.framework.version, closed, None, "valid", None, "", "", test.pk,
                    attempt_id, None, None, user_id, None, None, False,
                ))
        info["certificates"] = len(chosen)
        say(f"{len(chosen)} certificates")
        cur.execute("INSERT INTO bench_dataset (id, info) VALUES (1, %s)", [json.dumps(info)])
        conn.commit()
    connection.close()
    with psycopg.connect(dsn, autocommit=True) as conn:
        for table in ("accounts_user", "quizzes_attempt", "courses_enrollment", "certificates_certificate",
                      "organisations_unit"):
            conn.execute(f"VACUUM ANALYZE {table}")
    say("vacuum analyze")
    from reporting.rollups import reconcile  # the rows above were COPYed (no signals): build the counters once

    reconcile(rebuild=True)
    with psycopg.connect(dsn, autocommit=True) as conn:
        for table in ("reporting_grouptally", "reporting_itemtally", "reporting_daytally", "reporting_learnertally"):
            conn.execute(f"VACUUM ANALYZE {table}")
    say("dashboard counters (reporting.rollups)")
    info["seconds"] = round(time.monotonic() - started, 1)
    return info


def ensure_dataset(database_url: str | None = None, *, learners: int = 10_000, reset: bool = False,
                   verbose: bool = True) -> dict:
    """The bench dataset of ``learners`` learners in ``database_url`` (created, migrated and loaded when
    missing). Returns the marker: learners, province code/id/path, manager email, user id range, counts."""
    database_url = database_url or default_url(learners)
    ensure_database(database_url)
    setup_django(database_url)
    import psycopg
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    with psycopg.connect(database_url) as conn, conn.cursor() as cur:
        info = _marker(cur)
        conn.commit()
        if info and not reset and info.get("learners") == learners and info.get("version") == MARKER_VERSION:
            return info
        if info:
            if verbose:
                print(f"  deleting the earlier bench data ({info.get('learners')} learners)", flush=True)
            _delete_bench_rows(cur, info)
            conn.commit()
    from courses.models import CoursePage
    from lms.organisations.models import Unit

    if not CoursePage.objects.exists() or not Unit.objects.filter(code="P-TN").exists():
        if verbose:
            print("  load_demo (courses, units, question bank, standard tests)", flush=True)
        call_command("load_demo", verbosity=0)
    from lms.accounts.models import User

    # What a run that failed half-way left (the units and manager are written before the COPY transaction).
    User.objects.filter(email=MANAGER_EMAIL).delete()
    for root in Unit.objects.filter(code=PROVINCE_CODE):
        Unit.objects.filter(path__startswith=root.path).delete()
    return generate(database_url, learners, verbose=verbose)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=10_000, help="1000, 10000, 100000 or 1000000 (default 10000)")
    parser.add_argument("--database-url", default=None, help="default: benchdata_<size> on 127.0.0.1")
    parser.add_argument("--reset", action="store_true", help="delete the bench rows and generate them again")
    args = parser.parse_args(argv)
    info = ensure_dataset(args.database_url, learners=args.learners, reset=args.reset)
    print(json.dumps(info, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
