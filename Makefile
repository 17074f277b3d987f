# TrustBeat: `make run` (demo on SQLite) and `make test` (the whole suite). See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench demo install install-dev clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "TrustBeat needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements/runtime.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements/runtime.txt
	@touch $@

$(VENV)/.dev: requirements/dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements/dev.txt
	@touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

demo: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo

run: demo
	@DEBUG=1 $(PY) manage.py demo_logins --url http://$(HOST):$(PORT)/
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

lint: install-dev
	$(PY) -m ruff check --no-cache .
	$(PY) -m mypy .
	$(PY) manage.py makemigrations --check --dry-run

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install-dev
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles
