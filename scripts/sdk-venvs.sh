#!/usr/bin/env bash
# Build one virtual environment per pinned google-genai line for the SDK conformance tests
# (tests/sdk/). Only one google-genai version fits in an environment, so each gets its own:
#   .sdk-venvs/genai-<version>/   (python -m venv + google-genai==<version> + pillow)
# Idempotent: an environment that already imports the right version is left alone.
# Usage: scripts/sdk-venvs.sh [version ...]      (default: every pinned version)
# PYTHON overrides the interpreter (default: python3.11 if present, else python3).
set -euo pipefail

cd "$(dirname "$0")/.."
VERSIONS=("$@")
if [ ${#VERSIONS[@]} -eq 0 ]; then
  VERSIONS=(1.75.0 2.34.0 3.4.0)
fi
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
ROOT=".sdk-venvs"
mkdir -p "$ROOT"

for version in "${VERSIONS[@]}"; do
  venv="$ROOT/genai-$version"
  check="from importlib.metadata import version as v; import google.genai, PIL; assert v('google-genai') == '$version'"
  if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "$check" 2>/dev/null; then
    echo "ok: $venv (google-genai $version)"
    continue
  fi
  echo "building $venv (google-genai $version)"
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "google-genai==$version" pillow
  "$venv/bin/python" -c "$check"
  echo "ok: $venv (google-genai $version)"
done
