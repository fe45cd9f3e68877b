"""Security incidents (SEC-4): what happened, reported to the Management Board, and the
person suspended at once where needed (ISP-9.1.1)."""

from __future__ import annotations

import contextlib

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.plain_words import object_type_words
from mash_desktop.domain.roles import BOARD_REPORTERS, Role
from mash_desktop.domain.security_incidents import IncidentKind
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.incidents import IncidentRow, SecurityIncidentService
from ui.kit.agency_words import agency_words
from ui.kit.changes import refresh_on_change
from ui.kit.dialogs import GuardedForm
from ui.kit.prompts import ask_text
from ui.kit.qt import Qt, QtWidgets
from ui.kit.session import ActionFailed, UiSession
from ui.kit.table_model import Column, RowTableModel, sortable_proxy
from ui.kit.tables import selected_rows

COLUMNS: list[Column[IncidentRow]] = [
    Column("#", lambda r: str(r.id), lambda r: r.id, align_right=True),
    Column("When (UK time)", lambda r: format_london(r.occurred_at), lambda r: r.occurred_at),
    Column("Kind", lambda r: r.kind.label),
    Column("User", lambda r: r.username),
    Column("Agency", lambda r: agency_words(r.agency_code)),
    Column(
        "About",
        lambda r: r.about or f"{object_type_words(r.object_type)} {r.object_id}".strip(),
    ),
    Column(
        "Management Board",
        lambda r: (
            f"Reported {format_london(r.reported_to_board_at)}"
            if r.reported_to_board_at
            else "NOT YET REPORTED"
        ),
    ),
    Column("What happened", lambda r: r.summary, tooltip=lambda r: r.summary),
]


class ReportIncidentDialog(GuardedForm):
    what = "This incident report"

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record a security incident")
        self.kind = QtWidgets.QComboBox()
        for kind in IncidentKind:
            self.kind.addItem(kind.label, kind.value)
        self.summary = QtWidgets.QPlainTextEdit()
        self.summary.setTabChangesFocus(True)  # Tab moves on; it never traps the keyboard
        self.summary.setPlaceholderText(
            "What happened, when and where (no more personal data than needed)"
        )
        self.about = QtWidgets.QLineEdit()
        self.about.setPlaceholderText("e.g. a copy reference or contact reference (optional)")
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setVisible(False)
        form = QtWidgets.QFormLayout(self)
        form.addRow("&Kind of incident", self.kind)
        form.addRow("&What happened", self.summary)
        form.addRow("&About", self.about)
        form.addRow(self.error)
        self.watch(self.kind, self.summary, self.about)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class IncidentsView(QtWidgets.QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        refresh_on_change(self, session, self.refresh)
        self.service = SecurityIncidentService(session.ctx)
        self.model: RowTableModel[IncidentRow] = RowTableModel(COLUMNS, self)
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("incidentTable")
        self.table.setAccessibleName("Security incidents")
        self.table.setModel(sortable_proxy(self.model, self))
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.status = QtWidgets.QLabel()

        record_button = QtWidgets.QPushButton("&Record incident...")
        record_button.clicked.connect(self.record_incident)
        self.board_button = QtWidgets.QPushButton("Mark &reported to the Management Board")
        self.board_button.clicked.connect(self.mark_reported)
        self.suspend_button = QtWidgets.QPushButton("&Suspend the user now...")
        self.suspend_button.clicked.connect(self.suspend_user)
        role = session.actor.role
        self.board_button.setVisible(role in BOARD_REPORTERS)
        self.suspend_button.setVisible(role is Role.ADMINISTRATOR)
        refresh = QtWidgets.QPushButton("Re&fresh")
        refresh.clicked.connect(self.refresh)

        buttons = QtWidgets.QHBoxLayout()
        for button in (record_button, self.board_button, self.suspend_button, refresh):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        heading = QtWidgets.QLabel("Security incidents")
        heading.setObjectName("areaHeading")
        layout.addWidget(heading)
        intro = QtWidgets.QLabel(
            "Breaches of the Information Security Protocol, reported to the Management Board "
            "(sharing protocol, paragraph 8.1.2). Lock-outs and refused removals of paper are "
            "recorded here automatically."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.refresh()

    def refresh(self) -> None:
        rows = self.session.fetch(self, self.service.list)
        if rows is None:
            return
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        waiting = sum(1 for r in rows if r.reported_to_board_at is None)
        self.status.setText(
            f"{len(rows)} incidents; {waiting} not yet reported to the Management Board."
        )

    def selected(self) -> list[IncidentRow]:
        return selected_rows(self.table)

    def record_incident(self) -> ReportIncidentDialog:
        dialog = ReportIncidentDialog(self)
        dialog.accepted.connect(lambda: self._save_incident(dialog))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _save_incident(self, dialog: ReportIncidentDialog) -> None:
        self.session.act_confirmed(
            self,
            "Security incident recorded.",
            self.service.report,
            IncidentKind(dialog.kind.currentData()),
            dialog.summary.toPlainText(),
            "reference" if dialog.about.text().strip() else "",
            dialog.about.text().strip(),
        )
        self.refresh()

    def mark_reported(self) -> None:
        ids = [r.id for r in self.selected()]
        if not ids:
            self.status.setText("Select the incidents that went to the Management Board first.")
            return
        self.session.act_confirmed(
            self,
            f"{len(ids)} incident(s) marked as reported to the Management Board.",
            self.service.mark_reported_to_board,
            ids,
        )

    def suspend_user(self) -> None:
        rows = [r for r in self.selected() if r.user_id]
        if not rows:
            self.status.setText("Select an incident that names a user first.")
            return
        row = rows[0]
        reason = ask_text(
            self,
            "Suspend now",
            f"Suspend {row.username} pending investigation. Why?",
            text=f"Security incident {row.id}: {row.kind.label}",
        )
        if reason is not None:
            with contextlib.suppress(ActionFailed):
                self.session.run(
                    self,
                    AccountService(self.session.ctx).suspend,
                    self.session.actor,
                    row.user_id,
                    reason,
                )
                self.status.setText(f"{row.username} is suspended from now on.")
