"""The "Strategy discussions" area: the LA's list "from out of hours" (SD-9), the discussions
this user may see, copies overdue (SD-4) and open escalations (SD-10); new requests start
from a contact reference."""

from __future__ import annotations

import contextlib

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.roles import CHAIRS, OOH_LIST_READERS, Role
from mash_desktop.services.strategy.actions import ActionTrackerService, CopyRow
from mash_desktop.services.strategy.followup import EscalationRow, FollowUpService
from mash_desktop.services.strategy.service import DiscussionRow, StrategyService
from ui.kit.agency_words import agency_words
from ui.kit.changes import refresh_on_change
from ui.kit.prompts import ask_text
from ui.kit.qt import Qt, QtGui, QtWidgets
from ui.kit.session import ActionFailed, UiSession
from ui.kit.shortcuts import shortcut
from ui.kit.table_model import Column, RowTableModel
from ui.kit.tables import require_selected
from ui.strategy.dialog import StrategyDiscussionDialog
from ui.strategy.panels import ESCALATION_COLUMNS, plain_table
from ui.strategy.protocol_fields import clock_words
from ui.strategy.request import NewRequestDialog

DISCUSSION_COLUMNS: list[Column[DiscussionRow]] = [
    Column("Reference", lambda r: r.reference),
    Column("Child", lambda r: r.child_names),
    Column("Contact", lambda r: r.contact_reference),
    Column("LA", lambda r: agency_words(r.la_agency_code)),
    Column("Status", lambda r: r.status.label),
    Column("Mode", lambda r: r.mode.label + (" (OOH)" if r.out_of_hours else "")),
    Column(
        "Requested", lambda r: format_london(r.requested_at), lambda r: r.requested_at.isoformat()
    ),
    Column(
        "Held",
        lambda r: format_london(r.held_at),
        lambda r: r.held_at.isoformat() if r.held_at else "",
    ),
    # SD-15: the child's clocks, with "due soon" / "overdue" in words (not colour alone).
    Column(
        "Conference due",
        lambda r: clock_words(r.icpc_due, r.icpc_state),
        lambda r: r.icpc_due.isoformat() if r.icpc_due else "",
    ),
    Column(
        "Assessment due",
        lambda r: clock_words(r.assessment_due, r.assessment_state),
        lambda r: r.assessment_due.isoformat(),
    ),
]
OVERDUE_COPY_COLUMNS: list[Column[CopyRow]] = [
    Column("Discussion", lambda c: c.discussion_reference),
    Column("Agency", lambda c: c.agency_name),
    Column("Due by", lambda c: "\u26a0 " + format_london(c.due_at)),
]
AREA_ESCALATION_COLUMNS: list[Column[EscalationRow]] = [
    Column("Discussion", lambda e: e.discussion_reference),
    *ESCALATION_COLUMNS,
]


