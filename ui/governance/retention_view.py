"""Records due for destruction (ISP-9): the list, legal holds, and the two-person destruction
(one proposes, another approves). Each LA's schedule is shown and changed on the same page."""

from __future__ import annotations

import contextlib

from mash_desktop.domain.retention import Anchor, RecordKind
from mash_desktop.services.governance.destruction import DestructionService
from mash_desktop.services.governance.retention import HUB_WIDE, DueRow, RetentionService
from ui.kit.prompts import ask_text
from ui.kit.qt import QtWidgets
from ui.kit.session import ActionFailed, UiSession
from ui.kit.table_model import Column, RowTableModel, sortable_proxy


def _date(day: object) -> str:
    return day.strftime("%d/%m/%Y") if hasattr(day, "strftime") else ""


COLUMNS: list[Column[DueRow]] = [
    Column("Reference", lambda r: r.reference),
    Column("Local authority", lambda r: r.la_name),
    Column("Kind of record", lambda r: r.kind.label, tooltip=lambda r: r.rule),
    Column("Decided", lambda r: _date(r.decided_on), lambda r: r.decided_on),
    Column("Due for destruction", lambda r: _date(r.due_on), lambda r: r.due_on),
    Column("Legal hold", lambda r: "ON HOLD" if r.hold_id else ""),
    Column(
        "Destruction",
        lambda r: f"Proposed by {r.proposed_by}: awaiting a second person" if r.proposal_id else "",
    ),
]


