#!/usr/bin/env bash
# Set up from nothing and run the whole test suite: Debian packages the tests use (when
# missing and we may install them), a project venv in .venv, the linters, then pytest:
#   1. tests/core with PySide6 blocked (the core must run without Qt),
#   2. tests/ui and tests/e2e offscreen,
#   3. tests/installer: builds the PyInstaller bundle and runs its self-test
#      (skip with MASH_SKIP_BUNDLE=1).
# With arguments, only runs `pytest ARGS` after the set-up.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v dbus-daemon >/dev/null || need+=(dbus dbus-bin)
command -v gnome-keyring-daemon >/dev/null || need+=(gnome-keyring)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
# Hub mode: the tests start a throwaway PostgreSQL cluster with a TLS certificate.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql postgresql-contrib)
command -v openssl >/dev/null || need+=(openssl)
command -v xvfb-run >/dev/null || need+=(xvfb xauth libxcb-icccm4 libxcb-keysyms1)
ldconfig -p 2>/dev/null | grep -q libEGL.so.1 || need+=(libegl1 libgl1)
ldconfig -p 2>/dev/null | grep -q libxkbcommon.so.0 || need+=(libxkbcommon0)
ldconfig -p 2>/dev/null | grep -q libxkbcommon-x11.so.0 || need+=(libxkbcommon-x11-0)
ldconfig -p 2>/dev/null | grep -q libxcb-cursor.so.0 || need+=(libxcb-cursor0)
ldconfig -p 2>/dev/null | grep -q libfontconfig.so.1 || need+=(libfontconfig1 fonts-dejavu-core)
ldconfig -p 2>/dev/null | grep -q libdbus-1.so.3 || need+=(libdbus-1-3)
# Printing tests start a private cupsd with a CUPS-PDF queue (SEC-5); pycups builds on libcups.
command -v cupsd >/dev/null || need+=(cups)
[ -f /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd ] || need+=(printer-driver-cups-pdf)
[ -f /usr/include/cups/cups.h ] || need+=(libcups2-dev)
command -v gcc >/dev/null || need+=(gcc)
python3 -c 'import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' || need+=(python3-dev)
command -v gs >/dev/null || need+=(ghostscript)
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
.venv/bin/python -m pip install -q -e '.[test,bundle]'

export QT_QPA_PLATFORM=offscreen
if [ $# -gt 0 ]; then
  exec .venv/bin/python -m pytest "$@"
fi

.venv/bin/ruff check .
.venv/bin/lint-imports
.venv/bin/mypy
.venv/bin/python scripts/pytest_without_qt.py
.venv/bin/python -m pytest tests/ui tests/e2e tests/test_architecture.py
if [ "${MASH_SKIP_BUNDLE:-0}" != 1 ]; then
  MASH_RUN_BUNDLE=1 .venv/bin/python -m pytest -m bundle tests/installer
fi
