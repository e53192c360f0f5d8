#!/usr/bin/env bash
# `make run`: migrate, seed demo data once, start a development mail sink, serve on :8000.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
mkdir -p var
$BIN/casebook migrate
echo
echo "Demo logins (created on the first run):"
$BIN/casebook seed-demo --if-empty
# Outgoing mail goes to a local sink unless an SMTP server is configured; its log shows every message.
if [ -z "${CASEBOOK_SMTP_URL:-}" ]; then
  if ! (exec 3<>/dev/tcp/127.0.0.1/1025) 2>/dev/null; then
    $BIN/python -m aiosmtpd -n -l 127.0.0.1:1025 > var/mail-sink.log 2>&1 &
    trap 'kill $! 2>/dev/null || true' EXIT
  fi
  export CASEBOOK_SMTP_URL=smtp://127.0.0.1:1025
  echo "Outgoing mail: development sink on 127.0.0.1:1025, written to var/mail-sink.log"
fi
echo
echo "Casebook: http://127.0.0.1:8000  (GraphiQL: http://127.0.0.1:8000/graphql)"
$BIN/casebook serve --host 127.0.0.1 --port 8000
