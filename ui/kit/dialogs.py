"""The dialog base (SEC-9): nothing typed is lost.

Every dialog where something is typed derives from ``GuardedForm`` (or, over a record whose
unsaved changes are worth a draft, ``GuardedDialog``) and knows when it holds unsaved changes. Escape, its Close button or the
window's close box then ask Save / Discard changes / Keep editing (a non-blocking box, so
timers and the idle lock keep running). While there are unsaved changes, a draft is kept in
the encrypted store a moment after each change and whenever the dialog is hidden (the session
locks, the main window closes), and offered back when the same form is opened again. On a hub
that cannot be reached, the draft is kept on this computer (encrypted) instead, and a Save
that fails for that reason leaves the dialog open and says so (ui/kit/session.py).

A ``GuardedDialog`` subclass:
- sets ``draft_kind`` (e.g. ``"strategy.record"``) and passes the record's id as ``draft_ref``;
- implements ``draft_payload()`` (the form as plain JSON values), ``restore_draft(payload)``
  and ``save_changes()`` (True when saved; False keeps the dialog open, showing why);
- calls ``watch(widget, ...)`` on its editable widgets, fills them inside
  ``with self.loading():``, calls ``mark_saved()`` after its own saves, and
  ``offer_draft()`` once it has loaded the record.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Iterator
from typing import Any

from mash_desktop.domain.clock import to_london
from mash_desktop.domain.errors import ServerUnreachable
from mash_desktop.services.drafts import Draft, DraftService
from ui.kit.messages import confirm_in_status_bar
from ui.kit.qt import QtCore, QtWidgets
from ui.kit.session import ActionFailed, UiSession
from ui.kit.typed_fields import field_name, unsaved_typing

DRAFT_DELAY_MS = 1500


class Choice(enum.Enum):
    SAVE = "save"
    DISCARD = "discard"
    KEEP_EDITING = "keep"


class UnsavedChangesBox(QtWidgets.QMessageBox):
    """Save / Discard changes / Keep editing; Escape keeps editing."""

    def __init__(
        self,
        parent: QtWidgets.QWidget,
        what: str,
        save_label: str,
        unrecorded: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unsavedChanges")
        self.setIcon(QtWidgets.QMessageBox.Icon.Question)
        self.setWindowTitle("Unsaved changes")
        self.setText(f"{what} has changes that are not saved yet.")
        self.setInformativeText("Save them, discard them, or keep editing?")
        role = QtWidgets.QMessageBox.ButtonRole
        self.save_button = self.addButton(save_label, role.AcceptRole)
        self.discard_button = self.addButton("&Discard changes", role.DestructiveRole)
        self.keep_button = self.addButton("&Keep editing", role.RejectRole)
        self.setDefaultButton(self.keep_button)
        self.setEscapeButton(self.keep_button)
        if unrecorded:
            # Save would keep the form but not this typing, which its own button records.
            self.removeButton(self.save_button)
            self.save_button.setVisible(False)
            quoted = [f"\u201c{n}\u201d" for n in unrecorded]
            names = " and ".join([", ".join(quoted[:-1]), quoted[-1]] if quoted[:-1] else quoted)
            self.setInformativeText(
                f"Typed in {names} but not recorded yet: keep editing and record it with "
                "its own button, or discard it."
            )

    def choice(self) -> Choice:
        clicked = self.clickedButton()
        if clicked is self.save_button:
            return Choice.SAVE
        if clicked is self.discard_button:
            return Choice.DISCARD
        return Choice.KEEP_EDITING


class DraftBanner(QtWidgets.QFrame):
    """'A draft you kept at 10:42 is waiting' with Restore / Discard, shown above the form."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftBanner")
        self.text = QtWidgets.QLabel()
        self.text.setWordWrap(True)
        self.restore_button = QtWidgets.QPushButton("&Restore draft")
        self.restore_button.setAccessibleName("Restore the kept draft")
        self.discard_button = QtWidgets.QPushButton("Discard draft")
        self.discard_button.setAccessibleName("Discard the kept draft")
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.restore_button)
        row.addWidget(self.discard_button)
        self.setVisible(False)


