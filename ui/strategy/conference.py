"""Conference requests on one strategy discussion (SD-18): a partner asks children's social
care to convene a child protection conference, and the child's LA answers, with its reason;
who asked, who answered and when are shown."""

from __future__ import annotations

import contextlib

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.roles import Role
from mash_desktop.services.strategy.conference import (
    ConferenceAnswer,
    ConferenceRequestRow,
    ConferenceRequestService,
)
from mash_desktop.services.strategy.service import DiscussionView
from ui.kit.agency_words import agency_words
from ui.kit.qt import QtWidgets
from ui.kit.session import ActionFailed, UiSession
from ui.kit.table_model import Column, RowTableModel
from ui.kit.tables import fill_or_explain
from ui.strategy.panels import DiscussionPanel, plain_table

REQUEST_COLUMNS: list[Column[ConferenceRequestRow]] = [
    Column("Asked", lambda r: format_london(r.requested_at)),
    Column("By", lambda r: f"{r.requested_by} ({agency_words(r.agency_code)})"),
    Column("Concern", lambda r: r.concern, tooltip=lambda r: r.concern),
    Column("Answer", lambda r: r.answer.label if r.answer else "Awaiting the LA's answer"),
    Column("Reason", lambda r: r.answer_note),
    Column(
        "Answered by",
        lambda r: f"{r.answered_by}, {format_london(r.answered_at)}" if r.answered_at else "",
    ),
]


class ConferencePanel(DiscussionPanel):
    def __init__(
        self, session: UiSession, discussion_id: int, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(session, discussion_id, parent)
        self.service = ConferenceRequestService(session.ctx)
        self.model: RowTableModel[ConferenceRequestRow] = RowTableModel(REQUEST_COLUMNS, self)
        self.table = plain_table(self.model, self, "conferenceRequestTable")
        self.note = QtWidgets.QLabel()
        self.note.setWordWrap(True)

        self.concern = QtWidgets.QLineEdit()
        self.concern.setPlaceholderText("Why the child's welfare may not be adequately safeguarded")
        self.concern.setAccessibleName("Why a conference is asked for")
        self.ask_button = QtWidgets.QPushButton("As&k CSC to convene a conference")
        self.ask_button.clicked.connect(self.ask)
        self.ask_box = QtWidgets.QGroupBox(
            "Partner: ask children's social care to convene a child protection conference"
        )
        ask = QtWidgets.QFormLayout(self.ask_box)
        ask.addRow("&Concern", self.concern)
        ask.addRow("", self.errors.label_for("concern"))
        ask.addRow(self.ask_button)

        self.answer = QtWidgets.QComboBox()
        for a in ConferenceAnswer:
            self.answer.addItem(a.label, a.value)
        self.answer_note = QtWidgets.QLineEdit()
        self.answer_note.setPlaceholderText("The reason for the answer")
        self.answer_note.setAccessibleName("The reason for the answer")
        self.answer_button = QtWidgets.QPushButton("Record the &answer to the selected request")
        self.answer_button.clicked.connect(self.record_answer)
        self.answer_box = QtWidgets.QGroupBox("LA: answer a request")
        answer = QtWidgets.QFormLayout(self.answer_box)
        answer.addRow("A&nswer", self.answer)
        answer.addRow("&Reason", self.answer_note)
        answer.addRow("", self.errors.label_for("answer_note"))
        answer.addRow(self.answer_button)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(
            QtWidgets.QLabel(
                "Partners involved may ask children's social care to convene a conference "
                "(Working Together 2015); the request and the answer are kept here."
            )
        )
        layout.addWidget(self.errors.summary)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.ask_box)
        layout.addWidget(self.answer_box)

    def show_for(self, view: DiscussionView) -> None:
        actor = self.session.actor
        own_la = actor.agency_code == view.la_agency_code
        self.answer_box.setVisible(actor.role is Role.LA_MANAGER and own_la)
        self.ask_box.setVisible(not own_la and actor.role is not Role.AUDITOR)
        self.refresh()

    def refresh(self) -> None:
        fill_or_explain(
            self.table,
            self.note,
            self.session.fetch_or_refusal(self, self.service.requests_for, self.discussion_id),
        )

    def ask(self) -> None:
        with contextlib.suppress(ActionFailed):
            self.errors.call(
                self.session,
                self,
                self.service.request,
                self.session.actor,
                self.discussion_id,
                self.concern.text(),
            )
            self.confirm(
                f"Conference request recorded on {self.about}; children's social care will answer it."
            )
            self.concern.clear()
            self.refresh()

    def record_answer(self) -> None:
        selected = self.table.selectionModel().selectedRows()
        if not selected:
            QtWidgets.QMessageBox.information(self, "Conference requests", "Select a request.")
            return
        row = self.model.row_at(self.table.model().mapToSource(selected[0]).row())  # type: ignore[attr-defined]
        with contextlib.suppress(ActionFailed):
            self.errors.call(
                self.session,
                self,
                self.service.answer,
                self.session.actor,
                row.id,
                ConferenceAnswer(self.answer.currentData()),
                self.answer_note.text(),
            )
            self.confirm(
                f"Answer to {row.requested_by}'s conference request on {self.about} "
                f"recorded: {self.answer.currentText()}."
            )
            self.answer_note.clear()
            self.refresh()