class StrategyArea(QtWidgets.QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        refresh_on_change(self, session, self.refresh)
        self.service = StrategyService(session.ctx)
        role = session.actor.role
        heading = QtWidgets.QLabel("Strategy discussions")
        heading.setObjectName("areaHeading")

        self.ooh: RowTableModel[DiscussionRow] = RowTableModel(DISCUSSION_COLUMNS, self)
        self.ooh_table = plain_table(self.ooh, self, "oohTable")
        self.ooh_table.doubleClicked.connect(
            lambda _i: self.open_selected(self.ooh_table, self.ooh)
        )
        self.discussions: RowTableModel[DiscussionRow] = RowTableModel(DISCUSSION_COLUMNS, self)
        self.table = plain_table(self.discussions, self, "discussionTable")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(6, Qt.SortOrder.DescendingOrder)  # newest request first
        self.table.doubleClicked.connect(
            lambda _i: self.open_selected(self.table, self.discussions)
        )
        self.copies: RowTableModel[CopyRow] = RowTableModel(OVERDUE_COPY_COLUMNS, self)
        self.copies_table = plain_table(self.copies, self, "overdueCopiesTable")
        self.escalations: RowTableModel[EscalationRow] = RowTableModel(
            AREA_ESCALATION_COLUMNS, self
        )
        self.escalations_table = plain_table(self.escalations, self, "openEscalationsTable")

        self.show_ooh = role in OOH_LIST_READERS
        self.show_copies = role in (
            Role.LA_MANAGER,
            Role.OOH_MANAGER,
            Role.MASH_MANAGER,
            Role.AUDITOR,
        )
        new = QtWidgets.QPushButton("&New strategy request... (Ctrl+N)")
        new.clicked.connect(lambda: self.new_request())
        new.setEnabled(role in CHAIRS)
        shortcut(QtGui.QKeySequence.StandardKey.New, self, self.new_request)
        open_button = QtWidgets.QPushButton("&Open selected")
        open_button.clicked.connect(lambda: self.open_selected(self.table, self.discussions))
        self.ack_button = QtWidgets.QPushButton("Ac&knowledge out-of-hours record")
        self.ack_button.clicked.connect(self.acknowledge)
        self.ack_button.setVisible(role is Role.LA_MANAGER)
        refresh = QtWidgets.QPushButton("&Refresh (F5)")
        refresh.clicked.connect(self.refresh)
        shortcut("F5", self, self.refresh)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(heading)
        top = QtWidgets.QHBoxLayout()
        for b in (new, open_button, refresh):
            top.addWidget(b)
        top.addStretch(1)
        layout.addLayout(top)
        self.ooh_label = QtWidgets.QLabel("From out of hours (until acknowledged)")
        self.ooh_label.setObjectName("sectionHeading")
        layout.addWidget(self.ooh_label)
        layout.addWidget(self.ooh_table, 1)
        ack_row = QtWidgets.QHBoxLayout()
        ack_row.addWidget(self.ack_button)
        ack_row.addStretch(1)
        layout.addLayout(ack_row)
        for w in (self.ooh_label, self.ooh_table):
            w.setVisible(self.show_ooh)
        layout.addWidget(QtWidgets.QLabel("Discussions"))
        layout.addWidget(self.table, 3)
        lower = QtWidgets.QHBoxLayout()
        copies_box = QtWidgets.QVBoxLayout()
        self.copies_label = QtWidgets.QLabel("Copies not sent within 48 hours")
        copies_box.addWidget(self.copies_label)
        copies_box.addWidget(self.copies_table)
        self.copies_label.setVisible(self.show_copies)
        self.copies_table.setVisible(self.show_copies)
        esc_box = QtWidgets.QVBoxLayout()
        esc_box.addWidget(QtWidgets.QLabel("Open disagreements and escalations"))
        esc_box.addWidget(self.escalations_table)
        self.resolve_button = QtWidgets.QPushButton("Re&solve selected escalation...")
        self.resolve_button.clicked.connect(self.resolve_escalation)
        self.resolve_button.setVisible(role in OOH_LIST_READERS)
        resolve_row = QtWidgets.QHBoxLayout()
        resolve_row.addWidget(self.resolve_button)
        resolve_row.addStretch(1)
        esc_box.addLayout(resolve_row)
        lower.addLayout(copies_box, 1)
        lower.addLayout(esc_box, 2)
        layout.addLayout(lower, 1)
        self.refresh()

    def refresh(self) -> None:
        actor = self.session.actor
        with contextlib.suppress(ActionFailed):
            if self.show_ooh:
                self.ooh.set_rows(self.session.run(self, self.service.from_out_of_hours, actor))
                self.ooh_label.setText(
                    f"From out of hours (until acknowledged): {self.ooh.rowCount()}"
                )
            self.discussions.set_rows(self.session.run(self, self.service.discussions, actor))
            if self.show_copies:
                self.copies.set_rows(
                    self.session.run(
                        self, ActionTrackerService(self.session.ctx).overdue_copies, actor
                    )
                )
            self.escalations.set_rows(
                self.session.run(self, FollowUpService(self.session.ctx).open_escalations, actor)
            )
            for table in (self.ooh_table, self.table, self.copies_table, self.escalations_table):
                table.resizeColumnsToContents()

    def open_selected(
        self, table: QtWidgets.QTableView, model: RowTableModel[DiscussionRow]
    ) -> None:
        row = require_selected(table, "a discussion")
        if row is None:
            return
        self.open_discussion(row.id)

    def open_discussion(self, discussion_id: int) -> StrategyDiscussionDialog | None:
        try:
            dialog = StrategyDiscussionDialog(self.session, discussion_id, self)
        except ActionFailed:
            return None
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def new_request(self, contact_reference: str = "") -> NewRequestDialog:
        dialog = NewRequestDialog(self.session, contact_reference, self)

        def done(result: int) -> None:
            if result and dialog.result_view is not None:
                self.refresh()
                self.open_discussion(dialog.result_view.id)

        dialog.finished.connect(done)
        dialog.open()
        return dialog

    def resolve_escalation(self, resolution: str | None = None) -> None:
        """Record how a partner's disagreement was resolved (SD-10)."""
        escalation = require_selected(self.escalations_table, "an escalation")
        if escalation is None:
            return
        if resolution is None:
            resolution = ask_text(
                self,
                "Resolve escalation",
                f"How was the disagreement of {agency_words(escalation.agency_code)} on "
                f"{escalation.discussion_reference} resolved?",
                multiline=True,
            )
            if resolution is None:
                return
        self.session.act(
            self, FollowUpService(self.session.ctx).resolve_escalation, escalation.id, resolution
        )

    def acknowledge(self) -> None:
        row = require_selected(self.ooh_table, "an out-of-hours record")
        if row is None:
            return
        self.session.act(self, self.service.acknowledge_ooh, row.id)
