"""Find a person (RQ-8, RQ-3): by name (spelling and script tolerant), date of birth, NHS
number, other identifier or address; every earlier contact with its reference, date, outcome
and status, an open Children's Social Care case first and in capitals. From a result: the
contact read-only, or the child's chronology. Every search is audited by the service."""

from __future__ import annotations

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.nhs import nhs_number_valid
from mash_desktop.services.contacts.people import PersonHit, PersonQuery, PersonSearchService
from ui.contacts.intake_form import parse_dob
from ui.kit.qt import Qt, QtGui, QtWidgets
from ui.kit.screen import fit_to_screen
from ui.kit.session import ActionFailed, UiSession
from ui.kit.shortcuts import shortcut
from ui.kit.table_model import Column, RowTableModel
from ui.kit.tables import configure_columns, selected

HIT_COLUMNS: list[Column[PersonHit]] = [
    Column("Children's Social Care", lambda h: h.case_words or "-"),
    Column("Name", lambda h: h.name),
    Column("Objection / restriction", lambda h: h.rights or "-"),  # ISP-14
    Column("Born", lambda h: h.dob.strftime("%d/%m/%Y") if h.dob else "Not known"),
    Column("On the contact as", lambda h: h.role_words),
    Column("Contact", lambda h: h.reference),
    Column("Received", lambda h: format_london(h.received_at), lambda h: h.received_at),
    Column("Outcome", lambda h: h.outcome_words),
    Column("Status", lambda h: h.status_words),
    Column(
        "Why it matched", lambda h: "; ".join(h.reasons), tooltip=lambda h: "; ".join(h.reasons)
    ),
]


