"""Crash output without personal data (SEC-1): the exception's type and where it happened,
never its message or local values, which may quote a child's details."""

from __future__ import annotations

import sys
import traceback
from types import TracebackType


def scrubbed_report(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    frames = traceback.extract_tb(tb)
    lines = [f"  {f.filename}:{f.lineno} in {f.name}" for f in frames]
    return "\n".join([f"MASH Desktop stopped on an unexpected error: {exc_type.__name__}", *lines])


def install_excepthook() -> None:
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        print(scrubbed_report(exc_type, tb), file=sys.stderr)

    sys.excepthook = hook
