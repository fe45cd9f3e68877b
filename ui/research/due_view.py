"""The "Research due" area: what the user's agency was asked to research (ISP-1)."""

from __future__ import annotations

import contextlib

from mash_desktop.domain.clock import format_london
from mash_desktop.services.research.rows import DueRow
from mash_desktop.services.research.service import ResearchService
from ui.kit.changes import refresh_on_change
from ui.kit.qt import QtCore, QtGui, QtWidgets
from ui.kit.session import ActionFailed, UiSession
from ui.kit.table_model import Column, RowTableModel, sortable_proxy
from ui.kit.tables import configure_columns, selected
from ui.research.permission_requests_view import PermissionRequestsPanel
from ui.research.research_widget import ContactResearchWidget

DUE_COLUMNS: list[Column[DueRow]] = [
    Column("Contact", lambda r: r.reference),
    Column(
        "RAG", lambda r: r.rag.capitalize(), lambda r: {"red": 0, "amber": 1, "green": 2}[r.rag]
    ),
    Column("State", lambda r: r.state.label),
    Column("Requested", lambda r: format_london(r.requested_at), lambda r: r.requested_at),
    Column("Due (UK time)", lambda r: format_london(r.due_at), lambda r: r.due_at),
    Column("Overdue", lambda r: "OVERDUE" if r.overdue else "", lambda r: not r.overdue),
]


class ResearchDueView(QtWidgets.QWidget):
    """The agency's research due, soonest first; opens a contact's research panels."""

    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        refresh_on_change(self, session, self.refresh)
        self.service = ResearchService(session.ctx)
        self.open_windows: list[QtWidgets.QWidget] = []
        self.model: RowTableModel[DueRow] = RowTableModel(DUE_COLUMNS, self)
        self.proxy = sortable_proxy(self.model, self)

        heading = QtWidgets.QLabel(f"Research due - {session.actor.agency_code}")
        heading.setObjectName("areaHeading")
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("researchDueTable")
        self.table.setAccessibleName("Research due from your agency")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(4, QtCore.Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        configure_columns(self.table, (len(DUE_COLUMNS) - 1,))
        self.table.doubleClicked.connect(lambda _i: self.open_selected())

        self.open_button = QtWidgets.QPushButton("&Open research")
        self.open_button.clicked.connect(self.open_selected)
        refresh = QtWidgets.QPushButton("Re&fresh")
        refresh.clicked.connect(self.refresh)
        self.reference = QtWidgets.QLineEdit()
        self.reference.setPlaceholderText("contact reference")
        self.reference.returnPressed.connect(self.open_reference)
        ref_label = QtWidgets.QLabel("Contact &reference")
        ref_label.setBuddy(self.reference)
        by_ref = QtWidgets.QPushButton("Open &contact")
        by_ref.clicked.connect(self.open_reference)
        self.status = QtWidgets.QLabel()

        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(refresh)
        buttons.addStretch(1)
        buttons.addWidget(ref_label)
        buttons.addWidget(self.reference)
        buttons.addWidget(by_ref)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.status)
        # ISP-5: the MASH manager's requests for leave to pass items outside the MASH.
        self.permissions = PermissionRequestsPanel(session)
        layout.addWidget(self.permissions, 2)
        open_shortcut = QtGui.QShortcut(QtGui.QKeySequence("Return"), self.table)
        open_shortcut.activated.connect(self.open_selected)
        self.refresh()

    def refresh(self) -> None:
        rows = self.session.fetch(self, self.service.research_due)
        if rows is None:
            return
        self.model.set_rows(rows)
        overdue = sum(r.overdue for r in rows)
        self.status.setText(f"{len(rows)} to research; {overdue} overdue.")

    def open_selected(self) -> ContactResearchWidget | None:
        row = selected(self.table)
        return None if row is None else self.open_contact(row.contact_id)

    def open_reference(self) -> ContactResearchWidget | None:
        with contextlib.suppress(ActionFailed):
            contact_id = self.session.run(
                self, self.service.find_contact, self.session.actor, self.reference.text()
            )
            return self.open_contact(contact_id)
        return None

    def open_contact(self, contact_id: int) -> ContactResearchWidget:
        """The contact's research panels in their own window (the contact view embeds them)."""
        from ui.research.window import ResearchWindow

        window = ResearchWindow(
            self.session, contact_id, "Agency research - OFFICIAL-SENSITIVE", self
        )
        window.finished.connect(lambda _r: self.refresh())
        window.finished.connect(lambda _r, w=window: self.open_windows.remove(w))
        window.show()
        self.open_windows.append(window)
        return window.widget
