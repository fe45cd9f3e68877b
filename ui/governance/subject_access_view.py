"""Subject access (ISP-7) and a person's objection or restriction (ISP-14): find the person,
open a request (the statutory clock starts), list the partner's requests with their clocks,
and review one (``sar_review``)."""

from __future__ import annotations

import contextlib
from datetime import date, datetime

from mash_desktop.domain.subject_access import RightKind
from mash_desktop.services.rights.person import PersonRightsService
from mash_desktop.services.rights.rows import PersonFound, SarRow
from mash_desktop.services.rights.subject_access import SubjectAccessService
from ui.kit.dialogs import GuardedForm
from ui.kit.messages import confirm_in_status_bar, notify
from ui.kit.qt import QtCore, QtWidgets
from ui.kit.session import ActionFailed, UiSession
from ui.kit.tables import fill_texts, text_table

MARK_STYLE = "color: #8b0000; font-weight: bold;"


def _pydate(edit: QtWidgets.QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class SubjectAccessView(QtWidgets.QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.service = SubjectAccessService(session.ctx)
        self.people: list[PersonFound] = []
        self.requests: list[SarRow] = []
        today = session.ctx.clock.now().date()
        self.name = QtWidgets.QLineEdit()
        self.name.setPlaceholderText("First name and surname")
        self.name.setAccessibleName("Person's name")
        self.dob = QtWidgets.QLineEdit()
        self.dob.setPlaceholderText("dd/mm/yyyy")
        self.dob.setAccessibleName("Date of birth")
        self.nhs = QtWidgets.QLineEdit()
        self.nhs.setAccessibleName("NHS number")
        self.find_button = QtWidgets.QPushButton("&Find the person")
        self.find_button.clicked.connect(self.find_people)
        self.name.returnPressed.connect(self.find_people)
        search = QtWidgets.QHBoxLayout()
        for label, widget in (("Name", self.name), ("Born", self.dob), ("NHS number", self.nhs)):
            search.addWidget(QtWidgets.QLabel(label))
            search.addWidget(widget)
        search.addWidget(self.find_button)
        self.results = text_table(
            ["Name", "Born", "Contact", "Received", "Objection / restriction"]
        )
        self.results.setAccessibleName("People found")
        self.requester = QtWidgets.QLineEdit()
        self.requester.setAccessibleName("Who asked")
        self.requester.setPlaceholderText("Who asked (the person, a parent, a solicitor...)")
        self.received = QtWidgets.QDateEdit(QtCore.QDate(today.year, today.month, today.day))
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat("dd/MM/yyyy")
        self.received.setAccessibleName("Request received on")
        self.open_button = QtWidgets.QPushButton("&Open a subject access request")
        self.open_button.clicked.connect(self.open_request)
        self.right_button = QtWidgets.QPushButton("Record an ob&jection or restriction...")
        self.right_button.clicked.connect(self.record_right)
        opening = QtWidgets.QHBoxLayout()
        opening.addWidget(QtWidgets.QLabel("Asked for by"))
        opening.addWidget(self.requester, 1)
        opening.addWidget(QtWidgets.QLabel("Received"))
        opening.addWidget(self.received)
        opening.addWidget(self.open_button)
        opening.addWidget(self.right_button)
        self.list = text_table(
            ["Request", "Person", "Asked for by", "Received", "Statutory clock", "Items", "Marks"],
            select_rows=True,
        )
        self.list.setAccessibleName("Subject access requests")
        self.list.doubleClicked.connect(self.review)
        self.review_button = QtWidgets.QPushButton("&Review the request...")
        self.review_button.clicked.connect(self.review)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(QtWidgets.QLabel("<b>Find the person</b>"))
        layout.addLayout(search)
        layout.addWidget(self.results, 2)
        layout.addLayout(opening)
        layout.addWidget(QtWidgets.QLabel("<b>Subject access requests to your organisation</b>"))
        layout.addWidget(self.list, 3)
        bottom = QtWidgets.QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.review_button)
        layout.addLayout(bottom)
        self.refresh()

    def refresh(self) -> None:
        with contextlib.suppress(ActionFailed):
            self.requests = self.session.run(self, self.service.list_requests, self.session.actor)
            fill_texts(
                self.list,
                [
                    (
                        r.reference,
                        r.person_name,
                        r.requester,
                        r.received_on.strftime("%d/%m/%Y"),
                        r.clock_text,
                        f"{r.items - r.pending} of {r.items} reviewed",
                        r.marker,
                    )
                    for r in self.requests
                ],
            )

    def find_people(self) -> None:
        dob: date | None = None
        if self.dob.text().strip():
            try:
                dob = datetime.strptime(self.dob.text().strip(), "%d/%m/%Y").date()
            except ValueError:
                notify(self, "Find the person", "Type the date of birth as dd/mm/yyyy.")
                return
        with contextlib.suppress(ActionFailed):
            self.people = self.session.run(
                self,
                self.service.find_people,
                self.session.actor,
                self.name.text(),
                dob,
                self.nhs.text(),
            )
            fill_texts(
                self.results,
                [
                    (
                        p.name,
                        p.dob_text,
                        p.contact_reference,
                        p.received_on.strftime("%d/%m/%Y"),
                        p.marker,
                    )
                    for p in self.people
                ],
            )
            if not self.people:
                notify(self, "Find the person", "Nobody of that name or number was found.")

    def _person(self) -> PersonFound | None:
        row = self.results.currentRow()
        if not 0 <= row < len(self.people):
            notify(self, "Subject access", "Find the person and choose their record first.")
            return None
        return self.people[row]

    def open_request(self) -> None:
        person = self._person()
        if person is None:
            return
        with contextlib.suppress(ActionFailed):
            request_id = self.session.run(
                self,
                self.service.open_request,
                self.session.actor,
                person.subject_id,
                self.requester.text(),
                _pydate(self.received),
            )
            self.refresh()
            index = next(n for n, r in enumerate(self.requests) if r.id == request_id)
            self.list.selectRow(index)
            confirm_in_status_bar(
                self, f"Subject access request {self.requests[index].reference} opened."
            )

    def record_right(self) -> None:
        person = self._person()
        if person is None:
            return
        dialog = RightDialog(self.session, person, self)
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            self.find_people()
            self.refresh()

    def review(self) -> None:
        from ui.governance.sar_review import SarReviewDialog

        row = self.list.currentRow()
        if not 0 <= row < len(self.requests):
            notify(self, "Subject access", "Choose a request first.")
            return
        with contextlib.suppress(ActionFailed):
            dialog = SarReviewDialog(self.session, self.requests[row].id, self)
            dialog.exec()
        self.refresh()


class RightDialog(GuardedForm):
    """Record an objection to processing or a restriction against the person (ISP-14)."""

    what = "This objection or restriction"

    def __init__(self, session: UiSession, person: PersonFound, parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.person = person
        self.setWindowTitle("Objection or restriction")
        today = session.ctx.clock.now().date()
        self.kind = QtWidgets.QComboBox()
        for kind in RightKind:
            self.kind.addItem(kind.label, kind)
        self.received = QtWidgets.QDateEdit(QtCore.QDate(today.year, today.month, today.day))
        self.received.setDisplayFormat("dd/MM/yyyy")
        self.detail = QtWidgets.QPlainTextEdit()
        self.detail.setTabChangesFocus(True)
        self.detail.setAccessibleName("What the person objects to, or what the restriction allows")
        self.error = QtWidgets.QLabel("")
        self.error.setStyleSheet(MARK_STYLE)
        self.error.setWordWrap(True)
        form = QtWidgets.QFormLayout()
        form.addRow("Person", QtWidgets.QLabel(f"{person.name}, born {person.dob_text}"))
        form.addRow("&Kind", self.kind)
        form.addRow("&Received on", self.received)
        form.addRow("&What it covers", self.detail)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.watch(self.kind, self.received, self.detail)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Save, or stay open saying why."""
        from mash_desktop.domain.errors import ValidationError

        try:
            PersonRightsService(self.session.ctx).record_right(
                self.session.actor,
                self.person.subject_id,
                RightKind(self.kind.currentData()),
                _pydate(self.received),
                self.detail.toPlainText(),
            )
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        confirm_in_status_bar(
            self.parentWidget() or self, "Recorded against the person; shown wherever they appear."
        )
        self.discard_changes()  # saved: nothing left unsaved
        super().accept()
