"""Administrators configure the secure cabinets (InfoSec 2.2.1)."""

from __future__ import annotations

import contextlib

from mash_desktop.domain.errors import ValidationError
from mash_desktop.services.copies.cabinets import CabinetRow, CabinetService
from ui.kit.dialogs import GuardedForm
from ui.kit.qt import QtWidgets
from ui.kit.session import ActionFailed, UiSession
from ui.kit.table_model import Column, RowTableModel

COLUMNS: list[Column[CabinetRow]] = [
    Column("Code", lambda c: c.code),
    Column("Name", lambda c: c.name),
    Column("Location (inside the MASH)", lambda c: c.location),
    Column("State", lambda c: "In use" if c.active else "RETIRED"),
]


class CabinetsDialog(GuardedForm):
    what = "The new cabinet"
    save_label = "&Add cabinet"

    def __init__(self, session: UiSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.service = CabinetService(session.ctx)
        self.setWindowTitle("Secure cabinets")
        self.model: RowTableModel[CabinetRow] = RowTableModel(COLUMNS, self)
        self.table = QtWidgets.QTableView()
        self.table.setAccessibleName("Secure cabinets")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.code = QtWidgets.QLineEdit()
        self.code.setPlaceholderText("e.g. CAB-3")
        self.name = QtWidgets.QLineEdit()
        self.location = QtWidgets.QLineEdit()
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        add = QtWidgets.QPushButton("&Add cabinet")
        add.clicked.connect(self.add)
        toggle = QtWidgets.QPushButton("&Retire / bring back selected")
        toggle.clicked.connect(self.toggle_selected)
        form = QtWidgets.QFormLayout()
        for label, widget in (
            ("&Code", self.code),
            ("&Name", self.name),
            ("&Location", self.location),
        ):
            caption = QtWidgets.QLabel(label)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        form.addRow(add)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(toggle)
        layout.addLayout(form)
        layout.addWidget(self.error)
        close = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(640, 460)
        self.watch(self.code, self.name, self.location)
        self.refresh()

    def refresh(self) -> None:
        with contextlib.suppress(ActionFailed):
            self.model.set_rows(
                self.session.run(
                    self, self.service.list_cabinets, self.session.actor, include_inactive=True
                )
            )
            self.table.resizeColumnsToContents()

    def _attempt(self, fn, *args) -> bool:  # type: ignore[no-untyped-def]
        try:
            fn(self.session.actor, *args)
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            return False
        except Exception:
            self.session.act(self, fn, *args)
            return False
        self.error.setVisible(False)
        self.refresh()
        return True

    def add(self) -> None:
        if self._attempt(
            self.service.add_cabinet, self.code.text(), self.name.text(), self.location.text()
        ):
            self.code.clear()
            self.name.clear()
            self.location.clear()
            self._dirty = False

    def save_and_close(self) -> None:
        self.add()
        if not self._dirty:
            self.close_without_asking()

    def toggle_selected(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        cab = self.model.row_at(index.row())
        self._attempt(self.service.update_cabinet, cab.id, cab.name, cab.location, not cab.active)
