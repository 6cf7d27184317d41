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

.PHONY: install run test e2e lint serve messages clean

# uv itself lives in its own small virtual environment, so a fresh machine needs
# nothing but Python 3.11.
$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

# Re-sync only when the lock file changes: a second `make run` is fast.
$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

install: $(VENV)/.synced

run: install
	$(MANAGE) migrate --no-input
	$(MANAGE) load_cities4csr
	$(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(VENV)/bin/pytest -m "not e2e"

e2e: install
	$(VENV)/bin/pytest -m e2e tests/e2e

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) $(TOOLS) staticfiles .pytest_cache
