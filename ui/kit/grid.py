"""Enter in a grid moves on, never submits (SEC-9).

In a dialog, Enter on a table that is not editing falls through to the dialog's default
button: a second Enter in the intake's children grid logged a contact with one of three
siblings. ``enter_moves_to_next_cell(table)`` makes Enter (editing or not) go to the next
cell, then the first cell of the next row, adding a new empty row after the last one."""

from __future__ import annotations

from collections.abc import Callable

from ui.kit.qt import QtCore, QtGui, QtWidgets

ENTER_KEYS = (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter)


def _is_enter(event: QtCore.QEvent) -> bool:
    return (
        event.type() == QtCore.QEvent.Type.KeyPress
        and isinstance(event, QtGui.QKeyEvent)
        and event.key() in ENTER_KEYS
        and not event.modifiers() & ~QtCore.Qt.KeyboardModifier.KeypadModifier
    )


class _EnterMovesOnDelegate(QtWidgets.QStyledItemDelegate):
    """While a cell is being edited: Enter commits it and moves on."""

    def __init__(self, table: QtWidgets.QTableWidget, advance: Callable[[], None]) -> None:
        super().__init__(table)
        self._advance = advance

    def eventFilter(self, editor: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if _is_enter(event) and isinstance(editor, QtWidgets.QWidget):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QtWidgets.QAbstractItemDelegate.EndEditHint.NoHint)
            QtCore.QTimer.singleShot(0, self._advance)
            return True
        return super().eventFilter(editor, event)


class _EnterMovesOnFilter(QtCore.QObject):
    """While the table itself has focus: Enter moves on instead of reaching the dialog."""

    def __init__(self, table: QtWidgets.QTableWidget, advance: Callable[[], None]) -> None:
        super().__init__(table)
        self._advance = advance

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if _is_enter(event):
            self._advance()
            return True
        return False


def enter_moves_to_next_cell(
    table: QtWidgets.QTableWidget, add_row: Callable[[], None] | None = None
) -> None:
    """``add_row`` makes the new row (default: ``table.insertRow`` at the end)."""

    def advance() -> None:
        row, col = table.currentRow(), table.currentColumn()
        if row < 0:
            row, col = 0, -1
        col += 1
        if col >= table.columnCount():
            row, col = row + 1, 0
        if row >= table.rowCount():
            if add_row is not None:
                add_row()
            else:
                table.insertRow(table.rowCount())
        table.setCurrentCell(row, col)
        table.editItem(table.item(row, col) or _new_item(table, row, col))

    table.setItemDelegate(_EnterMovesOnDelegate(table, advance))
    table.installEventFilter(_EnterMovesOnFilter(table, advance))


def _new_item(table: QtWidgets.QTableWidget, row: int, col: int) -> QtWidgets.QTableWidgetItem:
    item = QtWidgets.QTableWidgetItem("")
    table.setItem(row, col, item)
    return item
