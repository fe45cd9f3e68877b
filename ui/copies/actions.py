"""Small forms for register changes: move, check out, return, destroy, missing, found.

Each returns what the user entered (or None when cancelled); the caller calls the service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mash_desktop.domain.copy_register import DestructionMethod
from mash_desktop.services.copies.cabinets import CabinetRow
from ui.kit.dialogs import GuardedForm
from ui.kit.qt import QtWidgets

# Where a checked-out copy may be used. The last choice is there on purpose: choosing it is
# refused and recorded as a security incident (InfoSec 2.2.1, SEC-4).
INSIDE_PLACES = ("MASH office", "MASH meeting room", "Strategy discussion room (MASH)")
OUTSIDE = "Outside the MASH secure environment (court, home visit, another office...)"


class FormDialog(GuardedForm):
    def __init__(self, title: str, intro: str, parent: QtWidgets.QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QtWidgets.QFormLayout(self)
        if intro:
            label = QtWidgets.QLabel(intro)
            label.setWordWrap(True)
            self.form.addRow(label)
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.setVisible(False)

    def add(self, label: str, widget: QtWidgets.QWidget) -> None:
        caption = QtWidgets.QLabel(label)
        caption.setBuddy(widget)
        self.form.addRow(caption, widget)
        self.watch(widget)

    def finish(self, ok_text: str) -> None:
        self.form.addRow(self.error)
        buttons = QtWidgets.QDialogButtonBox()  # Tab follows the order buttons are added in
        buttons.addButton(ok_text, QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.form.addRow(buttons)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)


def cabinet_box(cabinets: Sequence[CabinetRow], exclude: int | None = None) -> QtWidgets.QComboBox:
    box = QtWidgets.QComboBox()
    for cabinet in cabinets:
        if cabinet.id != exclude:
            box.addItem(cabinet.label, cabinet.id)
    return box


class MoveDialog(FormDialog):
    def __init__(
        self, cabinets: Sequence[CabinetRow], current: int, parent: QtWidgets.QWidget | None
    ) -> None:
        super().__init__("Move copy", "Move the copy to another secure cabinet.", parent)
        self.cabinet = cabinet_box(cabinets, exclude=current)
        self.note = QtWidgets.QLineEdit()
        self.add("&To cabinet", self.cabinet)
        self.add("&Note", self.note)
        self.finish("&Move")


@dataclass(frozen=True)
class CheckOut:
    person: str
    where: str
    leaves_mash: bool
    hours: int


class CheckOutDialog(FormDialog):
    def __init__(self, default_person: str, parent: QtWidgets.QWidget | None) -> None:
        super().__init__(
            "Check out copy",
            "A checked-out copy stays inside the MASH secure environment and comes back to a "
            "secure cabinet. Paper may never leave the MASH.",
            parent,
        )
        self.person = QtWidgets.QLineEdit(default_person)
        self.where = QtWidgets.QComboBox()
        for place in INSIDE_PLACES:
            self.where.addItem(place)
        self.where.addItem(OUTSIDE)
        self.hours = QtWidgets.QSpinBox()
        self.hours.setRange(1, 72)
        self.hours.setValue(8)
        self.hours.setSuffix(" hours")
        self.add("Taken &by", self.person)
        self.add("&Where", self.where)
        self.add("&Due back in", self.hours)
        self.finish("&Check out")

    def value(self) -> CheckOut:
        where = self.where.currentText()
        return CheckOut(self.person.text().strip(), where, where == OUTSIDE, self.hours.value())


@dataclass(frozen=True)
class Destruction:
    method: DestructionMethod
    witness: str
    witness_password: str


class DestroyDialog(FormDialog):
    def __init__(self, parent: QtWidgets.QWidget | None) -> None:
        super().__init__(
            "Destroy copy",
            "Secure destruction must be witnessed by another member of staff, who confirms "
            "with their own password.",
            parent,
        )
        self.method = QtWidgets.QComboBox()
        for method in DestructionMethod:
            self.method.addItem(method.label, method.value)
        self.witness = QtWidgets.QLineEdit()
        self.witness.setPlaceholderText("witness's user name")
        self.password = QtWidgets.QLineEdit()
        self.password.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.add("&Method", self.method)
        self.add("&Witness", self.witness)
        self.add("Witness's &password", self.password)
        self.finish("&Record destruction")

    def value(self) -> Destruction:
        return Destruction(
            DestructionMethod(self.method.currentData()),
            self.witness.text().strip(),
            self.password.text(),
        )


class NoteDialog(FormDialog):
    def __init__(
        self,
        title: str,
        intro: str,
        cabinets: Sequence[CabinetRow] | None,
        ok_text: str,
        parent: QtWidgets.QWidget | None,
    ) -> None:
        super().__init__(title, intro, parent)
        self.cabinet = cabinet_box(cabinets) if cabinets is not None else None
        if self.cabinet is not None:
            self.add("&Cabinet", self.cabinet)
        self.note = QtWidgets.QLineEdit()
        self.add("&Note", self.note)
        self.finish(ok_text)
