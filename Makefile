# Wingman: two commands on a fresh machine.
#   make run   - set everything up and serve the demo service on SQLite, as an install would run
#   make dev   - the same data, served by Django's development server with debug pages on
#   make test  - set everything up (PostgreSQL, Chromium, Python packages) and run the whole suite

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: run dev serve-setup test lint check venv runtime static system-test-deps lock clean

## Python environment: .venv with what the service needs to run (requirements.lock); `venv`
## adds the development and test tools (requirements-dev.lock). Each lock reinstalls on change.
## Bytecode is compiled at install: the service and the evaluation command start without
## recompiling numpy, pandas and scipy each time (PYTHONDONTWRITEBYTECODE may be set).
$(VENV)/.runtime: requirements.lock pyproject.toml
	@python=$$(scripts/find-python) && \
	  if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then \
	    rm -rf $(VENV) && $$python -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -r requirements.lock
	$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e .
	touch $@

$(VENV)/.dev: requirements-dev.lock $(VENV)/.runtime
	$(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -r requirements-dev.lock
	touch $@

runtime: $(VENV)/.runtime
venv: $(VENV)/.dev

## Front-end assets: GOV.UK Frontend from npm, copied beside our own static files.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

wingman/static/vendor/govuk/.installed: node_modules/.installed scripts/vendor-govuk
	scripts/vendor-govuk node_modules/govuk-frontend/dist/govuk wingman/static/vendor/govuk
	touch $@

static: wingman/static/vendor/govuk/.installed

## The demo's database and sign-ins, shared by `make run` and `make dev`.
serve-setup: runtime static
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py schedule_monthly_reports
	$(PY) manage.py demo_sign_in_help

## gunicorn (threads in two processes), debug off, static files collected and served by whitenoise;
## the background worker (django-tasks-db) started beside it by gunicorn's master (config/gunicorn.py).
run: export DJANGO_SETTINGS_MODULE := config.settings.demo
run: export WINGMAN_WORKER_BESIDE := 1
run: serve-setup var/static/staticfiles.json
	exec $(VENV)/bin/gunicorn -c config/gunicorn.py config.wsgi

## Static files collected for gunicorn (hashed names, compressed); again when a source changes.
var/static/staticfiles.json: $(VENV)/.runtime wingman/static/vendor/govuk/.installed \
  $(shell find wingman/static -type f -not -path '*/vendor/*' 2>/dev/null)
	DJANGO_SETTINGS_MODULE=config.settings.demo $(PY) manage.py collectstatic --noinput -v 0

## Django's development server: debug pages, code reloaded on change. Not for real data.
dev: export DJANGO_SETTINGS_MODULE := config.settings.dev
dev: serve-setup
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

## Debian packages the tests need: a PostgreSQL server, Chromium, poppler (PDF checks).
system-test-deps:
	@missing=""; \
	  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	  [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	  command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-upgrade $$missing >/dev/null; \
	  fi

lint: venv
	mkdir -p var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DATABASE_URL=sqlite:///:memory: DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check --fail-level WARNING
	DATABASE_URL=sqlite:///:memory: DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy wingman config
	env -u DJANGO_ALLOW_ASYNC_UNSAFE DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=check-deploy-$$(head -c 64 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9') \
	  WINGMAN_AUDIT_CHAIN_KEY=check-deploy-$$(head -c 48 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9') \
	  DJANGO_ALLOWED_HOSTS=wingman.example.org DATABASE_URL=sqlite:///:memory: \
	  $(PY) manage.py check --deploy --fail-level WARNING

test: venv static system-test-deps
	scripts/test-all

## Regenerate both locks after changing dependencies in pyproject.toml: the runtime's, then the
## development one, held to the runtime's versions.
lock: venv
	$(VENV)/bin/uv pip compile --quiet --python $(PY) pyproject.toml -o requirements.lock
	$(VENV)/bin/uv pip compile --quiet --python $(PY) --extra dev pyproject.toml \
	  -c requirements.lock -o requirements-dev.lock

clean:
	rm -rf $(VENV) node_modules wingman/static/vendor var/*.sqlite3* var/documents var/static staticfiles
