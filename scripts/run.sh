#!/usr/bin/env bash
# Set up from nothing and start MASH Desktop on its default encrypted database (in the
# user's data folder). Extra arguments go to mash-desktop, e.g. --demo on first run.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
exec .venv/bin/mash-desktop "$@"
