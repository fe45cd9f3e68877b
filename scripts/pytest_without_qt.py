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
    extra = sys.argv[1:]
    # The whole core unless paths are named: "pytest_without_qt.py tests/core/x.py" runs x only.
    named = [a for a in extra if not a.startswith("-") and a.split("::")[0].startswith("tests")]
    args += ["-W", "ignore::pytest.PytestConfigWarning", *([] if named else ["tests/core"]), *extra]
    raise SystemExit(pytest.main(args))
