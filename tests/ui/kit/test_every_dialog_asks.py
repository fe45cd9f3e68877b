"""SEC-9 (issue 13): Escape on ANY dialog where something was typed asks Save / Discard
changes / Keep editing; Keep editing keeps every character, Discard closes. Driven with real
key events (QTest) on every dialog of the catalogue; a dialog class the catalogue does not
know (and that is not exempt, with its reason) fails the test."""

from __future__ import annotations

import pytest

from tests.helpers.shots import save_shot
from tests.ui.catalogue import EXEMPT, World, build_world, dialogs, every_dialog_class
from ui.kit.dialogs import GuardedForm
from ui.kit.qt import Qt, QtWidgets
from ui.kit.typed_fields import field_name


@pytest.fixture
def world(ctx, admin) -> World:
    return build_world(ctx, admin)


def _first_field(dialog: QtWidgets.QDialog) -> QtWidgets.QWidget:
    """The first field Tab reaches that takes typing (a text field, or a tickable list)."""
    start = dialog.focusWidget() or dialog
    widget = start
    for _ in range(200):
        if widget.isVisible() and widget.isEnabled():
            if (
                isinstance(widget, QtWidgets.QLineEdit)
                and not widget.isReadOnly()
                and not isinstance(widget.parentWidget(), QtWidgets.QAbstractSpinBox)
            ):
                return widget
            if isinstance(widget, QtWidgets.QPlainTextEdit) and not widget.isReadOnly():
                return widget
            if isinstance(widget, QtWidgets.QListWidget):
                return widget
        widget = widget.nextInFocusChain()
        if widget is start:
            break
    raise AssertionError(f"{type(dialog).__name__}: no field to type in")


def _type_something(qtbot, field: QtWidgets.QWidget) -> str:  # type: ignore[no-untyped-def]
    field.setFocus()
    if isinstance(field, QtWidgets.QListWidget):
        for n in range(field.count()):
            if field.item(n).flags() & Qt.ItemFlag.ItemIsEnabled:
                field.setCurrentRow(n)
                break
        qtbot.keyClick(field, Qt.Key.Key_Space)
        item = field.currentItem()
        assert item is not None and item.checkState() == Qt.CheckState.Checked
        return item.text()
    qtbot.keyClicks(field, "Typed by hand 42")
    return "Typed by hand 42"


def _editable_fields(dialog: QtWidgets.QDialog) -> list[QtWidgets.QWidget]:
    """Every text field a person can type in, on every tab and page of the dialog (not a date
    field's own line edit, nor a table cell's editor)."""
    fields: list[QtWidgets.QWidget] = []
    for kind in (QtWidgets.QLineEdit, QtWidgets.QPlainTextEdit):
        for field in dialog.findChildren(kind):
            parent = field.parentWidget()
            if isinstance(parent, QtWidgets.QAbstractSpinBox) or (
                isinstance(parent, QtWidgets.QComboBox) and not parent.isEditable()
            ):
                continue
            if field.isEnabled() and not field.isReadOnly():
                fields.append(field)
    return fields


def _bring_into_view(dialog: QtWidgets.QDialog, field: QtWidgets.QWidget) -> None:
    """Make the tab or page that holds the field the current one."""
    parent = field.parentWidget()
    while parent is not None and parent is not dialog:
        if isinstance(parent, QtWidgets.QStackedWidget):
            for n in range(parent.count()):
                if parent.widget(n).isAncestorOf(field):
                    parent.setCurrentIndex(n)
        parent = parent.parentWidget()


def _clear_by_keys(qtbot, field: QtWidgets.QWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Delete)


def _text_of(field: QtWidgets.QWidget) -> str:
    if isinstance(field, QtWidgets.QLineEdit):
        return field.text()
    if isinstance(field, QtWidgets.QPlainTextEdit):
        return field.toPlainText()
    assert isinstance(field, QtWidgets.QListWidget)
    return "\n".join(
        field.item(n).text()
        for n in range(field.count())
        if field.item(n).checkState() == Qt.CheckState.Checked
    )


def test_every_dialog_class_is_in_the_catalogue_or_exempt_with_a_reason(qapp, world) -> None:
    """SEC-9: a new dialog must be added to tests/ui/catalogue.py (and so to these tests)."""
    parent = QtWidgets.QWidget()
    listed = {name for name, _what, _make in dialogs(world, parent)}
    found = every_dialog_class()
    unknown = sorted(set(found) - listed - set(EXEMPT))
    assert unknown == [], f"dialogs in neither the catalogue nor EXEMPT: {unknown}"
    assert set(EXEMPT) <= set(found), "EXEMPT names a dialog that no longer exists"
    unguarded = sorted(n for n in listed if not issubclass(found[n], GuardedForm))
    assert unguarded == [], f"dialogs with typing that do not ask before closing: {unguarded}"


