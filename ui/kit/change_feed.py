"""Changes pushed by a hub, delivered on the GUI thread as a Qt signal.

A local store has no feed (its views poll the one file, which is cheap); on a hub the
server announces every change and views reload within a second, without polling tables.
"""

from __future__ import annotations

from typing import Any

from ui.kit.qt import QtCore, Signal


class ChangeBridge(QtCore.QObject):
    """``changed(table)``: emitted on the GUI thread for each change another session made
    (``reconnected`` after an outage: reload everything shown)."""

    changed = Signal(str)

    def __init__(self, feed: Any) -> None:
        super().__init__()
        self.feed = feed
        # Emitted from the feed's thread: Qt queues it to this object's (the GUI) thread.
        self._unsubscribe = feed.subscribe(lambda change: self.changed.emit(change.table))

    def close(self) -> None:
        self._unsubscribe()
        self.feed.stop()


def open_bridge(store: Any) -> ChangeBridge | None:
    feed = store.open_change_feed()
    return ChangeBridge(feed) if feed is not None else None