class GuardedForm(QtWidgets.QDialog):
    """A dialog where something is typed (SEC-9): Escape, Close or the window's close box with
    unsaved changes ask Save / Discard changes / Keep editing. No draft is kept; for that see
    ``GuardedDialog``. A subclass calls ``watch(widget, ...)`` on what the user edits (after
    filling it, or inside ``with self.loading():``). Save calls ``save_and_close()``: by
    default the dialog's own ``accept()``, which saves or stays open showing why.

    Every other editable text field inside the dialog, in panels built at any time, is
    watched too (ui/kit/typed_fields.py): typing left in one that its own button has not recorded
    (an action to add, a disagreement) asks Discard / Keep editing before closing."""

    what = "This form"
    save_label = "&Save"
    _dirty = False
    _loading = 0
    _closing = False
    _watched: list[QtWidgets.QWidget] = []  # rebound per dialog by watch(), never mutated
    # True in a dialog that tracks every field itself (its own has_unsaved_changes) and
    # whose Save keeps them all: then no field is "typed but not recorded".
    saves_every_field = False
    unsaved_box: UnsavedChangesBox | None = None

    @contextlib.contextmanager
    def loading(self) -> Iterator[None]:
        """Fill the form from the record without counting it as the user's change."""
        self._loading += 1
        try:
            yield
        finally:
            self._loading -= 1

    def watch(self, *widgets: QtWidgets.QWidget | QtCore.QAbstractItemModel) -> None:
        """Count edits in these widgets as unsaved changes."""
        self._watched = [*self._watched, *(w for w in widgets if isinstance(w, QtWidgets.QWidget))]
        for w in widgets:
            if isinstance(w, QtWidgets.QLineEdit):
                w.textEdited.connect(self.mark_dirty)
            elif isinstance(w, QtWidgets.QPlainTextEdit | QtWidgets.QTextEdit):
                w.textChanged.connect(self.mark_dirty)
            elif isinstance(w, QtWidgets.QComboBox):
                w.currentIndexChanged.connect(self.mark_dirty)
                w.editTextChanged.connect(self.mark_dirty)
            elif isinstance(w, QtWidgets.QAbstractButton):
                w.toggled.connect(self.mark_dirty)
            elif isinstance(w, QtWidgets.QDateTimeEdit):
                w.dateTimeChanged.connect(self.mark_dirty)
            elif isinstance(w, QtWidgets.QSpinBox):
                w.valueChanged.connect(self.mark_dirty)
            elif isinstance(w, QtWidgets.QTableWidget | QtWidgets.QListWidget):
                w.itemChanged.connect(self.mark_dirty)
            elif isinstance(w, QtCore.QAbstractItemModel):
                for signal in (w.dataChanged, w.rowsInserted, w.rowsRemoved, w.modelReset):
                    signal.connect(self.mark_dirty)
            else:
                raise TypeError(f"cannot watch {type(w).__name__}")

    def mark_dirty(self, *_args: Any) -> None:
        if not self._loading:
            self._dirty = True

    def unsaved_typing(self) -> list[QtWidgets.QWidget]:
        """The text fields outside ``watch`` holding typing that nothing recorded yet."""
        return [] if self.saves_every_field else unsaved_typing(self, self._watched)

    @property
    def has_unsaved_changes(self) -> bool:
        return self._dirty or bool(self.unsaved_typing())

    def save_and_close(self) -> None:
        """The unsaved-changes box's Save: the dialog's own OK (it stays open when refused)."""
        self.accept()

    def keep_typed_text_here(self) -> bool:
        """Saving failed because the hub cannot be reached. A form without drafts keeps what
        was typed by staying open (the message says so); ``GuardedDialog`` also keeps it on
        this computer, encrypted."""
        return False

    def discard_changes(self) -> None:
        self._dirty = False

    def close_without_asking(self) -> None:
        self._closing = True
        try:
            super().reject()
        finally:
            self._closing = False

    def reject(self) -> None:
        """Escape, Close and the window's close box all come here."""
        if not self.has_unsaved_changes or self._closing:
            super().reject()
            return
        if self.unsaved_box is not None and self.unsaved_box.isVisible():
            return
        unrecorded = [field_name(f) for f in self.unsaved_typing()]
        box = UnsavedChangesBox(self, self.what, self.save_label, unrecorded)
        box.finished.connect(lambda _result: self._answered(box))
        self.unsaved_box = box
        box.open()

    def _answered(self, box: UnsavedChangesBox) -> None:
        choice = box.choice()
        box.deleteLater()
        self.unsaved_box = None
        if choice is Choice.SAVE:
            self.save_and_close()
        elif choice is Choice.DISCARD:
            self.discard_changes()
            self.close_without_asking()


