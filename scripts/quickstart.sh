#!/usr/bin/env bash
# Quick start: set everything up and generate one image on the embedded default (CPU, no weights).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/openbanana generate \
  'A retro travel poster of a sunny beach with palm trees and a sailboat, titled "Visit Banana Bay" with the caption "Open all year"' \
  --aspect-ratio 3:4 --size 1K --seed 7 -o openbanana-demo.png
echo "open openbanana-demo.png — or start the server: .venv/bin/openbanana serve --port 8000"
