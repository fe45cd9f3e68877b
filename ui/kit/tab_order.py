"""Tab order that follows the layout (issue 13), where Qt's own order does not.

Qt chains Tab through a window's widgets in the order they were made or put in it. A widget
made early but shown BELOW controls that are added later (a status bar's button, a log under
a scroll area whose panels are rebuilt) would then come first; ``tab_after`` moves it (and any
widgets after it) behind the last control of the part built later."""

from __future__ import annotations

from ui.kit.qt import Qt, QtWidgets


def _takes_tab(widget: QtWidgets.QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def _outermost(widget: QtWidgets.QWidget) -> QtWidgets.QWidget:
    """A spin box or combo box for the line edit inside it: Qt orders the whole control."""
    found, node = widget, widget.parentWidget()
    while node is not None and not node.isWindow():
        if isinstance(node, (QtWidgets.QAbstractSpinBox, QtWidgets.QComboBox)):
            found = node
        node = node.parentWidget()
    return found


def last_control(container: QtWidgets.QWidget) -> QtWidgets.QWidget | None:
    """The last widget inside ``container`` (or its window, for a window) that Tab stops at."""
    window = container.window()
    last: QtWidgets.QWidget | None = None
    node: QtWidgets.QWidget | None = window.nextInFocusChain()
    while node is not None and node is not window:
        if _takes_tab(node) and (container is window or container.isAncestorOf(node)):
            last = node
        node = node.nextInFocusChain()
    return _outermost(last) if last is not None else None


def tab_after(container: QtWidgets.QWidget, *widgets: QtWidgets.QWidget) -> None:
    """Tab reaches ``widgets``, in this order, right after the last control in ``container``."""
    before = last_control(container)
    for widget in widgets:
        if before is not None and before is not widget:
            QtWidgets.QWidget.setTabOrder(before, widget)
        before = widget
