"""Slow work (audit verify, PDF builds, bulk loads) off the GUI thread.

One small mechanism: ``run_in_background(fn, on_success, on_failure)``; the callbacks run on
the GUI thread. No ``processEvents()`` loops anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ui.kit.qt import QtCore, Signal, is_alive


class _Signals(QtCore.QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Task(QtCore.QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the GUI thread, which decides what to show
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


_running: set[_Task] = set()


def run_in_background(
    fn: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None],
) -> _Task:
    task = _Task(fn)
    task.setAutoDelete(False)
    _running.add(task)

    def done_ok(result: Any) -> None:
        _running.discard(task)
        if _receiver_alive(on_success):
            on_success(result)

    def done_failed(exc: BaseException) -> None:
        _running.discard(task)
        if _receiver_alive(on_failure):
            on_failure(exc)

    task.signals.succeeded.connect(done_ok, QtCore.Qt.ConnectionType.QueuedConnection)
    task.signals.failed.connect(done_failed, QtCore.Qt.ConnectionType.QueuedConnection)
    QtCore.QThreadPool.globalInstance().start(task)
    return task


def _receiver_alive(callback: Callable[..., None]) -> bool:
    """False when the callback is a method of a window closed (and deleted) meanwhile."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QtCore.QObject) or is_alive(owner)


def wait_for_background(timeout_ms: int = 10_000) -> bool:
    """Tests and shutdown: wait until every background task finished."""
    return QtCore.QThreadPool.globalInstance().waitForDone(timeout_ms)
