"""The copy register area (SEC-5): every paper copy, filtered by status, cabinet and overdue
returns; scan or type a reference to open a copy; print controlled copies; cabinets (admin)."""

from __future__ import annotations

import contextlib

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.copy_register import CopyStatus
from mash_desktop.domain.errors import AuthenticationError, MashError
from mash_desktop.domain.plain_words import object_type_words
from mash_desktop.domain.roles import Role
from mash_desktop.services.copies.cabinets import CabinetService
from mash_desktop.services.copies.register import (
    CopyFilter,
    CopyRecord,
    CopyRegisterService,
    CopyRow,
)
from ui.copies.check_in import CheckInBar
from ui.copies.print_flow import DocumentChoice, start_print
from ui.copies.record import CopyRecordDialog
from ui.kit.changes import refresh_on_change
from ui.kit.qt import QtCore, QtGui, QtWidgets
from ui.kit.session import ActionFailed, UiSession
from ui.kit.table_model import Column, RowTableModel, sortable_proxy

COLUMNS: list[Column[CopyRow]] = [
    Column("Reference", lambda r: r.reference),
    Column(
        "Copy",
        lambda r: f"{r.copy_number} of {r.copy_count}",
        lambda r: (r.copy_number, r.copy_count),
    ),
    Column("Document", lambda r: r.title, tooltip=lambda r: object_type_words(r.object_type)),
    Column("Recipient", lambda r: r.recipient),
    Column("Cabinet", lambda r: r.cabinet),
    Column("Status", lambda r: r.status_text, lambda r: (not r.overdue, r.status.value)),
    Column("Holder", lambda r: r.holder),
    Column(
        "Due back (UK time)",
        lambda r: format_london(r.due_back_at),
        lambda r: r.due_back_at.isoformat() if r.due_back_at else "",
    ),
    Column("Printed by", lambda r: r.printed_by),
    Column("Printed (UK time)", lambda r: format_london(r.printed_at), lambda r: r.printed_at),
]


