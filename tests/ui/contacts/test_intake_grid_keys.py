"""SEC-9: Enter in the intake's children grid moves to the next cell or a new row and never
logs the contact (a second Enter used to log one of three siblings, with no referrer)."""

from __future__ import annotations

import pytest

from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.queue import QueueFilter, QueueService
from ui.contacts.intake_dialog import IntakeDialog
from ui.kit.qt import Qt, QtWidgets
from ui.kit.session import UiSession


@pytest.fixture
def desk(make_user):
    return make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")


def _focus():
    widget = QtWidgets.QApplication.focusWidget()
    assert widget is not None
    return widget


def _type(qtbot, text: str) -> None:
    for char in text:  # each key to whatever has focus, as a keyboard does
        qtbot.keyClicks(_focus(), char)


def _enter(qtbot, key=Qt.Key.Key_Return) -> None:
    qtbot.keyClick(_focus(), key)


# REQ: SEC-9
def test_enter_in_the_children_grid_moves_on_and_adds_rows_never_submits(qtbot, ctx, desk):
    dialog = IntakeDialog(UiSession(ctx, desk))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    table = dialog.w["childrenTable"]
    rect = table.visualRect(table.model().index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    siblings = [("Ivy", "Larkspur"), ("Rowan", "Larkspur"), ("Ash", "Larkspur")]
    for first, last in siblings:
        _type(qtbot, first)
        _enter(qtbot)
        qtbot.waitUntil(lambda: table.state() == table.State.EditingState)
        _type(qtbot, last)
        for _ in range(table.columnCount() - 1):  # Enter through the rest of the row
            _enter(qtbot)
            qtbot.wait(5)
        qtbot.waitUntil(lambda: table.state() == table.State.EditingState)
    assert dialog.isVisible()
    assert table.rowCount() == 4  # three siblings and the new, empty fourth row
    names = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(3)]
    assert names == siblings
    assert table.currentRow() == 3 and table.currentColumn() == 0
    # Enter on the grid while not editing (the case that used to submit) moves on too.
    rect = table.visualRect(table.model().index(1, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)
    assert _focus() is table
    _enter(qtbot)
    qtbot.waitUntil(lambda: table.state() == table.State.EditingState)
    assert (table.currentRow(), table.currentColumn()) == (1, 1)
    _enter(qtbot, Qt.Key.Key_Enter)  # the keypad's Enter too
    qtbot.waitUntil(lambda: table.currentColumn() == 2)
    assert dialog.isVisible()
    assert dialog.errors.summary.isHidden()  # no attempt to log was even made
    assert QueueService(ctx).page(desk, QueueFilter()).total == 0
    # Enter in an ordinary field does not log the contact either.
    dialog.w["referrerName"].setFocus()
    _type(qtbot, "Eli Teacher")
    _enter(qtbot)
    assert dialog.isVisible()
    assert dialog.errors.summary.isHidden()
    assert QueueService(ctx).page(desk, QueueFilter()).total == 0
