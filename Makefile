# Partnership CRM: `make run` to use it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1:8000
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: run setup test lint format migrations-check check clean browser-deps backup restore

$(PY):
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3-venv is missing; installing it with apt-get"; \
	  apt-get update -qq && apt-get install -y -qq python3-venv && rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.deps: $(PY) requirements.txt
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-deps: $(VENV)/.deps requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

setup: $(VENV)/.deps
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_articles --if-empty
	$(PY) manage.py demo_users

run: setup
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST)

# Headless Chromium for the browser tests (tests/browser): Debian's package, driven by the
# playwright Python package; `playwright install` is never used.
browser-deps:
	@test -x /usr/bin/chromium || { \
	  echo "chromium is missing; installing it with apt-get"; \
	  apt-get update -qq && apt-get install -y -qq chromium; }

test: $(VENV)/.dev-deps browser-deps
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(VENV)/.dev-deps
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(VENV)/.dev-deps
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Database (SQLite or PostgreSQL, from DATABASE_URL) and uploaded files in one archive.
backup: $(VENV)/.deps
	$(PY) manage.py backup $(if $(FILE),--output "$(FILE)")

restore: $(VENV)/.deps
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/crm-....tar.gz [NOINPUT=1]"; exit 2; }
	$(PY) manage.py restore "$(FILE)" $(if $(NOINPUT),--noinput)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