class CopyRegisterView(QtWidgets.QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        refresh_on_change(self, session, self.refresh)
        self.service = CopyRegisterService(session.ctx)
        self.cabinet_service = CabinetService(session.ctx)
        self.model: RowTableModel[CopyRow] = RowTableModel(COLUMNS, self)
        self.proxy = sortable_proxy(self.model, self)
        self.open_records: list[CopyRecordDialog] = []

        self.scan = QtWidgets.QLineEdit()
        self.scan.setObjectName("scanToFind")
        self.scan.setPlaceholderText("Scan the QR code or type a reference, then Enter")
        self.scan.setAccessibleName("Scan to find a copy")
        self.scan.returnPressed.connect(self.find_scanned)
        self.check_in = CheckInBar(session)  # refreshes the register through session.changed
        self.scan_error = QtWidgets.QLabel()
        self.scan_error.setObjectName("errorLabel")
        self.scan_error.setVisible(False)
        focus_scan = QtGui.QShortcut(QtGui.QKeySequence("Ctrl+F"), self)
        focus_scan.activated.connect(self.scan.setFocus)

        self.status = QtWidgets.QComboBox()
        self.status.addItem("(any status)", None)
        for status in CopyStatus:
            self.status.addItem(status.label, status.value)
        self.cabinet = QtWidgets.QComboBox()
        self.overdue = QtWidgets.QCheckBox("Over&due returns only")
        self.text = QtWidgets.QLineEdit()
        self.text.setPlaceholderText("reference, document or recipient")
        for signal in (self.status.currentIndexChanged, self.cabinet.currentIndexChanged):
            signal.connect(self.refresh)
        self.overdue.toggled.connect(self.refresh)
        self.text.returnPressed.connect(self.refresh)
        search = QtWidgets.QPushButton("&Search")
        search.clicked.connect(self.refresh)
        self.print_button = QtWidgets.QPushButton("&Print...")
        self.print_button.clicked.connect(self.print_documents)
        self.cabinets_button = QtWidgets.QPushButton("Ca&binets...")
        self.cabinets_button.clicked.connect(self.edit_cabinets)
        self.cabinets_button.setVisible(session.actor.role is Role.ADMINISTRATOR)

        scan_row = QtWidgets.QHBoxLayout()
        scan_label = QtWidgets.QLabel("Scan to &find (Ctrl+F)")
        scan_label.setBuddy(self.scan)
        scan_row.addWidget(scan_label)
        scan_row.addWidget(self.scan, 1)
        scan_row.addWidget(self.print_button)
        scan_row.addWidget(self.cabinets_button)

        filters = QtWidgets.QHBoxLayout()
        for label, widget in (
            ("S&tatus", self.status),
            ("C&abinet", self.cabinet),
            ("&Text", self.text),
        ):
            caption = QtWidgets.QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addWidget(self.overdue)
        filters.addWidget(search)
        filters.addStretch(1)

        self.table = QtWidgets.QTableView()
        self.table.setObjectName("copyRegisterTable")
        self.table.setAccessibleName("Controlled copies")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, QtCore.Qt.SortOrder.DescendingOrder)  # newest first
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self.open_selected)
        open_shortcut = QtGui.QShortcut(QtGui.QKeySequence("Return"), self.table)
        open_shortcut.setContext(QtCore.Qt.ShortcutContext.WidgetShortcut)
        open_shortcut.activated.connect(lambda: self.open_selected(self.table.currentIndex()))
        self.summary = QtWidgets.QLabel()

        heading = QtWidgets.QLabel("Copy register")
        heading.setObjectName("areaHeading")
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(scan_row)
        layout.addWidget(self.scan_error)
        layout.addWidget(self.check_in)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.setFocusProxy(self.scan)  # a scanner types into whatever has focus: be ready
        self.load_cabinets()
        self.refresh()

    def load_cabinets(self) -> None:
        current = self.cabinet.currentData()
        self.cabinet.blockSignals(True)
        self.cabinet.clear()
        self.cabinet.addItem("(any cabinet)", None)
        with contextlib.suppress(ActionFailed):
            for cab in self.session.run(
                self, self.cabinet_service.list_cabinets, self.session.actor, include_inactive=True
            ):
                self.cabinet.addItem(cab.label if cab.active else f"{cab.label} - retired", cab.id)
        index = self.cabinet.findData(current)
        self.cabinet.setCurrentIndex(max(index, 0))
        self.cabinet.blockSignals(False)

    def current_filter(self) -> CopyFilter:
        status = self.status.currentData()
        return CopyFilter(
            status=CopyStatus(status) if status else None,
            cabinet_id=self.cabinet.currentData(),
            overdue_only=self.overdue.isChecked(),
            text=self.text.text().strip(),
        )

    def refresh(self) -> None:
        rows = self.session.fetch(self, self.service.list_copies, self.current_filter())
        if rows is None:
            return
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        overdue = sum(1 for r in rows if r.overdue)
        text = f"{len(rows)} cop{'y' if len(rows) == 1 else 'ies'} shown"
        if overdue:
            text += f"; {overdue} OVERDUE for return"
        uncollected = sum(1 for r in rows if r.not_collected)
        if uncollected:
            text += f"; {uncollected} NOT COLLECTED from the printer"
        self.summary.setText(text + ".")

    # --- scan to find ---------------------------------------------------------------------
    def find_scanned(self) -> CopyRecordDialog | None:
        """Open the copy whose reference was scanned or typed; a misread is said beside it."""
        text = self.scan.text()
        try:
            record = self.service.find(self.session.actor, text)
        except AuthenticationError as exc:  # suspended meanwhile: the session ends
            self.session.ended.emit(str(exc))
            return None
        except MashError as exc:
            self.scan_error.setText(str(exc))
            self.scan_error.setVisible(True)
            self.scan.selectAll()
            return None
        self.scan_error.setVisible(False)
        self.scan.clear()
        return self.open_record(record)

    def open_record(self, record: CopyRecord) -> CopyRecordDialog:
        dialog = CopyRecordDialog(self.session, record, self)
        dialog.changed.connect(self.refresh)
        dialog.finished.connect(lambda _code, d=dialog: self._forget(d))
        self.open_records.append(dialog)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _forget(self, dialog: CopyRecordDialog) -> None:
        if dialog in self.open_records:
            self.open_records.remove(dialog)

    def open_selected(self, index: QtCore.QModelIndex) -> CopyRecordDialog | None:
        if not index.isValid():
            return None
        row = self.model.row_at(self.proxy.mapToSource(index).row())
        with contextlib.suppress(ActionFailed):
            record = self.session.run(self, self.service.find, self.session.actor, row.reference)
            return self.open_record(record)
        return None

    # --- printing and cabinets ---------------------------------------------------------
    def document_choices(self) -> list[DocumentChoice]:
        """The register as filtered; contacts and strategy records print from their own views."""
        flt = self.current_filter()
        choices = [
            DocumentChoice(
                f"Copy register ({flt.describe()})",
                lambda actor: self.service.register_document(actor, flt),
            )
        ]
        return choices

    def print_documents(self) -> None:
        with contextlib.suppress(ActionFailed):
            start_print(self.session, self, self.document_choices())
        self.refresh()

    def edit_cabinets(self) -> None:
        from ui.copies.cabinets_dialog import CabinetsDialog

        dialog = CabinetsDialog(self.session, self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)  # exec() deletes it
        dialog.exec()
        self.load_cabinets()
        self.refresh()
