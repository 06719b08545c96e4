# Học vụ số: the whole set-up is `make run` (serve the demo) and `make test` (the suite).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
HOST   ?= 127.0.0.1
WORKERS ?= 3

.PHONY: run test install install-dev migrate demo static serve chromium node lint check clean messages translations bench wrk

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable  # the embedded mode's shared cache (also made by migrate; kept for old databases)

static: install
	$(PY) manage.py compile_translations -v0
	$(PY) manage.py collectstatic --noinput -v0

demo: migrate
	$(PY) manage.py load_demo

## Serve the demo with gunicorn + whitenoise (no runserver, no DEBUG); a scheduler runs periodic jobs beside it.
## SERVED_URL: the address served, for links made without a request (certificates, mails) unless BASE_URL is set.
run: export SERVED_URL = http://$(HOST):$(PORT)
run: demo static
	@echo "Serving Học vụ số on http://$(HOST):$(PORT)/  (demo accounts: see README.md)"
	$(PY) manage.py run_scheduler & sched=$$!; \
	trap 'kill $$sched 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn lms.wsgi:application --config gunicorn.conf.py --bind $(HOST):$(PORT) --workers $(WORKERS)

## Debian's Chromium for the Playwright journeys (playwright install cannot download here).
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

## node and npm's packages (package-lock.json): the OpenID Connect provider the national identity tests run on loopback.
node_modules/.installed: package.json package-lock.json
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null)
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

node: node_modules/.installed

## ruff, then the import contracts of pyproject.toml ([tool.importlinter]): the layers and who may import whom.
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

check: install-dev
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

## The .mo catalogues from locale/*.po (only those older than their .po are compiled again).
translations: install
	$(PY) manage.py compile_translations -v0

## The whole suite: lint, Django checks, migrations up to date, unit + integration + browser tests.
## .ci/run runs two of these side by side (SQLite and PostgreSQL): it makes the shared prerequisites once first
## (install-dev, chromium, translations), and gives each run its own LMS_VAR_DIR and TMPDIR.
test: install-dev chromium node lint check translations
	TESTING=1 $(VENV)/bin/pytest $(PYTEST_ARGS)

messages: install
	$(PY) manage.py makemessages -l en -d django --ignore=.venv --ignore=var --ignore=node_modules --ignore=media --ignore=tests --ignore=certificates --ignore=courses/h5p --ignore=templates/wagtailadmin/home.html --ignore=templates/wagtailadmin/shared --ignore=templates/wagtailadmin/tables --no-obsolete
	$(PY) manage.py compile_translations

clean:
	rm -rf $(VENV) var

## --- Benchmarks (issues 7, 17 and 22; figures in docs/performance.md) ----------------------------------------------
## All six scenarios at a size that finishes within about 12 minutes: PostgreSQL on 127.0.0.1:5432 (databases
## bench13_*, created when missing), Redis DB 9 for the cache, wrk for the page scenarios, loopback only. The
## page scenarios compare every page with a minimal Django app (bench/minimal) started in the same run and print
## each ratio next to its goal.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432/
BENCH_REDIS ?= redis://127.0.0.1:6379/9

wrk:
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)

bench: install wrk
	$(PY) bench/lesson_page.py --database-url $(BENCH_PG)bench13_lessons --redis-url $(BENCH_REDIS) --runs 2 --seconds 5 --max-seconds 480
	$(PY) bench/quiz_attempt.py --database-url $(BENCH_PG)bench13_quiz --redis-url $(BENCH_REDIS) --wave 200 --think 5 --runs 1 --max-seconds 420
	$(PY) bench/exports.py --learners 10000 --runs 3
	$(PY) bench/api.py --learners 10000 --runs 3
	$(PY) bench/dashboard.py --learners 10000 --runs 5
	$(PY) -c "import sys; sys.path.insert(0, 'bench'); import benchlib; benchlib.ensure_database('$(BENCH_PG)bench13_certificates')"
	$(PY) bench/certificates.py --database-url $(BENCH_PG)bench13_certificates --renders 20 --runs 3 --bulk 30 --max-seconds 110
	$(PY) bench/assistant.py --database-url $(BENCH_PG)bench22_assistant --lessons 5000 --runs 3

## The production configuration on this machine: gunicorn + task worker (db_worker) + scheduler against PostgreSQL
## and Redis (DATABASE_URL, REDIS_URL default to loopback); creates the database, migrates, collects static files,
## loads the demo when empty. See deploy/run-prod.sh and README.md, "Production stack".
.PHONY: run-prod
run-prod: install
	HOST=$(HOST) PORT=$(PORT) WEB_CONCURRENCY=$(WORKERS) bash deploy/run-prod.sh
