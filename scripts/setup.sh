#!/usr/bin/env bash
# Set up openbanana on a fresh Debian machine: system packages (fonts, OCR) and a virtualenv.
#   scripts/setup.sh          runtime only
#   scripts/setup.sh --dev    runtime + test/lint tools + the SDK version matrix
set -euo pipefail
cd "$(dirname "$0")/.."
dev=0; [ "${1:-}" = "--dev" ] && dev=1

# 1. System packages listed in scripts/system-packages.txt (one per line, '#' comments).
if command -v apt-get >/dev/null 2>&1; then
  missing=()
  while read -r pkg; do
    pkg="${pkg%%#*}"; pkg="$(echo "$pkg" | xargs)"; [ -n "$pkg" ] || continue
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done < scripts/system-packages.txt
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "apt-get not found: install the packages in scripts/system-packages.txt yourself" >&2
fi

# 2. Python >= 3.11 virtualenv with the package installed editable.
py=""
for cand in python3.11 python3.12 python3.13 python3; do
  if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    py="$cand"; break
  fi
done
[ -n "$py" ] || { echo "Python >= 3.11 is required" >&2; exit 1; }
[ -x .venv/bin/python ] || "$py" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ "$dev" = 1 ]; then
  .venv/bin/pip install -q -e ".[dev]"
  bash scripts/sdk-venvs.sh
else
  .venv/bin/pip install -q -e ".[edit,faces]"
fi
echo "openbanana is set up in .venv"
