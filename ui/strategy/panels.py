"""The tabs of a strategy discussion after its record: the action tracker (SD-6), the copies
sent within 48 hours (SD-4), outcome feedback (SD-8) and disagreements (SD-10)."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from mash_desktop.domain.clock import format_london, to_london
from mash_desktop.domain.strategy import AssessmentOutcome, CopyChannel
from mash_desktop.services.accounts import AgencyRow
from mash_desktop.services.strategy.actions import ActionRow, ActionTrackerService, CopyRow
from mash_desktop.services.strategy.followup import (
    EscalationRow,
    FollowUpService,
    OutcomeFeedbackRow,
)
from ui.kit.agency_words import agency_words
from ui.kit.field_errors import FieldErrors
from ui.kit.messages import confirm_in_status_bar
from ui.kit.qt import QtCore, QtWidgets
from ui.kit.session import ActionFailed, UiSession
from ui.kit.table_model import Column, RowTableModel, sortable_proxy
from ui.kit.tables import fill, fill_or_explain, require_selected
from ui.strategy.actions_view import ACTION_COLUMNS, action_table, record_feedback_on_selected

# The tracker inside one discussion does not repeat the discussion and child columns.
TRACKER_COLUMNS = [
    c
    for c in ACTION_COLUMNS
    if c.title not in ("Discussion", "Child", "Feed back to", "Conference due", "Assessment due")
]


def _copy_state(c: CopyRow) -> str:
    if c.review_note:
        return "\u26a0 CHECK: " + c.review_note
    if c.overdue:
        return "\u26a0 OVERDUE: not sent within 48 hours"
    if c.sent_at is None:
        return "Not sent yet"
    return "Sent late" if c.late else "Sent in time"


COPY_COLUMNS: list[Column[CopyRow]] = [
    Column("Agency", lambda c: c.agency_name),
    Column("State", _copy_state),
    Column("Due by", lambda c: format_london(c.due_at), lambda c: c.due_at.isoformat()),
    Column("Sent", lambda c: format_london(c.sent_at)),
    Column("How", lambda c: c.channel.label if c.channel else ""),
    Column("To (address or fax number)", lambda c: c.address),
    Column("Sent by", lambda c: c.sent_by),
]
OUTCOME_COLUMNS: list[Column[OutcomeFeedbackRow]] = [
    Column("Recorded", lambda f: format_london(f.recorded_at)),
    Column("Assessment outcome", lambda f: f.assessment_outcome.label),
    Column(
        "Conference", lambda f: f.conference_on.strftime("%d/%m/%Y") if f.conference_on else "-"
    ),
    Column("By", lambda f: f.recorded_by),
    Column("Note", lambda f: f.note),
    Column("Why late", lambda f: f.late_reason),
]
ESCALATION_COLUMNS: list[Column[EscalationRow]] = [
    Column("Raised", lambda e: format_london(e.raised_at)),
    Column("Agency", lambda e: agency_words(e.agency_code)),
    Column("By", lambda e: e.raised_by),
    Column("Disagreement", lambda e: e.disagreement, tooltip=lambda e: e.disagreement),
    Column("Escalation step", lambda e: e.escalation_step),
    Column("State", lambda e: "Resolved: " + e.resolution if e.resolved_at else "OPEN"),
]


def plain_table(
    model: RowTableModel[Any], parent: QtWidgets.QWidget, name: str
) -> QtWidgets.QTableView:
    table = QtWidgets.QTableView()
    table.setObjectName(name)
    table.setAccessibleName(name)
    table.setModel(sortable_proxy(model, parent))
    table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    return table


def _qdate_today(session: UiSession) -> QtCore.QDate:
    today = to_london(session.ctx.clock.now()).date()
    return QtCore.QDate(today.year, today.month, today.day)


class DiscussionPanel(QtWidgets.QWidget):
    """A tab of one strategy discussion's window: the session, the discussion, and the field
    errors of its forms."""

    def __init__(
        self, session: UiSession, discussion_id: int, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.discussion_id = discussion_id
        self.errors = FieldErrors()
        self.about = "this strategy discussion"  # the dialog names it once it has loaded it

    def set_about(self, reference: str, child_names: str) -> None:
        """Name the discussion as its confirmations say it: reference and child."""
        self.about = f"strategy discussion {reference} ({child_names})"

    def confirm(self, text: str) -> None:
        """Say in the main window's status bar what was just recorded (issue 13)."""
        confirm_in_status_bar(self, text)


