#!/usr/bin/env bash
# Set up everything the tests need and run the whole suite (lint, types, pytest).
# Pytest runs inside a private network namespace with only loopback when possible (root + unshare),
# proving that no code path, in-process or in a subprocess, reaches the network.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check src tests bench scripts
.venv/bin/mypy
# Two passes: the whole suite (platform on SQLite), then the platform tests again on a throwaway
# PostgreSQL started by the tests themselves (skipped, with the reason printed, if it cannot start).
passes='.venv/bin/python -m pytest "$@" && .venv/bin/python -m pytest -m platform --postgres -q "$@"'
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 \
   && unshare -n true 2>/dev/null; then
  echo "running tests with the network unplugged (loopback only)"
  exec unshare -n sh -c "ip link set lo up && $passes" sh "$@"
fi
echo "running tests with the in-process loopback-only socket guard"
exec sh -c "$passes" sh "$@"
