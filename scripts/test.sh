#!/usr/bin/env bash
# Every test: the SPA's own checks, the backend suite on SQLite and again on PostgreSQL, the
# scale-out tests (PostgreSQL + Redis, several processes) and the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
status=0
step() { echo; echo "=== $*"; }

step "schema.graphql matches the server"
$BIN/casebook export-schema | diff -u schema.graphql - || { echo "schema.graphql is stale: run make schema"; exit 1; }

step "lint and types (ruff, mypy)"
$BIN/ruff check --config backend/pyproject.toml backend tests bench || status=1
$BIN/ruff format --check --config backend/pyproject.toml backend tests bench || status=1
(cd backend && ../$BIN/mypy casebook) || status=1

step "frontend: generated operations are fresh, component tests"
(cd frontend && npm run --silent codegen:check && npm test --silent) || status=1

step "backend on SQLite"
CASEBOOK_TEST_DATABASE=sqlite $BIN/pytest tests -q --ignore=tests/e2e --ignore=tests/scaleout || status=1

step "API contract over a real server with the fast path off (the in-process suite compares both paths itself)"
CASEBOOK_FAST_PATH=false CASEBOOK_TEST_DATABASE=sqlite $BIN/pytest tests/api/test_contract.py -q || status=1

step "backend on PostgreSQL (a fresh database, dropped afterwards)"
CASEBOOK_TEST_DATABASE=postgres $BIN/pytest tests -q --ignore=tests/e2e --ignore=tests/scaleout || status=1

step "scale-out: several server processes on PostgreSQL and Redis"
$BIN/pytest tests/scaleout -q || status=1

step "browser tests (Chromium)"
$BIN/pytest tests/e2e -q || status=1

exit $status
