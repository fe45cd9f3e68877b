"""Asking for and answering permission for items to leave the MASH (ISP-5, ISP-7.1.4).

The MASH manager asks from the package composer (one request per item, one note for all);
the originating partner grants or refuses a request from its Research due area, with a note.
A rule the user breaks shows beside the note and the dialog stays open, keeping the text.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

from mash_desktop.services.research.permissions import PermissionRequestRow
from mash_desktop.services.research.rows import FindingRow
from ui.kit.dialogs import GuardedForm
from ui.kit.field_errors import FieldErrors, error_label
from ui.kit.qt import QtWidgets
from ui.kit.session import ActionFailed, UiSession


def item_words(f: FindingRow) -> str:
    about = f" about {f.about}" if f.about else ""
    return f"Item {f.id} from {f.agency_name}{about}: {f.finding}"


class PermissionNoteDialog(GuardedForm):
    """A short text, the note, and OK/Cancel; OK calls ``submit(note)``. Escape with a note
    typed asks Save / Discard / Keep editing (SEC-9)."""

    what = "This note"

    def __init__(
        self,
        session: UiSession,
        title: str,
        intro: str,
        note_label: str,
        ok_text: str,
        submit: Callable[[str], Any],
        parent: QtWidgets.QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._submit = submit
        self.result_value: Any = None
        self.setWindowTitle(title)
        text = QtWidgets.QLabel(intro)
        text.setWordWrap(True)
        self.note = QtWidgets.QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setAccessibleName(note_label.replace("&", ""))
        self.note.setMaximumHeight(90)
        label = QtWidgets.QLabel(note_label)
        label.setBuddy(self.note)
        self.general = error_label()
        self.errors = FieldErrors(self.general)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(label)
        layout.addWidget(self.note)
        layout.addWidget(self.errors.label_for("note"))
        layout.addWidget(self.general)
        layout.addWidget(buttons)
        self.resize(620, 320)
        self.save_label = ok_text
        self.watch(self.note)

    def accept(self) -> None:
        with contextlib.suppress(ActionFailed):
            self.result_value = self.errors.call(
                self.session, self, self._submit, self.note.toPlainText()
            )
            self._dirty = False
            super().accept()


def ask_permission_dialog(
    session: UiSession,
    items: Sequence[FindingRow],
    submit: Callable[[str], Any],
    parent: QtWidgets.QWidget | None = None,
) -> PermissionNoteDialog:
    lines = "\n".join(f"• {item_words(f)}" for f in items)
    partners = sorted({f.agency_name for f in items})
    return PermissionNoteDialog(
        session,
        "Ask the partners for permission",
        f"One request goes to each item's originating partner ({', '.join(partners)}), "
        f"which answers in its Research due area:\n{lines}",
        "&Why the team needs them (the partners read this)",
        "&Send requests",
        submit,
        parent,
    )


def answer_dialog(
    session: UiSession,
    row: PermissionRequestRow,
    grant: bool,
    submit: Callable[[str], Any],
    parent: QtWidgets.QWidget | None = None,
) -> PermissionNoteDialog:
    verb = "Grant" if grant else "Refuse"
    return PermissionNoteDialog(
        session,
        f"{verb} permission to leave the MASH",
        f"{row.requested_by} asks on contact {row.reference} for leave to pass this item to an "
        f"operational team outside the MASH:\n{item_words(row.finding)}\n"
        f'Their note: "{row.note}"',
        "Who &decided, and why" + (" (within the agreed principles)" if grant else ""),
        f"&{verb} permission",
        submit,
        parent,
    )
