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
# Seconds between runs of publish_scheduled beside the dev server (go-live and expiry dates).
PUBLISH_EVERY ?= 60
WEB_CONCURRENCY ?= 2
# make serve: production settings on loopback. The throwaway secret lives in git-ignored var/;
# HTTPS redirects are off because nothing terminates TLS in front of a local server.
PROD_ENV := DJANGO_SETTINGS_MODULE=clinic_site.settings.production \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-false}" \
	DJANGO_SECURE_COOKIES="$${DJANGO_SECURE_COOKIES:-false}"

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

.PHONY: install install-dev migrate demo run serve serve-varnish serve-tls collectstatic bench bench-compare bench-purge bench-varnish soak wrk test lint format check clean
install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	@mkdir -p var
	$(MANAGE) migrate --no-input

demo: migrate
	$(MANAGE) load_demo_content --hostname $(HOST) --port $(PORT) --with-demo-users
	$(MANAGE) create_dev_superuser

# The dev server, with publish_scheduled every PUBLISH_EVERY seconds in the background; the loop is
# stopped when the server stops (Ctrl-C or any exit).
run: demo
	@( while sleep $(PUBLISH_EVERY); do $(MANAGE) publish_scheduled >/dev/null || echo "publish_scheduled failed" >&2; done ) & \
	loop=$$!; trap 'kill $$loop 2>/dev/null' EXIT INT TERM; \
	echo "Publishing scheduled pages every $(PUBLISH_EVERY)s (publish_scheduled, pid $$loop)"; \
	WAGTAILADMIN_BASE_URL="$${WAGTAILADMIN_BASE_URL:-http://$(HOST):$(PORT)}" $(MANAGE) runserver $(HOST):$(PORT)

var/secret_key:
	@mkdir -p var
	@umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

collectstatic: install var/secret_key
	$(PROD_ENV) $(MANAGE) collectstatic --no-input -v0

serve: demo collectstatic
	$(PROD_ENV) $(VENV)/bin/gunicorn clinic_site.wsgi --bind $(HOST):$(PORT) --workers $(WEB_CONCURRENCY)

# Varnish (deploy/varnish) on VARNISH_PORT in front of `make serve`: Varnish keeps only what the page cache
# may, so REDIS_URL is required. The app trusts one proxy (Varnish) for the reader's address and purges
# Varnish on every change. More app nodes: start them with `make serve PORT=…` and list every node in
# VARNISH_BACKENDS (README, "Varnish").
VARNISH_PORT ?= 6081
serve-varnish: demo collectstatic
	@command -v varnishd >/dev/null || { echo "varnishd not found: apt-get install varnish varnish-modules" >&2; exit 1; }
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL: Varnish caches only what the page cache may keep." >&2; exit 1; }
	@$(PROD_ENV) DJANGO_TRUSTED_PROXY_COUNT="$${DJANGO_TRUSTED_PROXY_COUNT:-1}" \
		VARNISH_URL="$${VARNISH_URL:-http://$(HOST):$(VARNISH_PORT)}" \
		$(VENV)/bin/gunicorn clinic_site.wsgi --bind $(HOST):$(PORT) --workers $(WEB_CONCURRENCY) & app=$$!; \
	trap 'kill $$app 2>/dev/null' EXIT INT TERM; \
	echo "Varnish on http://$(HOST):$(VARNISH_PORT)/ in front of the app on $(HOST):$(PORT) (gunicorn pid $$app)"; \
	VARNISH_BACKENDS="$${VARNISH_BACKENDS:-$(HOST):$(PORT)}" VARNISH_LISTEN="$(HOST):$(VARNISH_PORT)" deploy/varnish/run

# nginx terminating TLS (self-signed unless TLS_CERT and TLS_KEY are set) at https://TLS_LISTEN/, in front
# of UPSTREAM: Varnish from `make serve-varnish` by default, or `make serve` with UPSTREAM=127.0.0.1:8000.
# With MEDIA_STORAGE=s3 it proxies /media/images/ to the bucket. Runs in the foreground, no root needed.
TLS_PREFIX ?= var/nginx
serve-tls: install
	@command -v nginx >/dev/null || PATH="$$PATH:/usr/sbin" command -v nginx >/dev/null || \
		{ echo "nginx is needed: apt-get install nginx-light (or nginx)" >&2; exit 1; }
	@$(PY) deploy/nginx/render.py $(TLS_PREFIX) >/dev/null
	@echo "https://$${TLS_LISTEN:-127.0.0.1:8443}/ -> $${UPSTREAM:-127.0.0.1:6081} (config $(TLS_PREFIX)/nginx.conf)"
	PATH="$$PATH:/usr/sbin" exec nginx -p $(abspath $(TLS_PREFIX)) -c $(abspath $(TLS_PREFIX))/nginx.conf \
		-e $(abspath $(TLS_PREFIX))/error.log -g 'daemon off;'

# wrk drives the benchmark; without it (and without apt) bench falls back to a bounded Python client.
wrk:
	@command -v wrk >/dev/null || (command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
		apt-get install -y -qq wrk >/dev/null) || echo "wrk not available: using the Python load client"

bench: install var/secret_key wrk
	$(PY) -m bench.run

# Uncached pages side by side with a wagtail/bakerydemo checkout that has its own .venv (docs/performance.md).
bench-compare: install var/secret_key wrk
	@test -n "$(BAKERYDEMO)" || { echo "Give the bakerydemo checkout: make bench-compare BAKERYDEMO=/path/to/bakerydemo" >&2; exit 2; }
	$(PY) -m bench.compare_bakerydemo $(BAKERYDEMO)

# Exact purging against purging everything, in process on its own SQLite database (docs/performance.md).
bench-purge: install-dev
	$(PY) -m bench.purge

# An article from Varnish against nginx serving the same bytes (bench/varnish.py; needs Redis, varnish, nginx).
bench-varnish: install var/secret_key wrk
	$(PY) -m bench.varnish

soak: install var/secret_key wrk
	$(PY) -m bench.soak

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
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=clinic_site.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=clinic_site.settings.test $(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var static_collected test-artifacts
