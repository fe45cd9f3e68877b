"""Non-blocking message boxes: the event loop keeps running (timers, idle lock, tests)."""

from __future__ import annotations

from ui.kit.qt import Qt, QtWidgets

Icon = QtWidgets.QMessageBox.Icon
_open_boxes: set[QtWidgets.QMessageBox] = set()


def notify(
    parent: QtWidgets.QWidget | None, title: str, text: str, icon: Icon = Icon.Warning
) -> QtWidgets.QMessageBox:
    box = QtWidgets.QMessageBox(icon, title, text, QtWidgets.QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("notification")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if parent is None:  # nothing else holds a parentless box: keep it until it closes
        _open_boxes.add(box)
        box.finished.connect(lambda _result: _open_boxes.discard(box))
    box.open()
    return box


def confirm_in_status_bar(widget: QtWidgets.QWidget, text: str, ms: int = 10_000) -> bool:
    """Show a save/print/decision confirmation in the main window's status bar."""
    w: QtWidgets.QWidget | None = widget
    while w is not None and not isinstance(w, QtWidgets.QMainWindow):
        w = w.parentWidget()
    if w is None:
        return False
    w.statusBar().showMessage(text, ms)
    return True
