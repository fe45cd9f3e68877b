"""Earlier contacts about the same child (RQ-3): suggested matches, strongest first, and the
desk officer's decision that two records are, or are not, the same child; from here an
earlier contact opens read-only, the person search and the child's chronology (RQ-8)."""

from __future__ import annotations

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.contact_codes import LinkDecision
from mash_desktop.services.contacts.matching import MatchingService, MatchRow
from mash_desktop.services.contacts.rows import ContactDetail
from ui.kit.qt import Qt, QtWidgets
from ui.kit.session import ActionFailed, UiSession
from ui.kit.shortcuts import shortcut
from ui.kit.table_model import Column, RowTableModel
from ui.kit.tables import selected

MATCH_COLUMNS: list[Column[MatchRow]] = [
    Column("Child here", lambda m: m.child_name),
    Column("Earlier record", lambda m: m.other_name),
    Column("DOB", lambda m: m.other_dob.strftime("%d/%m/%Y") if m.other_dob else ""),
    Column("Match", lambda m: "NHS number" if m.kind == "nhs" else "Name + DOB"),
    Column("Why", lambda m: m.reasons, tooltip=lambda m: m.reasons),
    Column("Decision", lambda m: m.decision.label if m.decision else "Not yet decided"),
    Column("Objection / restriction", lambda m: m.rights),  # ISP-14
    Column("Contact", lambda m: m.other_reference),
    Column("Received", lambda m: format_london(m.other_received_at)),
    Column(
        "Status",
        lambda m: (
            m.other_status.capitalize()
            + (
                f" - OPEN CSC CASE ({m.other_allocated_team or 'team not named'})"
                if m.other_csc_case_open
                else ""
            )
        ),
    ),
]


class MatchesPanel(QtWidgets.QGroupBox):
    def __init__(
        self,
        session: UiSession,
        contact_id: int,
        parent: QtWidgets.QWidget | None = None,
        detail: ContactDetail | None = None,
    ) -> None:
        super().__init__("Earlier contacts about the same child (check before triage)", parent)
        self.session = session
        self.contact_id = contact_id
        self.child_rows = detail.children if detail else ()
        self.opened: list[QtWidgets.QDialog] = []  # read-only views etc. opened from here
        self.matching = MatchingService(session.ctx)
        self.matches: RowTableModel[MatchRow] = RowTableModel(MATCH_COLUMNS, self)
        self.match_table = QtWidgets.QTableView()
        self.match_table.setObjectName("matchTable")
        self.match_table.setAccessibleName("Earlier contacts about the same child")
        self.match_table.setModel(self.matches)
        self.match_table.setSelectionBehavior(
            QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows
        )
        self.match_table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.match_table.verticalHeader().setVisible(False)
        self.match_table.horizontalHeader().setStretchLastSection(True)
        self.match_table.setMinimumHeight(150)
        self.match_table.doubleClicked.connect(lambda _i: self.open_read_only())
        self.match_note = QtWidgets.QLabel()
        self.same_button = QtWidgets.QPushButton("&Same child")
        self.not_same_button = QtWidgets.QPushButton("&Not the same")
        self.same_button.clicked.connect(lambda: self.decide(LinkDecision.SAME))
        self.not_same_button.clicked.connect(lambda: self.decide(LinkDecision.NOT_SAME))
        self.read_only_button = QtWidgets.QPushButton("Open earl&ier contact (read only)")
        self.read_only_button.clicked.connect(self.open_read_only)
        self.person_button = QtWidgets.QPushButton("&Find a person... (Ctrl+Shift+F)")
        self.person_button.clicked.connect(self.find_person)
        self.chronology_button = QtWidgets.QPushButton("Chronolog&y (Ctrl+H)")
        self.chronology_button.clicked.connect(self.open_chronology)
        shortcut("Ctrl+Shift+F", self, self.find_person)
        shortcut("Ctrl+H", self, self.open_chronology)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.match_note, 1)
        for b in (
            self.read_only_button,
            self.person_button,
            self.chronology_button,
            self.same_button,
            self.not_same_button,
        ):
            buttons.addWidget(b)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.match_table)
        layout.addLayout(buttons)

    def load(self) -> None:
        try:
            rows = self.session.run(
                self, self.matching.matches, self.session.actor, self.contact_id
            )
        except ActionFailed:
            return
        self.matches.set_rows(rows)
        self.match_table.resizeColumnsToContents()
        self.match_note.setText(
            f"{len(rows)} possible match(es), strongest first."
            if rows
            else "No earlier contacts found for these children."
        )

    def decide(self, decision: LinkDecision) -> None:
        match = selected(self.match_table)
        if match is None:
            self.match_note.setText("Select a suggested match first.")
            return
        try:
            self.session.run(
                self,
                self.matching.decide,
                self.session.actor,
                match.child_subject_id,
                match.other_subject_id,
                decision,
            )
        except ActionFailed:
            return
        self.load()

    # --- RQ-8: the earlier contact read-only, the person search, the chronology ----------
    def _show(self, dialog: QtWidgets.QDialog | None) -> QtWidgets.QDialog | None:
        if dialog is not None:
            self.opened.append(dialog)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(lambda _o=None, d=dialog: self.opened.remove(d))
            dialog.show()
        return dialog

    def open_read_only(self) -> QtWidgets.QDialog | None:
        from ui.contacts.person_search import open_read_only

        match = selected(self.match_table)
        if match is None:
            self.match_note.setText("Select an earlier contact first.")
            return None
        return self._show(open_read_only(self.session, match.other_contact_id, self))

    def find_person(self) -> QtWidgets.QDialog | None:
        from ui.contacts.person_search import PersonSearchDialog

        child = self.child_rows[0] if self.child_rows else None
        name = child.full_name if child else ""
        dob = child.dob.strftime("%d/%m/%Y") if child and child.dob else ""
        return self._show(PersonSearchDialog(self.session, self, name=name, dob=dob))

    def open_chronology(self) -> QtWidgets.QDialog | None:
        from ui.contacts.chronology_view import ChronologyDialog

        match = selected(self.match_table)
        subject_id = match.child_subject_id if match else None
        if subject_id is None and self.child_rows:
            subject_id = self.child_rows[0].id
        if subject_id is None:
            self.match_note.setText("This contact names no child.")
            return None
        try:
            return self._show(ChronologyDialog(self.session, subject_id, self))
        except ActionFailed:
            return None
