"""Typing that no save has taken yet, found in every text field of a form (SEC-9).

A form's record fields are watched by name (``GuardedForm.watch``); but a form also holds
small entry rows of its own (an action to add, a copy to mark sent, a disagreement to record)
and panels built after the form. Rather than wiring each, the guard looks, when the person
closes, at EVERY editable text field inside the form: one the person typed into (Qt's own
"modified by the user" flag, which filling a field from code resets) and that still holds
text has typing that would be lost. A field its own button clears after recording counts as
empty again, so an action added is not asked about.

Spin boxes and date fields (a choice, not typing) and the editors an item view opens for one
cell (Escape there undoes the cell) are left to ``watch``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ui.kit.qt import QtWidgets

TextField = QtWidgets.QLineEdit | QtWidgets.QPlainTextEdit | QtWidgets.QTextEdit


def _inside_a_control(widget: QtWidgets.QWidget, root: QtWidgets.QWidget) -> bool:
    """A date field's or a table cell's own line edit, which is not a field of its own."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QtWidgets.QAbstractSpinBox | QtWidgets.QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def holds_typing(field: QtWidgets.QWidget) -> bool:
    """The person typed into this field and it still holds text."""
    if isinstance(field, QtWidgets.QLineEdit):
        return not field.isReadOnly() and field.isModified() and bool(field.text().strip())
    if isinstance(field, QtWidgets.QPlainTextEdit | QtWidgets.QTextEdit):
        return (
            not field.isReadOnly()
            and field.document().isModified()
            and bool(field.toPlainText().strip())
        )
    return False


def unsaved_typing(
    root: QtWidgets.QWidget, watched: Iterable[QtWidgets.QWidget] = ()
) -> list[QtWidgets.QWidget]:
    """Each text field inside ``root`` (not one of ``watched``, nor inside one) that holds
    typing, in the order they were made."""
    skip = set(watched)
    found: list[QtWidgets.QWidget] = []
    for kind in (QtWidgets.QLineEdit, QtWidgets.QPlainTextEdit, QtWidgets.QTextEdit):
        for field in root.findChildren(kind):
            if field in skip or field.parentWidget() in skip or not holds_typing(field):
                continue
            if isinstance(field, QtWidgets.QTextEdit) and isinstance(field, QtWidgets.QTextBrowser):
                continue
            if not _inside_a_control(field, root):
                found.append(field)
    return found


def field_name(field: QtWidgets.QWidget) -> str:
    """The words a person knows the field by: its accessible name, its label, or the hint
    it shows when empty."""
    if field.accessibleName():
        return field.accessibleName()
    window = field.window()
    for label in window.findChildren(QtWidgets.QLabel):
        if label.buddy() is field and label.text():
            return label.text().replace("&", "").rstrip(":")
    placeholder = getattr(field, "placeholderText", None)
    if callable(placeholder) and placeholder():
        return str(placeholder())
    return "a text field"
