"""Refresh after a change, one way: an area asks to be refreshed when any change goes through
``session.act`` (``session.changed``), instead of every action calling ``refresh()`` itself
(Anki's operation -> ``operation_did_execute``). An area hidden behind another one refreshes
when it is next shown, so a change costs only the queries of what is on screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ui.kit.qt import QtCore, QtWidgets
from ui.kit.session import UiSession


class _Refresher(QtCore.QObject):
    """A child of the area, so the connection ends with the area."""

    def __init__(self, widget: QtWidgets.QWidget, refresh: Callable[[], Any]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._refresh = refresh
        self._stale = False
        widget.installEventFilter(self)

    def on_change(self) -> None:
        window_shown = self._widget.window().isVisible()
        if self._widget.isVisible() or not window_shown:
            self._refresh()
        else:
            self._stale = True

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.Show and self._stale:
            self._stale = False
            self._refresh()
        return False


def refresh_on_change(
    widget: QtWidgets.QWidget, session: UiSession, refresh: Callable[[], Any]
) -> QtCore.QObject:
    """Call ``refresh`` after every change made through ``session.act``."""
    refresher = _Refresher(widget, refresh)
    session.changed.connect(refresher.on_change)
    return refresher