class GuardedDialog(GuardedForm):
    """A ``GuardedForm`` over a record, keeping an encrypted draft of unsaved changes."""

    draft_kind = ""

    def __init__(
        self, session: UiSession, draft_ref: str | int, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.draft_ref = str(draft_ref)
        self.drafts = DraftService(session.ctx)
        self.waiting_draft: Draft | None = None
        self.last_status = ""
        self.draft_banner = DraftBanner(self)
        self.draft_banner.restore_button.clicked.connect(self.restore_waiting_draft)
        self.draft_banner.discard_button.clicked.connect(self.discard_waiting_draft)
        self.draft_timer = QtCore.QTimer(self)
        self.draft_timer.setSingleShot(True)
        self.draft_timer.setInterval(DRAFT_DELAY_MS)
        self.draft_timer.timeout.connect(self.keep_draft)

    # --- for subclasses ------------------------------------------------------------------
    def draft_payload(self) -> dict[str, Any]:
        raise NotImplementedError

    def restore_draft(self, payload: dict[str, Any]) -> None:
        raise NotImplementedError

    def save_changes(self) -> bool:
        raise NotImplementedError

    def mark_dirty(self, *_args: Any) -> None:
        if self._loading:
            return
        self._dirty = True
        self.draft_timer.start()

    def mark_saved(self) -> None:
        """After a successful save: nothing unsaved, no draft left behind."""
        self._dirty = False
        self.draft_timer.stop()
        with contextlib.suppress(ActionFailed):
            self.session.run(
                self, self.drafts.discard, self.session.actor, self.draft_kind, self.draft_ref
            )

    def status_message(self, text: str) -> None:
        self.last_status = text
        confirm_in_status_bar(self, text)

    # --- drafts ---------------------------------------------------------------------------
    def keep_draft(self) -> None:
        self.draft_timer.stop()
        if not self._dirty:
            return
        with contextlib.suppress(ActionFailed):
            self.session.run(self, self._keep_draft_quietly)

    def _keep_draft_quietly(self) -> None:
        # A hub out of reach: the draft waits on this computer; the Save says so, not a timer.
        with contextlib.suppress(ServerUnreachable):
            self.drafts.save(
                self.session.actor, self.draft_kind, self.draft_ref, self.draft_payload()
            )

    def keep_typed_text_here(self) -> bool:
        """Saving failed because the hub cannot be reached: keep the form on this computer,
        encrypted, until it can be saved (SEC-9)."""
        if not self._dirty:
            return False
        self.draft_timer.stop()
        return self.drafts.keep_here(self.draft_kind, self.draft_ref, self.draft_payload())

    def offer_draft(self) -> Draft | None:
        """Show the banner if this user kept a draft of this form that differs from it."""
        try:
            draft = self.session.run(
                self, self.drafts.load, self.session.actor, self.draft_kind, self.draft_ref
            )
        except ActionFailed:
            return None
        if draft is None or draft.payload == self.draft_payload():
            self.waiting_draft = None
            self.draft_banner.setVisible(False)
            return None
        self.waiting_draft = draft
        where = " on this computer, while the hub could not be reached," if draft.kept_here else ""
        self.draft_banner.text.setText(
            f"You have unsaved changes to this form kept as a draft{where} at "
            f"{to_london(draft.updated_at):%H:%M on %d/%m/%Y}. Restore them?"
        )
        self.draft_banner.setVisible(True)
        return draft

    def restore_waiting_draft(self) -> None:
        draft = self.waiting_draft
        if draft is None:
            return
        self.restore_draft(draft.payload)
        self._dirty = True  # restored, not yet saved
        self.waiting_draft = None
        self.draft_banner.setVisible(False)

    def discard_waiting_draft(self) -> None:
        self.waiting_draft = None
        self.draft_banner.setVisible(False)
        with contextlib.suppress(ActionFailed):
            self.session.run(
                self, self.drafts.discard, self.session.actor, self.draft_kind, self.draft_ref
            )

    # --- closing --------------------------------------------------------------------------
    def save_and_close(self) -> None:
        if not self.save_changes():
            return  # the form shows why; everything typed stays
        self.mark_saved()
        self.close_without_asking()

    def discard_changes(self) -> None:
        self._dirty = False
        self.draft_timer.stop()
        self.discard_waiting_draft()

    def hideEvent(self, event: Any) -> None:  # a lock or the main window closing hides us
        if self._dirty:
            self.keep_draft()
        super().hideEvent(event)
