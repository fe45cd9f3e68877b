#!/usr/bin/env bash
# Build the MASH Desktop workstation bundle (one folder, no Python needed where it runs),
# then check it: --version and --self-test from the bundle, with a clean environment.
#
#   bash installer/build.sh                 # -> dist/mash-desktop/mash-desktop
#   bash installer/build.sh --dist DIR      # bundle in DIR/mash-desktop
#   bash installer/build.sh --no-check      # skip the self-test of the result
#
# Python: a build venv in .venv-build (made and filled with the app and PyInstaller from
# pyproject.toml), or an interpreter that already has them: MASH_BUILD_PYTHON=/path/to/python.
set -euo pipefail
cd "$(dirname "$0")/.."

DIST=dist
WORK=build/pyinstaller
CHECK=1
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) DIST=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --no-check) CHECK=0; shift ;;
    *) echo "usage: $0 [--dist DIR] [--work DIR] [--no-check]" >&2; exit 2 ;;
  esac
done

if [ -n "${MASH_BUILD_PYTHON:-}" ]; then
  PY=$MASH_BUILD_PYTHON
else
  [ -x .venv-build/bin/python ] || "${PYTHON:-python3}" -m venv .venv-build
  .venv-build/bin/python -m pip install -q --upgrade pip
  .venv-build/bin/python -m pip install -q -e '.[bundle]'
  PY=.venv-build/bin/python
fi

started=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" installer/mash_desktop.spec
elapsed=$(( $(date +%s) - started ))
BUNDLE="$DIST/mash-desktop"
echo "Built $BUNDLE in ${elapsed} s, $(du -sh "$BUNDLE" | cut -f1)."

if [ "$CHECK" = 1 ]; then
  # No venv, no PYTHONPATH, no display: what a locked-down workstation gives it.
  home=$(mktemp -d)
  trap 'rm -rf "$home"' EXIT
  clean=(env -i "HOME=$home" "PATH=/usr/bin:/bin" "LANG=C.UTF-8")
  "${clean[@]}" "$BUNDLE/mash-desktop" --version
  "${clean[@]}" "$BUNDLE/mash-desktop" --self-test
fi
