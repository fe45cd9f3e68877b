"""Actions due across every strategy discussion (SD-6, SD-7): overdue ones first, with the
conference and assessment due dates, and partners' feedback against their own actions."""

from __future__ import annotations

from mash_desktop.domain.strategy import ActionStatus
from mash_desktop.services.strategy.actions import ActionRow, ActionTrackerService
from ui.kit.agency_words import agency_words
from ui.kit.changes import refresh_on_change
from ui.kit.dialogs import GuardedForm
from ui.kit.field_errors import FieldErrors
from ui.kit.messages import confirm_in_status_bar
from ui.kit.qt import Qt, QtWidgets
from ui.kit.session import ActionFailed, UiSession
from ui.kit.shortcuts import shortcut
from ui.kit.table_model import Column, RowTableModel, sortable_proxy
from ui.kit.tables import require_selected


def _date(value) -> str:  # type: ignore[no-untyped-def]
    return value.strftime("%a %d/%m/%Y") if value else "-"


def _state(row: ActionRow) -> str:
    if row.overdue:
        return f"\u26a0 OVERDUE ({row.status.label})"
    return row.status.label


ACTION_COLUMNS: list[Column[ActionRow]] = [
    # Sorting on the first column keeps the service's order: overdue first, then by due date.
    Column("State", _state, lambda r: f"{0 if r.overdue else 1}{r.due_on.isoformat()}{r.id:09d}"),
    Column("Due", lambda r: _date(r.due_on), lambda r: r.due_on.isoformat()),
    Column("Action", lambda r: r.description, tooltip=lambda r: r.description),
    Column("Agency", lambda r: agency_words(r.owner_agency_code)),
    Column("Person", lambda r: r.owner_person),
    Column("Discussion", lambda r: r.discussion_reference),
    Column("Child", lambda r: r.child_names),
    Column(
        "Conference due",
        lambda r: _date(r.icpc_due),
        lambda r: r.icpc_due.isoformat() if r.icpc_due else "9999",
    ),
    Column(
        "Assessment due", lambda r: _date(r.assessment_due), lambda r: r.assessment_due.isoformat()
    ),
    Column("Feed back to", lambda r: r.allocated),
    Column("Last feedback", lambda r: r.last_feedback, tooltip=lambda r: r.last_feedback),
]


class FeedbackDialog(GuardedForm):
    """A partner records feedback against its action, and its new status."""

    def __init__(
        self, session: UiSession, action: ActionRow, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.action = action
        self.updated: ActionRow | None = None
        self.setWindowTitle(f"Feedback on action: {action.description[:60]}")
        self.errors = FieldErrors()
        self.note = QtWidgets.QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.status = QtWidgets.QComboBox()
        for status in ActionStatus:
            self.status.addItem(status.label, status.value)
        self.status.setCurrentIndex(list(ActionStatus).index(action.status))
        form = QtWidgets.QFormLayout(self)
        form.addRow(self.errors.summary)
        form.addRow(
            "Action",
            QtWidgets.QLabel(
                f"{action.description} ({agency_words(action.owner_agency_code)}, due {_date(action.due_on)})"
            ),
        )
        label = QtWidgets.QLabel("&Feedback")
        label.setBuddy(self.note)
        form.addRow(label, self.note)
        form.addRow("", self.errors.label_for("note"))
        status_label = QtWidgets.QLabel("&Status now")
        status_label.setBuddy(self.status)
        form.addRow(status_label, self.status)
        self.watch(self.note, self.status)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    what = "This feedback"

    def save_and_close(self) -> None:
        self.submit()

    def submit(self) -> None:
        service = ActionTrackerService(self.session.ctx)
        try:
            self.updated = self.errors.call(
                self.session,
                self,
                service.record_feedback,
                self.session.actor,
                self.action.id,
                self.note.toPlainText(),
                ActionStatus(self.status.currentData()),
            )
        except ActionFailed:
            return
        confirm_in_status_bar(
            self, f"Feedback on the action saved: {self.action.description[:60]}."
        )
        self.accept()


def action_table(
    model: RowTableModel[ActionRow], parent: QtWidgets.QWidget
) -> QtWidgets.QTableView:
    table = QtWidgets.QTableView()
    proxy = sortable_proxy(model, parent)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    return table


def record_feedback_on_selected(session: UiSession, table: QtWidgets.QTableView) -> bool:
    """Open the feedback dialog on the table's selected action; True when feedback was saved."""
    row = require_selected(table, "an action")
    if row is None:
        return False
    dialog = FeedbackDialog(session, row, table.window())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # exec() deletes it on return
    return bool(dialog.exec())


class ActionsDueView(QtWidgets.QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        refresh_on_change(self, session, self.refresh)
        self.service = ActionTrackerService(session.ctx)
        self.model: RowTableModel[ActionRow] = RowTableModel(ACTION_COLUMNS, self)
        self.table = action_table(self.model, self)
        self.table.setObjectName("actionsDueTable")
        self.table.setAccessibleName("Actions due, overdue first")
        self.table.doubleClicked.connect(lambda _i: self.feedback())
        heading = QtWidgets.QLabel("Actions due")
        heading.setObjectName("areaHeading")
        self.summary = QtWidgets.QLabel()
        self.summary.setObjectName("actionsSummary")
        self.show_closed = QtWidgets.QCheckBox("Show &done and cancelled")
        self.show_closed.toggled.connect(self.refresh)
        feedback = QtWidgets.QPushButton("Record &feedback...")
        feedback.clicked.connect(self.feedback)
        refresh = QtWidgets.QPushButton("&Refresh (F5)")
        refresh.clicked.connect(self.refresh)
        shortcut("F5", self, self.refresh)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(feedback)
        buttons.addWidget(refresh)
        buttons.addWidget(self.show_closed)
        buttons.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(
            QtWidgets.QLabel(
                "Strategy discussion actions across all discussions you can see. Overdue "
                "actions come first and are marked \u26a0 OVERDUE."
            )
        )
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        rows = self.session.fetch(self, self.service.actions_due, self.show_closed.isChecked())
        if rows is None:
            return
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        overdue = sum(r.overdue for r in rows)
        self.summary.setText(f"{len(rows)} actions, {overdue} overdue.")

    def feedback(self) -> None:
        if record_feedback_on_selected(self.session, self.table):
            self.refresh()