class ActionsPanel(DiscussionPanel):
    """The action tracker of one discussion: add actions, partners' feedback (SD-6)."""

    def __init__(
        self,
        session: UiSession,
        discussion_id: int,
        agencies: list[AgencyRow],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(session, discussion_id, parent)
        self.service = ActionTrackerService(session.ctx)
        self.model: RowTableModel[ActionRow] = RowTableModel(TRACKER_COLUMNS, self)
        self.table = action_table(self.model, self)
        self.table.setObjectName("actionTrackerTable")
        self.table.setAccessibleName("Actions agreed at this discussion")
        self.description = QtWidgets.QLineEdit()
        self.description.setPlaceholderText("What is to be done")
        self.description.setAccessibleName("What is to be done")
        self.agency = QtWidgets.QComboBox()
        for a in agencies:
            if a.active:
                self.agency.addItem(a.name, a.code)
        self.person = QtWidgets.QLineEdit()
        self.person.setPlaceholderText("Who (name)")
        self.person.setAccessibleName("Who (name)")
        self.due = QtWidgets.QDateEdit(_qdate_today(session).addDays(2))
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("ddd dd/MM/yyyy")
        self.add_button = QtWidgets.QPushButton("&Add action")
        self.add_button.clicked.connect(self.add)
        feedback = QtWidgets.QPushButton("Record &feedback...")
        feedback.clicked.connect(self.feedback)
        self.allocated = QtWidgets.QLabel()
        self.allocated.setWordWrap(True)

        add_form = QtWidgets.QGridLayout()
        for col, (text, widget, key) in enumerate(
            (
                ("Acti&on", self.description, "description"),
                ("A&gency", self.agency, None),
                ("Pe&rson", self.person, "owner_person"),
                ("D&ue", self.due, "due_on"),
            )
        ):
            label = QtWidgets.QLabel(text)
            label.setBuddy(widget)
            add_form.addWidget(label, 0, col)
            add_form.addWidget(widget, 1, col)
            if key:
                add_form.addWidget(self.errors.label_for(key), 2, col)
        add_form.addWidget(self.add_button, 1, 4)
        add_form.setColumnStretch(0, 3)
        add_form.setColumnStretch(2, 2)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.allocated)
        layout.addWidget(self.errors.summary)
        layout.addWidget(self.table, 1)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(feedback)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(QtWidgets.QLabel("New action agreed at the discussion"))
        layout.addLayout(add_form)

    def set_can_add(self, can: bool) -> None:
        for w in (self.description, self.agency, self.person, self.due, self.add_button):
            w.setEnabled(can)

    def set_allocated(self, text: str, due_dates: str = "") -> None:
        self.allocated.setText(
            f"Partners feed back to the allocated social worker or team: {text or 'not named yet'}"
            + (f"\n{due_dates}" if due_dates else "")
        )

    def refresh(self) -> None:
        fill(self.table, self.session.fetch(self, self.service.actions_for, self.discussion_id))

    def add(self) -> None:
        qd = self.due.date()
        due = date(qd.year(), qd.month(), qd.day())
        with contextlib.suppress(ActionFailed):
            self.errors.call(
                self.session,
                self,
                self.service.add_action,
                self.session.actor,
                self.discussion_id,
                self.description.text(),
                self.agency.currentData(),
                self.person.text(),
                due,
            )
            self.confirm(
                f"Action added to {self.about}: {self.description.text().strip()[:60]} "
                f"({self.agency.currentText()}, due {due:%d/%m/%Y})."
            )
            self.description.clear()
            self.person.clear()
            self.description.setFocus()
            self.refresh()

    def feedback(self) -> None:
        if record_feedback_on_selected(self.session, self.table):
            self.refresh()


