#!/usr/bin/env bash
# `make bench`: the whole suite at the default size (100,000 cases × 5 posts; ~6 minutes on the
# 2-core machine, of which ~30 s is loading the data). Larger: BENCH_CASES=1000000 bench/run.sh
# (loading takes ~5 minutes more). Then the soak (bench/soak.py: 200 clients, 10 minutes on its own
# database; SOAK_SECONDS / SOAK_CLIENTS to change). One step alone: BENCH_ONLY=soak bench/run.sh
# (or BENCH_ONLY=read,fanout). Results are appended to bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python bench/run.py "$@"
