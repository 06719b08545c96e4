#!/usr/bin/env bash
# `make run-prod`: the production configuration on this machine. gunicorn, the task worker (django-tasks-db's
# db_worker) and the scheduler (periodic jobs) against PostgreSQL and Redis, with LMS_MODE=production.
#
# Defaults (override any of them in the environment):
#   DATABASE_URL  postgres://postgres@127.0.0.1:5432/hocvuso   (the database is created when missing)
#   REDIS_URL     redis://127.0.0.1:6379/0                     (cache, sessions, anonymous page cache)
#   HOST, PORT    127.0.0.1, 8000;  WEB_CONCURRENCY (gunicorn workers), TASK_WORKERS (db_worker processes): 3, 1
#   SECRET_KEY, CERT_SIGNING_KEY(_FILE): generated once under var/ when unset (a real deployment sets them)
#   SECURE_SSL_REDIRECT   false here (plain HTTP on loopback); behind a TLS proxy leave it on
#   LOAD_DEMO     1: load the demo content when the database has no course yet
# Steps: create the database if missing, migrate, compile translations, collectstatic (hashed, compressed),
# demo content if empty, then start the three processes; Ctrl-C (or SIGTERM) stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
VAR="${LMS_VAR_DIR:-var}"
mkdir -p "$VAR/keys"

export LMS_MODE=production
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hocvuso}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export BASE_URL="${BASE_URL:-http://$HOST:$PORT}"
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-false}"
export TASKS_BACKEND="${TASKS_BACKEND:-database}"
if [ -z "${SECRET_KEY:-}" ]; then
  [ -s "$VAR/prod_secret_key" ] || (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(64))' >"$VAR/prod_secret_key")
  SECRET_KEY="$(cat "$VAR/prod_secret_key")"
  export SECRET_KEY
fi
if [ -z "${CERT_SIGNING_KEY:-}" ] && [ -z "${CERT_SIGNING_KEY_FILE:-}" ]; then
  key="$VAR/keys/prod_signing_key"
  [ -s "$key" ] || (umask 077 && "$PY" -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())' >"$key")
  export CERT_SIGNING_KEY_FILE="$key"
fi

echo "Preparing the database ($DATABASE_URL)…"
"$PY" - <<'PYEOF'
import os

import dj_database_url
import psycopg
from psycopg import sql

db = dj_database_url.parse(os.environ["DATABASE_URL"])
params = {"host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"] or None,
          "password": db["PASSWORD"] or None, "dbname": "postgres"}
with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
        print(f"Created database {db['NAME']}")
PYEOF
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py compile_translations -v0
"$PY" manage.py collectstatic --noinput -v0
if [ "${LOAD_DEMO:-1}" = "1" ] && [ "$("$PY" manage.py shell -c 'from courses.models import CoursePage; print(CoursePage.objects.exists())' | tail -n1)" = "False" ]; then
  echo "Loading the demo content…"
  "$PY" manage.py load_demo
fi

pids=()
stop() { trap - EXIT INT TERM; kill "${pids[@]}" 2>/dev/null || true; wait || true; }
trap stop EXIT INT TERM
for n in $(seq 1 "${TASK_WORKERS:-1}"); do
  "$PY" manage.py db_worker --queue-name '*' --interval 1 --worker-id "$(hostname)-$$-$n" & pids+=($!)
done
"$PY" manage.py run_scheduler & pids+=($!)
echo "Serving Học vụ số (production configuration) on http://$HOST:$PORT/"
.venv/bin/gunicorn lms.wsgi:application --config gunicorn.conf.py --bind "$HOST:$PORT" & pids+=($!)
wait -n "${pids[@]}"  # one process ended: stop the others (the trap) and report failure
exit 1