class CopiesPanel(DiscussionPanel):
    """Each agency involved gets the record within 48 hours; each sending is recorded (SD-4)."""

    def __init__(
        self, session: UiSession, discussion_id: int, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(session, discussion_id, parent)
        self.service = ActionTrackerService(session.ctx)
        self.model: RowTableModel[CopyRow] = RowTableModel(COPY_COLUMNS, self)
        self.table = plain_table(self.model, self, "copiesTable")
        self.channel = QtWidgets.QComboBox()
        for channel in CopyChannel:
            if channel.allowed:  # SD-16, SEC-5: never by post, no paper leaves the MASH
                self.channel.addItem(channel.label, channel.value)
        self.address = QtWidgets.QLineEdit()
        self.address.setPlaceholderText("Secure e-mail address or fax number used")
        self.address.setAccessibleName("Address or fax number the copy went to")
        self.mark = QtWidgets.QPushButton("&Mark selected as sent now")
        self.mark.clicked.connect(self.mark_sent)
        self.note = QtWidgets.QLabel(
            "The record goes to Police, Health and every agency involved within 48 hours of "
            "when the discussion was held, completed or not, by secure e-mail or fax. No "
            "paper leaves the MASH, so a copy cannot be sent by post."
        )
        self.note.setWordWrap(True)
        row = QtWidgets.QHBoxLayout()
        label = QtWidgets.QLabel("Sent &by")
        label.setBuddy(self.channel)
        row.addWidget(label)
        row.addWidget(self.channel)
        label = QtWidgets.QLabel("&To")
        label.setBuddy(self.address)
        row.addWidget(label)
        row.addWidget(self.address, 1)
        row.addWidget(self.mark)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.errors.summary)
        layout.addWidget(self.errors.label_for("address"))
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

    def set_can_send(self, can: bool) -> None:
        self.channel.setEnabled(can)
        self.address.setEnabled(can)
        self.mark.setEnabled(can)

    def refresh(self) -> None:
        fill(self.table, self.session.fetch(self, self.service.copies_for, self.discussion_id))

    def mark_sent(self) -> None:
        copy = require_selected(self.table, "the agency's copy")
        if copy is None:
            return
        with contextlib.suppress(ActionFailed):
            self.errors.call(
                self.session,
                self,
                self.service.record_copy_sent,
                self.session.actor,
                copy.id,
                CopyChannel(self.channel.currentData()),
                self.address.text(),
            )
            self.confirm(
                f"{copy.agency_name}'s copy of the record of {self.about} marked as sent "
                f"({self.channel.currentText()}, to {self.address.text().strip()})."
            )
            self.address.clear()
            self.session.changed.emit()
            self.refresh()  # on a refusal the selection and the typed address stay


