# The same commands for people and CI. `make run` and `make test` work on a
# fresh machine: each installs what is missing first.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FRONTEND_SRC := $(shell find frontend/src frontend/index.html frontend/vite.config.ts -type f 2>/dev/null)

.PHONY: install run test test-sqlite test-postgres check schema bench system-deps clean

install: $(VENV)/.installed frontend/dist/index.html

$(VENV)/.installed: backend/pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e 'backend[dev]'
	touch $@

frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SRC) schema.graphql
	cd frontend && npm run build

run: install
	bash scripts/run.sh

# System packages and services the tests talk to (Dovecot, Chromium, PostgreSQL, Redis).
system-deps:
	bash scripts/system-deps.sh

test: install system-deps
	bash scripts/test.sh

test-sqlite: install
	CASEBOOK_TEST_DATABASE=sqlite $(BIN)/pytest tests -q --ignore=tests/e2e --ignore=tests/scaleout

test-postgres: install system-deps
	CASEBOOK_TEST_DATABASE=postgres $(BIN)/pytest tests -q --ignore=tests/e2e --ignore=tests/scaleout

check: install
	$(BIN)/ruff check --config backend/pyproject.toml backend tests bench
	$(BIN)/ruff format --check --config backend/pyproject.toml backend tests bench
	cd backend && ../$(BIN)/mypy casebook

schema: $(VENV)/.installed
	$(BIN)/casebook export-schema > schema.graphql

bench: install system-deps
	bash bench/run.sh

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist
