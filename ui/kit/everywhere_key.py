"""A key that works in every window of the main window, its modal dialogs included.

Qt blocks even an application-wide QAction shortcut while a window-modal dialog shadows the
window that owns it: with the strategy record open, Ctrl+L (lock, SEC-2) did nothing. This
watches the application's key presses instead and answers those in the owner's dialogs; in
the owner itself its own QAction answers, as before."""

from __future__ import annotations

from collections.abc import Callable

from ui.kit.qt import QtCore, QtGui, QtWidgets


class EverywhereKey(QtCore.QObject):
    def __init__(self, owner: QtWidgets.QWidget, sequence: str, slot: Callable[[], object]) -> None:
        super().__init__(owner)  # deleted with the owner, and Qt drops a deleted filter
        self.owner = owner
        self.sequence = QtGui.QKeySequence(sequence)
        self.slot = slot
        app = QtWidgets.QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def _in_a_dialog_of_the_owner(self, widget: QtWidgets.QWidget) -> bool:
        window = widget.window()
        if window is self.owner or not self.owner.isVisible():
            return False
        parent = window.parentWidget()
        while parent is not None:
            if parent is self.owner:
                return True
            parent = parent.parentWidget()
        return False

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() != QtCore.QEvent.Type.KeyPress or not isinstance(
            watched, QtWidgets.QWidget
        ):
            return False
        assert isinstance(event, QtGui.QKeyEvent)
        if QtGui.QKeySequence(event.keyCombination()) != self.sequence:
            return False
        if not self._in_a_dialog_of_the_owner(watched):
            return False
        self.slot()
        return True