# REQ: SEC-9
def test_escape_on_every_dialog_with_typing_asks_keeps_editing_then_discards(qtbot, world) -> None:
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    failures = []
    for name, what, make in dialogs(world, parent):
        dialog = make()
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        field = _first_field(dialog)
        typed = _type_something(qtbot, field)
        qtbot.keyClick(field, Qt.Key.Key_Escape)
        box = getattr(dialog, "unsaved_box", None)
        if box is None or not box.isVisible() or not dialog.isVisible():
            failures.append(f"{what} ({name}): Escape did not ask after typing in {field!r}")
            dialog.close()
            continue
        labels = [b.text().replace("&", "") for b in box.buttons()]
        assert "Keep editing" in labels and "Discard changes" in labels, (name, labels)
        qtbot.keyClick(box, Qt.Key.Key_Escape)  # Escape on the question keeps editing
        qtbot.waitUntil(lambda d=dialog: d.unsaved_box is None)
        assert dialog.isVisible(), name
        assert typed in _text_of(field), f"{name}: the typing was lost"
        qtbot.keyClick(field, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda d=dialog: d.unsaved_box is not None and d.unsaved_box.isVisible())
        qtbot.mouseClick(dialog.unsaved_box.discard_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda d=dialog: not d.isVisible())
        dialog.deleteLater()
    assert failures == [], "\n".join(failures)


# REQ: SEC-9
def test_intake_escape_offers_save_as_draft_which_keeps_the_typing(qtbot, ctx, world) -> None:
    from mash_desktop.services.contacts.service import ContactService
    from ui.contacts.intake_dialog import IntakeDialog
    from ui.kit.session import UiSession

    dialog = IntakeDialog(UiSession(ctx, world.hub.manager))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    field = dialog.w["referrerName"]
    field.setFocus()
    qtbot.keyClicks(field, "Nurse Amaranth Dobbs")
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.unsaved_box is not None and dialog.unsaved_box.isVisible())
    box = dialog.unsaved_box
    assert box.save_button.text() == "&Save as draft"
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    draft = ContactService(ctx).load_draft(world.hub.manager)
    assert draft is not None and draft.payload["referrer_name"] == "Nurse Amaranth Dobbs"


# REQ: SEC-9
def test_typing_in_any_field_of_any_dialog_then_escape_asks(qtbot, world) -> None:
    """Not only the first field: each visible text field of each dialog in turn, panels and
    entry rows included (an action to add, a copy's address, a disagreement), is typed in,
    Escape asks, Keep editing keeps it; then the field is emptied by keys and the next one
    is tried alone."""
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    failures: list[str] = []
    tried = 0
    for name, what, make in dialogs(world, parent):
        dialog = make()
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        for field in _editable_fields(dialog):
            _bring_into_view(dialog, field)
            if not field.isVisible():
                continue
            dialog.discard_changes()
            assert not dialog.has_unsaved_changes, f"{name}: still unsaved before {field!r}"
            field.setFocus()
            qtbot.keyClicks(field, "Typed by hand 42")
            label = f"{what} ({name}), field {field_name(field)!r}"
            if "Typed by hand 42" not in _text_of(field):
                failures.append(f"{label}: took no typing")
                continue
            tried += 1
            qtbot.keyClick(field, Qt.Key.Key_Escape)
            box = dialog.unsaved_box
            if box is None or not box.isVisible() or not dialog.isVisible():
                failures.append(f"{label}: Escape did not ask")
                if not dialog.isVisible():
                    break
                _clear_by_keys(qtbot, field)
                continue
            qtbot.keyClick(box, Qt.Key.Key_Escape)  # keeps editing
            qtbot.waitUntil(lambda d=dialog: d.unsaved_box is None)
            assert dialog.isVisible(), label
            assert "Typed by hand 42" in _text_of(field), f"{label}: the typing was lost"
            _clear_by_keys(qtbot, field)
        dialog.discard_changes()
        dialog.close_without_asking()
        dialog.deleteLater()
    assert failures == [], "\n".join(failures)
    assert tried > 70, tried  # the walk reached the fields, not only the first of each


# REQ: SEC-9
def test_typing_in_a_strategy_panel_asks_without_a_save_that_would_not_keep_it(
    qtbot, world
) -> None:
    """The reviewer's case: a partner types a disagreement on the strategy record and presses
    Escape. The question names the field and offers no Save (the record's Save would not
    record the disagreement); once its own button records it, nothing is left to ask about."""
    from ui.kit.session import UiSession
    from ui.strategy.dialog import StrategyDiscussionDialog

    dialog = StrategyDiscussionDialog(UiSession(world.ctx, world.chair), world.discussion_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    tracker = dialog.action_panel
    dialog.tabs.setCurrentWidget(tracker)
    tracker.description.setFocus()
    qtbot.keyClicks(tracker.description, "Police to visit school and speak to the DSL")
    qtbot.keyClicks(tracker.person, "PC Rowan Ashdown")
    qtbot.keyClick(tracker.person, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.unsaved_box is not None and dialog.unsaved_box.isVisible())
    box = dialog.unsaved_box
    assert box.save_button not in box.buttons()
    assert "What is to be done" in box.informativeText()
    assert "Who (name)" in box.informativeText()
    save_shot(box, "unsaved-typing-in-the-action-tracker.png")
    qtbot.mouseClick(box.keep_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.unsaved_box is None)
    qtbot.mouseClick(tracker.add_button, Qt.MouseButton.LeftButton)
    assert tracker.description.text() == ""
    assert not dialog.has_unsaved_changes
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