class FollowUpPanel(DiscussionPanel):
    """The LA's outcome feedback (SD-8) and partners' disagreements (SD-10)."""

    def __init__(
        self, session: UiSession, discussion_id: int, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(session, discussion_id, parent)
        self.service = FollowUpService(session.ctx)
        self.outcomes: RowTableModel[OutcomeFeedbackRow] = RowTableModel(OUTCOME_COLUMNS, self)
        self.outcome_table = plain_table(self.outcomes, self, "outcomeTable")
        self.escalations: RowTableModel[EscalationRow] = RowTableModel(ESCALATION_COLUMNS, self)
        self.escalation_table = plain_table(self.escalations, self, "escalationTable")
        self.outcome_note = QtWidgets.QLabel()
        self.outcome_note.setWordWrap(True)

        self.assessment = QtWidgets.QComboBox()
        for outcome in AssessmentOutcome:
            self.assessment.addItem(outcome.label, outcome.value)
        self.has_conference = QtWidgets.QCheckBox("Conference &date")
        self.conference = QtWidgets.QDateEdit(_qdate_today(session).addDays(14))
        self.conference.setCalendarPopup(True)
        self.conference.setDisplayFormat("ddd dd/MM/yyyy")
        self.feedback_note = QtWidgets.QLineEdit()
        self.feedback_note.setAccessibleName("Note with the outcome")
        self.late_reason = QtWidgets.QLineEdit()
        self.late_reason.setPlaceholderText("Only if the conference is after its due date: why")
        self.late_reason.setAccessibleName("Why the conference is late")
        self.record_outcome_button = QtWidgets.QPushButton("Feed &back outcome to partners")
        self.record_outcome_button.clicked.connect(self.record_outcome)
        la_form = QtWidgets.QFormLayout()
        label = QtWidgets.QLabel("Assessment &outcome")
        label.setBuddy(self.assessment)
        la_form.addRow(label, self.assessment)
        conf = QtWidgets.QHBoxLayout()
        conf.addWidget(self.has_conference)
        conf.addWidget(self.conference)
        conf.addStretch(1)
        la_form.addRow(conf)
        la_form.addRow("", self.errors.label_for("conference_on"))
        la_form.addRow("Note", self.feedback_note)
        la_form.addRow("Conference &late because", self.late_reason)
        la_form.addRow("", self.errors.label_for("late_reason"))
        la_form.addRow(self.record_outcome_button)

        self.disagreement = QtWidgets.QPlainTextEdit()
        self.disagreement.setTabChangesFocus(True)
        self.disagreement.setFixedHeight(52)
        self.disagreement.setAccessibleName("What your agency disagrees with")
        self.step = QtWidgets.QLineEdit()
        self.step.setPlaceholderText("e.g. Stage 1: practitioner to team manager (LSCB policy)")
        self.step.setAccessibleName("Escalation step")
        self.raise_button = QtWidgets.QPushButton("Record &disagreement")
        self.raise_button.clicked.connect(self.raise_escalation)
        esc_form = QtWidgets.QFormLayout()
        label = QtWidgets.QLabel("What your agency &disagrees with")
        label.setBuddy(self.disagreement)
        esc_form.addRow(label, self.disagreement)
        esc_form.addRow("", self.errors.label_for("disagreement"))
        label = QtWidgets.QLabel("Escalation &step")
        label.setBuddy(self.step)
        esc_form.addRow(label, self.step)
        esc_form.addRow("", self.errors.label_for("escalation_step"))
        esc_form.addRow(self.raise_button)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.errors.summary)
        layout.addWidget(
            QtWidgets.QLabel(
                "Outcome fed back by the LA (seen by every partner invited, present or sent "
                "the record)"
            )
        )
        layout.addWidget(self.outcome_note)
        layout.addWidget(self.outcome_table, 1)
        self.la_box = QtWidgets.QGroupBox("LA: feed back the assessment outcome")
        self.la_box.setLayout(la_form)
        layout.addWidget(self.la_box)
        layout.addWidget(QtWidgets.QLabel("Disagreements and escalations (LSCB escalation policy)"))
        layout.addWidget(self.escalation_table, 1)
        self.esc_box = QtWidgets.QGroupBox("Partner: disagree with the outcome")
        self.esc_box.setLayout(esc_form)
        layout.addWidget(self.esc_box)

    def refresh(self) -> None:
        fill_or_explain(
            self.outcome_table,
            self.outcome_note,
            self.session.fetch_or_refusal(self, self.service.outcome_feedback, self.discussion_id),
        )
        rows = self.session.fetch(self, self.service.open_escalations)
        if rows is not None:
            fill(self.escalation_table, [e for e in rows if e.discussion_id == self.discussion_id])

    def record_outcome(self) -> None:
        conference = self.conference.date().toPython() if self.has_conference.isChecked() else None
        with contextlib.suppress(ActionFailed):
            self.errors.call(
                self.session,
                self,
                self.service.record_outcome,
                self.session.actor,
                self.discussion_id,
                AssessmentOutcome(self.assessment.currentData()),
                conference,
                self.feedback_note.text(),
                self.late_reason.text(),
            )
            when = f"conference date {conference:%d/%m/%Y}" if conference else "no conference"
            self.confirm(
                f"Assessment outcome for {self.about} fed back to partners: "
                f"{self.assessment.currentText()}, {when}."
            )
            self.feedback_note.clear()
            self.late_reason.clear()
            self.refresh()

    def raise_escalation(self) -> None:
        with contextlib.suppress(ActionFailed):
            self.errors.call(
                self.session,
                self,
                self.service.raise_escalation,
                self.session.actor,
                self.discussion_id,
                self.disagreement.toPlainText(),
                self.step.text(),
            )
            self.confirm(
                f"Disagreement recorded on {self.about}; escalation step: "
                f"{self.step.text().strip()}."
            )
            self.disagreement.clear()
            self.step.clear()
            self.refresh()