class RetentionView(QtWidgets.QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.retention = RetentionService(session.ctx)
        self.destruction = DestructionService(session.ctx)
        self.model: RowTableModel[DueRow] = RowTableModel(COLUMNS, self)
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("dueTable")
        self.table.setAccessibleName("Records due for review or destruction")
        self.table.setModel(sortable_proxy(self.model, self))
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.within = QtWidgets.QSpinBox()
        self.within.setRange(0, 365)
        self.within.setSuffix(" days")
        self.within.setAccessibleName("Also show records due within this many days")
        self.within.setValue(0)
        self.within.valueChanged.connect(self.refresh)
        self.status = QtWidgets.QLabel()
        self.status.setWordWrap(True)

        buttons = QtWidgets.QHBoxLayout()
        for text, slot in (
            ("&Propose destruction...", self.propose),
            ("&Approve and destroy", self.approve),
            ("Re&fuse...", self.refuse),
            ("Place legal &hold...", self.place_hold),
            ("&Lift legal hold...", self.lift_hold),
        ):
            button = QtWidgets.QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        showing = QtWidgets.QHBoxLayout()
        showing.addWidget(QtWidgets.QLabel("Also show records due within"))
        showing.addWidget(self.within)
        showing.addStretch(1)

        self.la = QtWidgets.QComboBox()
        self.schedule = QtWidgets.QTableWidget(0, 2)
        self.schedule.setHorizontalHeaderLabels(["Kind of record", "Kept"])
        self.schedule.horizontalHeader().setStretchLastSection(True)
        self.schedule.verticalHeader().setVisible(False)
        self.schedule.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        change = QtWidgets.QPushButton("&Change the period...")
        change.clicked.connect(self.change_rule)
        self.la.currentIndexChanged.connect(self.show_schedule)
        schedule_box = QtWidgets.QGroupBox("Retention schedule")
        box = QtWidgets.QVBoxLayout(schedule_box)
        pick = QtWidgets.QHBoxLayout()
        pick.addWidget(QtWidgets.QLabel("Schedule of"))
        pick.addWidget(self.la, 1)
        pick.addWidget(change)
        box.addLayout(pick)
        box.addWidget(self.schedule)
        note = QtWidgets.QLabel(
            "Periods marked 'default' are placeholders until the LA confirms its own "
            "policy; they are not law."
        )
        note.setWordWrap(True)
        box.addWidget(note)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(
            QtWidgets.QLabel(
                "Records whose retention period has ended under their local authority's "
                "schedule. Destruction needs two people: one proposes, another approves."
            )
        )
        layout.addLayout(showing)
        layout.addWidget(self.table, 3)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(schedule_box, 2)
        self._fill_las()
        self.refresh()
        session.changed.connect(self._changed)  # any change in the session: show it

    def _changed(self) -> None:
        self.refresh()
        self.show_schedule()

    def _fill_las(self) -> None:
        from mash_desktop.services.accounts import AccountService

        with contextlib.suppress(ActionFailed):
            agencies = self.session.run(
                self, AccountService(self.session.ctx).list_agencies, self.session.actor
            )
            for agency in agencies:
                if agency.kind == "la_csc":
                    self.la.addItem(agency.name, agency.code)
            self.la.addItem("Contacts with no local authority (hub-wide)", HUB_WIDE)

    def refresh(self) -> None:
        with contextlib.suppress(ActionFailed):
            rows = self.session.run(
                self, self.retention.due, self.session.actor, within_days=self.within.value()
            )
            self.model.set_rows(rows)
            self.table.resizeColumnsToContents()
            held = sum(1 for r in rows if r.hold_id)
            waiting = sum(1 for r in rows if r.proposal_id)
            self.status.setText(
                f"{len(rows)} records due; {held} under a legal hold; "
                f"{waiting} proposed for destruction and awaiting approval."
            )

    def show_schedule(self) -> None:
        code = self.la.currentData()
        if not code:
            return
        with contextlib.suppress(ActionFailed):
            lines = self.session.run(self, self.retention.schedule, self.session.actor, code)
            self.schedule.setRowCount(len(lines))
            for n, line in enumerate(lines):
                kept = line.rule.describe() + (" (default)" if line.is_default else "")
                self.schedule.setItem(n, 0, QtWidgets.QTableWidgetItem(line.kind.label))
                self.schedule.setItem(n, 1, QtWidgets.QTableWidgetItem(kept))
            self.schedule.resizeColumnsToContents()

    def selected(self) -> DueRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.status.setText("Select a record in the list first.")
            return None
        proxy = self.table.model()
        return self.model.row_at(proxy.mapToSource(rows[0]).row())  # type: ignore[attr-defined]

    def _ask(self, title: str, label: str, text: str = "") -> str | None:
        return ask_text(self, title, label, text=text)

    def propose(self) -> None:
        row = self.selected()
        if row is None:
            return
        reason = self._ask(
            "Propose destruction",
            f"Why can {row.reference} be destroyed?",
            "Retention period ended",
        )
        if reason is not None:
            self.session.act_confirmed(
                self,
                f"Destruction of {row.reference} proposed: another person approves it.",
                self.destruction.propose,
                row.contact_id,
                reason,
            )

    def approve(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.proposal_id is None:
            self.status.setText(f"{row.reference} has not been proposed for destruction yet.")
            return
        confirm = QtWidgets.QMessageBox.question(
            self,
            "Destroy the record",
            f"Destroy {row.reference} now? Its personal data is removed from the hub for good; "
            "a tombstone stays in the audit trail.",
        )
        if confirm == QtWidgets.QMessageBox.StandardButton.Yes:
            done = self.session.act(self, self.destruction.approve, row.proposal_id)
            if done is not None:
                self.status.setText(f"{done.reference} was destroyed ({done.rows_removed} rows).")

    def refuse(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.proposal_id is None:
            self.status.setText(f"{row.reference} has no destruction to refuse.")
            return
        note = self._ask("Refuse destruction", f"Why keep {row.reference}?")
        if note is not None:
            self.session.act_confirmed(
                self,
                f"Destruction of {row.reference} refused: the record is kept.",
                self.destruction.refuse,
                row.proposal_id,
                note,
            )

    def place_hold(self) -> None:
        row = self.selected()
        if row is None:
            return
        reason = self._ask("Legal hold", f"What is {row.reference} held for?")
        if reason is not None:
            self.session.act_confirmed(
                self,
                f"Legal hold placed on {row.reference}.",
                self.destruction.place_hold,
                row.contact_id,
                reason,
            )

    def lift_hold(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.hold_id is None:
            self.status.setText(f"{row.reference} is not under a legal hold.")
            return
        reason = self._ask("Lift the legal hold", f"Why does the hold on {row.reference} end?")
        if reason is not None:
            self.session.act_confirmed(
                self,
                f"Legal hold on {row.reference} lifted.",
                self.destruction.lift_hold,
                row.hold_id,
                reason,
            )

    def change_rule(self) -> None:
        code = self.la.currentData()
        kinds = [k.label for k in RecordKind]
        kind_label, ok = QtWidgets.QInputDialog.getItem(
            self, "Change the period", "Kind of record", kinds, 0, False
        )
        if not ok:
            return
        anchors = ["Years after the decision", "Until the youngest child reaches an age"]
        anchor_label, ok = QtWidgets.QInputDialog.getItem(
            self, "Change the period", "Counted as", anchors, 0, False
        )
        if not ok:
            return
        years, ok = QtWidgets.QInputDialog.getInt(self, "Change the period", "Years", 6, 1, 120)
        if ok:
            kind = list(RecordKind)[kinds.index(kind_label)]
            anchor = Anchor.DECISION if anchor_label == anchors[0] else Anchor.BIRTH
            self.session.act_confirmed(
                self,
                f"Retention period for {kind.label.lower()} changed.",
                self.retention.set_rule,
                code,
                kind,
                anchor.value,
                years,
            )
