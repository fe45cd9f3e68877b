"""'Permission requests' in the Research due area: the MASH manager asked this agency for leave
to pass shared items outside the MASH (ISP-5, ISP-7.1.4); the agency grants or refuses each,
with a note. Waiting requests come first."""

from __future__ import annotations

from mash_desktop.domain.clock import format_london
from mash_desktop.services.research.permissions import PermissionRequestRow, PermissionRequests
from ui.kit.changes import refresh_on_change
from ui.kit.messages import confirm_in_status_bar
from ui.kit.qt import QtWidgets
from ui.kit.session import UiSession
from ui.kit.table_model import Column, RowTableModel
from ui.kit.tables import configure_columns, selected
from ui.research.permission_dialogs import answer_dialog


def _answer(r: PermissionRequestRow) -> str:
    if r.status == "pending":
        return r.status_label
    return f"{r.status_label} by {r.answered_by}, {format_london(r.answered_at)}: {r.answer_note}"


REQUEST_COLUMNS: list[Column[PermissionRequestRow]] = [
    Column("Contact", lambda r: r.reference),
    Column("Item", lambda r: str(r.finding.id), lambda r: r.finding.id, align_right=True),
    Column("About", lambda r: r.finding.about),
    Column("Information", lambda r: r.finding.finding, tooltip=lambda r: r.finding.finding),
    Column("Asked by", lambda r: r.requested_by),
    Column("Asked (UK time)", lambda r: format_london(r.requested_at), lambda r: r.requested_at),
    Column("Why the team needs it", lambda r: r.note, tooltip=lambda r: r.note),
    Column("Answer", _answer, tooltip=_answer),
]


class PermissionRequestsPanel(QtWidgets.QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.service = PermissionRequests(session.ctx)
        self.open_dialog: QtWidgets.QDialog | None = None
        refresh_on_change(self, session, self.refresh)
        self.model: RowTableModel[PermissionRequestRow] = RowTableModel(REQUEST_COLUMNS, self)
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("permissionRequestsTable")
        self.table.setAccessibleName("Permission requests")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        configure_columns(self.table, (3, 6, 7))
        heading = QtWidgets.QLabel("&Permission requests")
        heading.setObjectName("dialogSubheading")
        heading.setBuddy(self.table)
        self.summary = QtWidgets.QLabel()
        self.grant_button = QtWidgets.QPushButton("&Grant permission...")
        self.grant_button.clicked.connect(lambda: self.answer_selected(True))
        self.refuse_button = QtWidgets.QPushButton("Refu&se permission...")
        self.refuse_button.clicked.connect(lambda: self.answer_selected(False))
        top = QtWidgets.QHBoxLayout()
        top.addWidget(heading)
        top.addWidget(self.summary, 1)
        top.addWidget(self.grant_button)
        top.addWidget(self.refuse_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.refresh()

    def refresh(self) -> None:
        rows = self.session.fetch(self, self.service.for_my_agency)
        if rows is None:
            return
        self.model.set_rows(rows)
        waiting = sum(r.status == "pending" for r in rows)
        self.summary.setText(
            f"{waiting} waiting for your answer" if waiting else "None waiting for your answer."
        )
        self._enable()

    def _enable(self) -> None:
        row = selected(self.table)
        pending = row is not None and row.status == "pending"
        self.grant_button.setEnabled(pending)
        self.refuse_button.setEnabled(pending)

    def answer_selected(self, grant: bool) -> QtWidgets.QDialog | None:
        found: PermissionRequestRow | None = selected(self.table)
        if found is None or found.status != "pending":
            return None
        row = found
        request_id = row.id

        def submit(note: str) -> None:
            self.service.answer(self.session.actor, request_id, grant, note)
            confirm_in_status_bar(
                self,
                f"Permission {'granted' if grant else 'refused'} for item {row.finding.id} "
                f"on contact {row.reference}.",
            )
            self.session.changed.emit()

        dialog = answer_dialog(self.session, row, grant, submit, self)
        self.open_dialog = dialog
        dialog.open()
        return dialog
