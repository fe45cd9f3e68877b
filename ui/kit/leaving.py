"""Leaving a session (SEC-9, SEC-2): the forms with unsaved changes are asked about exactly as
Escape asks (Save / Discard changes / Keep editing, one form at a time), then every dialog of
the session is closed, so nothing with a child's details stays on screen behind the login.

Closing a form hides it, and a form with a draft store keeps its typing as an encrypted draft
when it is hidden (``GuardedDialog.hideEvent``, the intake's own), so a session that ends
without anyone to ask (a forced end, Log out pressed on the lock screen) keeps those drafts."""

from __future__ import annotations

from collections.abc import Callable

from ui.kit.dialogs import GuardedForm
from ui.kit.qt import QtCore, QtWidgets


def unsaved_forms(owner: QtWidgets.QWidget) -> list[GuardedForm]:
    """The forms on screen, opened from ``owner``, that hold unsaved changes."""
    return [f for f in owner.findChildren(GuardedForm) if f.isVisible() and f.has_unsaved_changes]


def ask_before_leaving(owner: QtWidgets.QWidget, then: Callable[[], None]) -> bool:
    """Ask about each form on screen with unsaved changes, as Escape does; ``then`` runs
    (later, from the event loop) once every one was saved or discarded. Keep editing, or a save
    the form refused, stops there: ``then`` never runs and the person goes on working.
    False when there is nothing to ask (the caller goes on at once)."""
    pending = unsaved_forms(owner)
    if not pending:
        return False

    def next_form() -> None:
        while pending:
            form = pending.pop(0)
            if not (form.isVisible() and form.has_unsaved_changes):
                continue
            form.raise_()
            form.activateWindow()
            form.reject()  # the form's own question, as Escape asks it
            box = form.unsaved_box
            if box is not None and box.isVisible():
                # Runs after the form's own answer (connected first): saved or discarded, the
                # form has closed by now; the next question waits for the event loop.
                box.finished.connect(lambda _r, form=form: answered(form))
                return
            if form.isVisible():
                return  # it stayed open without asking: leave it to the person
        QtCore.QTimer.singleShot(0, then)

    def answered(form: GuardedForm) -> None:
        if not form.isVisible():  # not Keep editing, nor a save the form refused
            QtCore.QTimer.singleShot(0, next_form)

    next_form()
    return True


def close_dialogs(owner: QtWidgets.QWidget) -> None:
    """Close every dialog opened from ``owner`` (inner ones first) without asking."""
    for dialog in reversed(owner.findChildren(QtWidgets.QDialog)):
        if isinstance(dialog, GuardedForm):
            dialog.close_without_asking()
        else:
            dialog.done(QtWidgets.QDialog.DialogCode.Rejected)
