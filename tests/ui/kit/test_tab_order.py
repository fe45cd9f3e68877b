"""Issue 13, keyboard order: the order check of tests/ui/tab_walk.py (run over every screen by
tests/ui/kit/test_keyboard_reach.py) fails on small hand-built dialogs with a wrong order, and
passes the same dialogs built in reading order; a screen whose rows are rebuilt keeps it."""

from __future__ import annotations

from tests.ui.catalogue import build_world, dialogs
from tests.ui.tab_walk import order_problems, tab_sequence
from ui.kit.qt import QtWidgets


def _walk(qtbot, dialog: QtWidgets.QDialog) -> list[str]:  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return order_problems("Test form", dialog, tab_sequence(qtbot, dialog, 16))


def _form(buttons_first: bool) -> QtWidgets.QDialog:
    """Name and e-mail above Save and Cancel; with ``buttons_first`` the buttons join the
    dialog first, so Qt's Tab starts on them."""
    dialog = QtWidgets.QDialog()
    box = None
    if buttons_first:
        box = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        box.setParent(dialog)  # Qt chains Tab in the order widgets join the window
    name, email = QtWidgets.QLineEdit(), QtWidgets.QLineEdit()
    name.setAccessibleName("Name")
    email.setAccessibleName("E-mail")
    if box is None:
        box = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
    form = QtWidgets.QFormLayout(dialog)
    form.addRow("Name", name)
    form.addRow("E-mail", email)
    form.addRow(box)
    return dialog


def test_issue_13_order_check_flags_a_dialog_whose_buttons_come_before_its_fields(qtbot) -> None:
    problems = _walk(qtbot, _form(buttons_first=True))
    assert "Test form: Tab goes back from QPushButton 'Cancel' to QLineEdit 'Name'" in problems
    assert "Test form: Tab reaches button QPushButton 'Save' before QLineEdit 'E-mail'" in problems
    assert _walk(qtbot, _form(buttons_first=False)) == []


def _row(right_to_left: bool) -> QtWidgets.QDialog:
    dialog = QtWidgets.QDialog()
    row = QtWidgets.QHBoxLayout(dialog)
    buttons = [QtWidgets.QPushButton(text) for text in ("First", "Second", "Third")]
    for button in buttons:
        row.addWidget(button)
    if right_to_left:
        QtWidgets.QWidget.setTabOrder(buttons[2], buttons[1])
        QtWidgets.QWidget.setTabOrder(buttons[1], buttons[0])
    return dialog


def test_issue_13_order_check_flags_tab_going_left_along_a_row(qtbot) -> None:
    problems = _walk(qtbot, _row(right_to_left=True))
    assert "Test form: Tab goes back from QPushButton 'Third' to QPushButton 'Second'" in problems
    assert _walk(qtbot, _row(right_to_left=False)) == []


def _column_then_side(up: bool) -> QtWidgets.QDialog:
    """Two fields in a left column and a list beside them, the list reached last; with ``up``
    the lower field is reached before the upper one."""
    dialog = QtWidgets.QDialog()
    top, bottom = QtWidgets.QLineEdit(), QtWidgets.QLineEdit()
    top.setAccessibleName("Upper")
    bottom.setAccessibleName("Lower")
    side = QtWidgets.QListWidget()
    side.setAccessibleName("Beside")
    grid = QtWidgets.QGridLayout(dialog)
    grid.addWidget(top, 0, 0)
    grid.addWidget(bottom, 1, 0)
    grid.addWidget(side, 0, 1, 2, 1)
    first, second = (bottom, top) if up else (top, bottom)
    QtWidgets.QWidget.setTabOrder(first, second)
    QtWidgets.QWidget.setTabOrder(second, side)
    return dialog


def test_issue_13_order_check_flags_going_up_a_column_and_allows_a_pane_to_the_right(
    qtbot,
) -> None:
    assert "Test form: Tab goes back from QLineEdit 'Lower' to QLineEdit 'Upper'" in _walk(
        qtbot, _column_then_side(up=True)
    )
    assert _walk(qtbot, _column_then_side(up=False)) == []


def test_issue_13_order_check_flags_a_field_tab_never_leaves(qtbot) -> None:
    dialog = QtWidgets.QDialog()
    notes = QtWidgets.QPlainTextEdit()
    notes.setAccessibleName("Notes")
    notes.setTabChangesFocus(False)  # Tab types a tab character: a keyboard trap
    ok = QtWidgets.QPushButton("OK")
    layout = QtWidgets.QVBoxLayout(dialog)
    layout.addWidget(ok)
    layout.addWidget(notes)
    assert _walk(qtbot, dialog) == ["Test form: Tab never leaves QPlainTextEdit 'Notes'"]
    notes.setTabChangesFocus(True)
    assert _walk(qtbot, dialog) == []


def test_issue_13_print_form_keeps_reading_order_when_copies_are_added(qtbot, ctx, admin) -> None:
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    make = {cls: made for cls, _what, made in dialogs(build_world(ctx, admin), parent)}
    dialog = make["PrintDialog"]()
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.count.setValue(3)
    qtbot.wait(10)
    sequence = tab_sequence(qtbot, dialog, 30)
    names = [w.accessibleName() or w.objectName() for w in sequence]
    assert "Recipient of copy 3" in names
    assert order_problems("Print controlled copies, 3 copies", dialog, sequence) == []
    dialog.close_without_asking()
