"""Run the core tests as if PySide6 were not installed (DESIGN.md: the core never needs Qt).

Any import of PySide6, shiboken6 or the ui package from the core makes these tests fail.
Subprocesses (the CLI tests start `python -m ui.app`) are not affected.
"""

from __future__ import annotations

import importlib.abc
import sys

import pytest

BLOCKED = ("PySide6", "shiboken6", "pytestqt", "ui")


class _NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):  # type: ignore[no-untyped-def]
        if fullname.split(".")[0] in BLOCKED:
            raise ImportError(f"{fullname} is blocked: the core must run without Qt")
        return None


if __name__ == "__main__":
    sys.meta_path.insert(0, _NoQt())
    args = ["-p", "no:pytest-qt", "-o", "addopts=-ra --strict-markers"]
    args += ["-W", "ignore::pytest.PytestConfigWarning", "tests/core", *sys.argv[1:]]
    raise SystemExit(pytest.main(args))