class PersonSearchDialog(QtWidgets.QDialog):
    """Search terms are not kept: a search is typed again (nothing recorded is lost)."""

    def __init__(
        self,
        session: UiSession,
        parent: QtWidgets.QWidget | None = None,
        name: str = "",
        dob: str = "",
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.service = PersonSearchService(session.ctx)
        self.setWindowTitle("Find a person - OFFICIAL-SENSITIVE")
        self.name = QtWidgets.QLineEdit(name)
        self.name.setPlaceholderText("first name, surname or both; spelling need not be exact")
        self.dob = QtWidgets.QLineEdit(dob)
        self.dob.setPlaceholderText("dd/mm/yyyy")
        self.nhs = QtWidgets.QLineEdit()
        self.identifier = QtWidgets.QLineEdit()
        self.identifier.setPlaceholderText("PNC ID, LA ID or UPN")
        self.address = QtWidgets.QLineEdit()
        self.address.setPlaceholderText("words of the address or the postcode")
        form = QtWidgets.QGridLayout()
        fields = (
            ("&Name", self.name),
            ("&Date of birth", self.dob),
            ("N&HS number", self.nhs),
            ("Other &identifier", self.identifier),
            ("&Address or postcode", self.address),
        )
        for n, (text, widget) in enumerate(fields):
            label = QtWidgets.QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            row, col = divmod(n, 3)
            form.addWidget(label, row, col * 2)
            form.addWidget(widget, row, col * 2 + 1)
        self.search_button = QtWidgets.QPushButton("&Search (Enter)")
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        form.addWidget(self.search_button, 1, 5)
        self.note = QtWidgets.QLabel("Type what you know and press Enter.")
        self.note.setObjectName("searchNote")
        self.note.setWordWrap(True)
        self.open_case = QtWidgets.QLabel()
        self.open_case.setObjectName("openCaseWarning")
        self.open_case.setWordWrap(True)
        self.open_case.setStyleSheet("color: #8b0000; font-weight: bold;")
        self.hits: RowTableModel[PersonHit] = RowTableModel(HIT_COLUMNS, self)
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("personResults")
        self.table.setAccessibleName("People found")
        self.table.setModel(self.hits)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        configure_columns(self.table, stretch=(len(HIT_COLUMNS) - 1,))  # why it matched wraps
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        for key in ("Return", "Enter"):
            on_table = QtGui.QShortcut(QtGui.QKeySequence(key), self.table)
            on_table.setContext(Qt.ShortcutContext.WidgetShortcut)
            on_table.activated.connect(self.open_selected)
        self.open_button = QtWidgets.QPushButton("&Open read-only")
        self.open_button.clicked.connect(self.open_selected)
        self.chronology_button = QtWidgets.QPushButton("&Chronology (Ctrl+H)")
        self.chronology_button.clicked.connect(self.open_chronology)
        shortcut("Ctrl+H", self, self.open_chronology)
        close = QtWidgets.QPushButton("Close")
        close.clicked.connect(self.close)
        buttons = QtWidgets.QHBoxLayout()
        for b in (self.open_button, self.chronology_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.open_case)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 1300, 640)
        self.opened: list[QtWidgets.QDialog] = []  # windows opened from here (tests look)
        self.name.setFocus()
        if name or dob:
            self.search()

    def query(self) -> PersonQuery | None:
        try:
            dob = parse_dob(self.dob.text())
        except ValueError:
            self.note.setText("Write the date of birth as dd/mm/yyyy.")
            self.dob.setFocus()
            return None
        if self.nhs.text().strip() and not nhs_number_valid(self.nhs.text()):
            # A slip in one digit would find nobody and look like "no earlier contact".
            self.note.setText(
                "That NHS number cannot be right: it has ten digits, the last one a check "
                "on the other nine. Look at it again."
            )
            self.nhs.setFocus()
            return None
        return PersonQuery(
            name=self.name.text(),
            dob=dob,
            nhs_number=self.nhs.text(),
            identifier=self.identifier.text(),
            address=self.address.text(),
        )

    def search(self) -> None:
        query = self.query()
        if query is None:
            return
        try:
            results = self.session.run(self, self.service.search, self.session.actor, query)
        except ActionFailed:
            return
        # An open CSC case first: it decides where a new contact goes (RQ-4, SD-0).
        hits = sorted(results.hits, key=lambda h: not h.csc_case_open)
        self.hits.set_rows(hits)
        more = " More were found: add a date of birth or a surname." if results.more else ""
        self.note.setText(
            f"{len(hits)} found, strongest match first.{more}" if hits else "Nobody found."
        )
        cases = results.open_cases
        self.open_case.setText(
            "OPEN CSC CASE: "
            + "; ".join(
                f"{h.name} on {h.reference} ({h.allocated_team or 'team not named'})" for h in cases
            )
            if cases
            else ""
        )
        if hits:
            self.table.selectRow(0)
            self.table.setFocus()

    def open_selected(self) -> QtWidgets.QDialog | None:
        hit = selected(self.table)
        if hit is None:
            self.note.setText("Select a result first.")
            return None
        return self._keep(open_read_only(self.session, hit.contact_id, self))

    def open_chronology(self) -> QtWidgets.QDialog | None:
        hit = selected(self.table)
        if hit is None:
            self.note.setText("Select a result first.")
            return None
        if not hit.is_child:
            self.note.setText("A chronology is kept for children: select a child.")
            return None
        from ui.contacts.chronology_view import ChronologyDialog

        try:
            dialog = ChronologyDialog(self.session, hit.subject_id, self)
        except ActionFailed:
            return None
        return self._keep(dialog)

    def _keep(self, dialog: QtWidgets.QDialog | None) -> QtWidgets.QDialog | None:
        if dialog is not None:
            self.opened.append(dialog)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(lambda _o=None, d=dialog: self._forget(d))
            dialog.show()
        return dialog

    def _forget(self, dialog: QtWidgets.QDialog) -> None:
        if dialog in self.opened:
            self.opened.remove(dialog)


def open_read_only(
    session: UiSession, contact_id: int, parent: QtWidgets.QWidget
) -> QtWidgets.QDialog | None:
    """An earlier contact, read-only (the view is audited by the contact service)."""
    from ui.contacts.read_only_view import ReadOnlyContactDialog

    try:
        return ReadOnlyContactDialog(session, contact_id, parent)
    except ActionFailed:
        return None
