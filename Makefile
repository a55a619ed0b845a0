# Two commands matter: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
.DEFAULT_GOAL := run

# python3.12 may be a pyenv shim that fails when 3.12 is not the selected version, so try each candidate.
PYTHON312 := $(shell for p in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12; do \
	if $$p -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null; then echo $$p; break; fi; done)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

$(PY):
	@test -n "$(PYTHON312)" || { echo "Python 3.12 is needed: install python3.12 and try again." >&2; exit 1; }
	$(PYTHON312) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

.PHONY: install install-dev migrate demo run test lint format check clean
install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	@mkdir -p var
	$(MANAGE) migrate --no-input

demo: migrate
	$(MANAGE) load_demo_content --hostname $(HOST) --port $(PORT)
	$(MANAGE) create_dev_superuser

run: demo
	$(MANAGE) runserver $(HOST):$(PORT)

test: install-dev
	$(PY) -m pytest

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check $$(git ls-files '*.html')

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml $$(git ls-files '*.html')

check: install-dev
	@mkdir -p var  # the SQLite database's folder: system checks open a connection
	DJANGO_SETTINGS_MODULE=clinic_site.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=clinic_site.settings.test $(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var static_collected test-artifacts
