#!/usr/bin/env bash
# Set up from nothing and run the whole test suite: Debian packages the tests use (when
# missing and we may install them), a project venv in .venv, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v dbus-daemon >/dev/null || need+=(dbus dbus-bin)
command -v gnome-keyring-daemon >/dev/null || need+=(gnome-keyring)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q libEGL.so.1 || need+=(libegl1 libgl1)
ldconfig -p 2>/dev/null | grep -q libxkbcommon.so.0 || need+=(libxkbcommon0)
ldconfig -p 2>/dev/null | grep -q libfontconfig.so.1 || need+=(libfontconfig1 fonts-dejavu-core)
ldconfig -p 2>/dev/null | grep -q libdbus-1.so.3 || need+=(libdbus-1-3)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "Missing Debian packages (tests that need them will fail): ${need[*]}" >&2
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'

.venv/bin/ruff check .
.venv/bin/lint-imports
.venv/bin/mypy
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest "$@"
