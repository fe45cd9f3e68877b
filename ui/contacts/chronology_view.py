"""A child's chronology (RQ-8): every contact, decision, research as this officer may see it
(ISP-2), strategy discussion, action and conference date, newest first with who and when;
printable as controlled copies (SEC-5)."""

from __future__ import annotations

import contextlib

from mash_desktop.domain.clock import format_london
from mash_desktop.services.contacts.chronology import ChronologyEntry, ChronologyService
from ui.kit.qt import QtGui, QtWidgets
from ui.kit.screen import fit_to_screen
from ui.kit.session import ActionFailed, UiSession
from ui.kit.shortcuts import shortcut
from ui.kit.table_model import Column, RowTableModel
from ui.kit.tables import configure_columns

ENTRY_COLUMNS: list[Column[ChronologyEntry]] = [
    Column("When", lambda e: format_london(e.when), lambda e: e.when),
    Column("What", lambda e: e.what),
    Column("Contact", lambda e: e.contact_reference),
    Column("Details", lambda e: e.detail, tooltip=lambda e: e.detail),
    Column("Who", lambda e: e.who or "-"),
]


class ChronologyDialog(QtWidgets.QDialog):
    """Nothing is typed here: the story to read, print or close."""

    def __init__(
        self, session: UiSession, subject_id: int, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.subject_id = subject_id
        self.service = ChronologyService(session.ctx)
        self.chronology = session.run(
            parent or self, self.service.chronology, session.actor, subject_id
        )
        c = self.chronology
        self.setWindowTitle(f"Chronology of {c.child_name} - OFFICIAL-SENSITIVE")
        born = c.child_dob.strftime("%d/%m/%Y") if c.child_dob else "date of birth not known"
        heading = QtWidgets.QLabel(f"Chronology of {c.child_name}, born {born}")
        heading.setObjectName("dialogHeading")
        summary = QtWidgets.QLabel(
            f"{len(c.entries)} entries from {len(c.contact_references)} contact(s), newest "
            "first. Research another agency has not shared is not shown."
            + (
                f" {c.withheld_discussions} strategy discussion(s) are listed without details: "
                "only the agencies involved can see them."
                if c.withheld_discussions
                else ""
            )
        )
        summary.setWordWrap(True)
        self.open_case = QtWidgets.QLabel(c.open_case)
        self.open_case.setObjectName("openCaseWarning")
        self.open_case.setStyleSheet("color: #8b0000; font-weight: bold;")
        self.open_case.setVisible(bool(c.open_case))
        self.entries: RowTableModel[ChronologyEntry] = RowTableModel(ENTRY_COLUMNS, self)
        self.entries.set_rows(c.entries)
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("chronologyTable")
        self.table.setAccessibleName("Chronology entries, newest first")
        self.table.setModel(self.entries)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        configure_columns(self.table, stretch=(3,))
        self.print_button = QtWidgets.QPushButton("&Print controlled copies... (Ctrl+P)")
        self.print_button.clicked.connect(self.print_chronology)
        shortcut(QtGui.QKeySequence.StandardKey.Print, self, self.print_chronology)
        close = QtWidgets.QPushButton("Close")
        close.clicked.connect(self.close)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.print_button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.open_case)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        fit_to_screen(self, 1280, 700)

    def print_chronology(self) -> None:
        """Controlled paper copies (SEC-5): registered, then printed."""
        from ui.copies.print_flow import DocumentChoice, start_print

        subject_id = self.subject_id
        choice = DocumentChoice(
            f"Chronology of {self.chronology.child_name} (as you may see it)",
            lambda actor: self.service.printable(actor, subject_id),
        )
        with contextlib.suppress(ActionFailed):
            start_print(self.session, self, [choice])
